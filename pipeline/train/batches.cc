#define TORCH_ASSERT_ONLY_METHOD_OPERATORS  // no header with every operator (ARCHITECTURE.md)
#include "pipeline/train/batches.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/randperm.h>

#include <cstring>
#include <random>

namespace lambdabeta::train {

uint64_t StreamSeed(uint64_t seed, int phase, Stream stream, int64_t index) {
  const uint64_t i = static_cast<uint64_t>(index);
  std::seed_seq mix{static_cast<uint32_t>(seed),  static_cast<uint32_t>(seed >> 32),
                    static_cast<uint32_t>(phase), static_cast<uint32_t>(stream),
                    static_cast<uint32_t>(i),     static_cast<uint32_t>(i >> 32)};
  uint32_t words[2];
  mix.generate(words, words + 2);
  return (static_cast<uint64_t>(words[0]) << 32) | words[1];
}

at::Tensor MemberImageBatch(const data::Dataset& dataset,
                            const std::vector<std::vector<int64_t>>& indices, at::Device device) {
  TORCH_CHECK(!indices.empty(), "no members to batch");
  const int64_t members = static_cast<int64_t>(indices.size());
  const int64_t batch = static_cast<int64_t>(indices[0].size());
  const int64_t bytes = dataset.image_bytes();
  TORCH_CHECK(static_cast<int64_t>(dataset.images.size()) == dataset.num_images * bytes,
              "dataset '", dataset.name, "' holds ", dataset.images.size(), " bytes, not ",
              dataset.num_images, " images of ", bytes);
  // uint8 [B, K, H, W, C]: one copy per image, converted to float only after the transfer.
  at::Tensor raw =
      at::empty({batch, members, dataset.height, dataset.width, dataset.channels}, at::kByte);
  uint8_t* out = raw.data_ptr<uint8_t>();
  for (int64_t k = 0; k < members; ++k) {
    TORCH_CHECK(static_cast<int64_t>(indices[k].size()) == batch, "member ", k, " has ",
                indices[k].size(), " images, member 0 has ", batch);
    for (int64_t b = 0; b < batch; ++b) {
      const int64_t i = indices[k][b];
      TORCH_CHECK(i >= 0 && i < dataset.num_images, "image index ", i, " outside dataset '",
                  dataset.name, "' of ", dataset.num_images, " images");
      std::memcpy(out + (b * members + k) * bytes, dataset.image(i), bytes);
    }
  }
  return raw.to(device)
      .to(at::kFloat)
      .mul_(dataset.pixel_scale)
      .permute({0, 1, 4, 2, 3})
      .reshape({batch, members * dataset.channels, dataset.height, dataset.width});
}

at::Tensor ImageBatch(const data::Dataset& dataset, const std::vector<int64_t>& indices,
                      at::Device device) {
  return MemberImageBatch(dataset, {indices}, device);
}

BatchOrder::BatchOrder(int64_t num_images, int batch_size, int phase)
    : num_images_(num_images), batch_size_(batch_size), phase_(phase) {
  TORCH_CHECK(num_images > 0 && batch_size > 0, "BatchOrder needs images and a batch size");
}

const at::Tensor& BatchOrder::Permutation(uint64_t seed, int64_t epoch) {
  const auto key = std::make_pair(seed, epoch);
  auto it = cache_.find(key);
  if (it != cache_.end()) return it->second;
  // Keep this seed's current epoch only (the one before is done once a new one is needed).
  for (auto old = cache_.begin(); old != cache_.end();) {
    old = (old->first.first == seed && old->first.second < epoch - 1) ? cache_.erase(old)
                                                                      : std::next(old);
  }
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(
      StreamSeed(seed, phase_, Stream::kBatchOrder, epoch));
  return cache_.emplace(key, at::randperm(num_images_, generator, at::kLong)).first->second;
}

std::vector<int64_t> BatchOrder::Indices(uint64_t seed, int64_t step) {
  std::vector<int64_t> indices;
  indices.reserve(batch_size_);
  for (int64_t position = step * batch_size_; position < (step + 1) * batch_size_; ++position) {
    const at::Tensor& order = Permutation(seed, position / num_images_);
    indices.push_back(order.data_ptr<int64_t>()[position % num_images_]);
  }
  return indices;
}

at::Tensor StepNoise(uint64_t seed, int phase, int64_t step, int batch_size, int latent_dim) {
  at::Generator generator =
      at::make_generator<at::CPUGeneratorImpl>(StreamSeed(seed, phase, Stream::kNoise, step));
  return at::randn({batch_size, latent_dim}, generator);
}

}  // namespace lambdabeta::train
