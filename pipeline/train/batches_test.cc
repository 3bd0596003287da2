#define TORCH_ASSERT_ONLY_METHOD_OPERATORS  // no header with every operator (ARCHITECTURE.md)
#include "pipeline/train/batches.h"

#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/equal.h>

#include <algorithm>
#include <numeric>
#include <set>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace lambdabeta::train {
namespace {

// 4 images of 2x3 pixels, 3 channels, every byte distinct: image i, row h, column w, channel c
// holds 1 + 18 i + 9 h + 3 w + c (HWC, C order).
data::Dataset Tiny() {
  data::Dataset d;
  d.name = "tiny";
  d.num_images = 4;
  d.height = 2;
  d.width = 3;
  d.channels = 3;
  d.pixel_scale = 1.0f / 255.0f;
  std::vector<uint8_t> images;
  for (int i = 0; i < 4 * 18; ++i) images.push_back(static_cast<uint8_t>(1 + i));
  d.images = data::ImageStore::Owned(std::move(images));
  return d;
}

TEST(ImageBatchTest, ConvertsHwcBytesToScaledNchwFloats) {
  const data::Dataset d = Tiny();
  at::Tensor batch = ImageBatch(d, {2, 0, 2}, at::kCPU);
  ASSERT_EQ(batch.sizes(), (std::vector<int64_t>{3, 3, 2, 3}));
  ASSERT_EQ(batch.scalar_type(), at::kFloat);
  const int images[] = {2, 0, 2};
  for (int b = 0; b < 3; ++b) {
    for (int c = 0; c < 3; ++c) {
      for (int h = 0; h < 2; ++h) {
        for (int w = 0; w < 3; ++w) {
          const float expected = (1 + 18 * images[b] + 9 * h + 3 * w + c) / 255.0f;
          EXPECT_FLOAT_EQ(batch[b][c][h][w].item<float>(), expected) << b << c << h << w;
        }
      }
    }
  }
}

TEST(ImageBatchTest, MembersSitSideBySideAlongChannels) {
  const data::Dataset d = Tiny();
  at::Tensor both = MemberImageBatch(d, {{0, 1}, {3, 2}}, at::kCPU);
  ASSERT_EQ(both.sizes(), (std::vector<int64_t>{2, 6, 2, 3}));
  EXPECT_TRUE(at::equal(both.narrow(1, 0, 3), ImageBatch(d, {0, 1}, at::kCPU)));
  EXPECT_TRUE(at::equal(both.narrow(1, 3, 3), ImageBatch(d, {3, 2}, at::kCPU)));
}

TEST(ImageBatchTest, RejectsBadIndicesAndRaggedMembers) {
  const data::Dataset d = Tiny();
  EXPECT_THROW(ImageBatch(d, {4}, at::kCPU), c10::Error);
  EXPECT_THROW(ImageBatch(d, {-1}, at::kCPU), c10::Error);
  EXPECT_THROW(MemberImageBatch(d, {{0, 1}, {2}}, at::kCPU), c10::Error);
  data::Dataset truncated = d;
  truncated.images = data::ImageStore::Owned({d.images.begin(), d.images.end() - 1});
  EXPECT_THROW(ImageBatch(truncated, {0}, at::kCPU), c10::Error);
}

TEST(StreamSeedTest, EveryInputChangesTheSeed) {
  const uint64_t base = StreamSeed(7, 1, Stream::kNoise, 100);
  EXPECT_EQ(base, StreamSeed(7, 1, Stream::kNoise, 100));
  std::set<uint64_t> seeds = {base,
                              StreamSeed(8, 1, Stream::kNoise, 100),
                              StreamSeed(7, 2, Stream::kNoise, 100),
                              StreamSeed(7, 1, Stream::kBatchOrder, 100),
                              StreamSeed(7, 1, Stream::kNoise, 101),
                              StreamSeed(7, 1, Stream::kNoise, 100 + (int64_t{1} << 32))};
  EXPECT_EQ(seeds.size(), 6u);
}

TEST(BatchOrderTest, EachEpochIsAPermutationAndBatchesRunAcrossEpochs) {
  // 10 images, batches of 4: steps 0..4 read positions 0..19, i.e. exactly two epochs.
  BatchOrder order(10, 4, 1);
  std::vector<int64_t> positions;
  for (int step = 0; step < 5; ++step) {
    std::vector<int64_t> batch = order.Indices(3, step);
    ASSERT_EQ(batch.size(), 4u);
    positions.insert(positions.end(), batch.begin(), batch.end());
  }
  for (int epoch = 0; epoch < 2; ++epoch) {
    std::vector<int64_t> seen(positions.begin() + 10 * epoch, positions.begin() + 10 * (epoch + 1));
    std::sort(seen.begin(), seen.end());
    std::vector<int64_t> all(10);
    std::iota(all.begin(), all.end(), 0);
    EXPECT_EQ(seen, all) << "epoch " << epoch;
  }
  EXPECT_NE(std::vector<int64_t>(positions.begin(), positions.begin() + 10),
            std::vector<int64_t>(positions.begin() + 10, positions.end()));
}

TEST(BatchOrderTest, IndicesArePureFunctionsOfSeedPhaseAndStep) {
  BatchOrder walked(1000, 64, 1);
  for (int step = 0; step < 40; ++step) walked.Indices(5, step);  // crosses two epochs
  BatchOrder fresh(1000, 64, 1);
  EXPECT_EQ(walked.Indices(5, 41), fresh.Indices(5, 41));
  EXPECT_EQ(walked.Indices(5, 3), fresh.Indices(5, 3));  // an evicted epoch, redrawn
  EXPECT_NE(fresh.Indices(5, 3), fresh.Indices(6, 3));
  BatchOrder phase2(1000, 64, 2);
  EXPECT_NE(fresh.Indices(5, 3), phase2.Indices(5, 3));
}

TEST(StepNoiseTest, IsStandardNormalAndAPureFunction) {
  at::Tensor a = StepNoise(1, 1, 10, 64, 15);
  EXPECT_EQ(a.sizes(), (std::vector<int64_t>{64, 15}));
  EXPECT_TRUE(at::equal(a, StepNoise(1, 1, 10, 64, 15)));
  EXPECT_FALSE(at::equal(a, StepNoise(1, 1, 11, 64, 15)));
  EXPECT_FALSE(at::equal(a, StepNoise(2, 1, 10, 64, 15)));
  at::Tensor big = StepNoise(1, 1, 0, 20000, 10);
  EXPECT_NEAR(big.mean().item<double>(), 0.0, 0.01);  // standard error 0.0022
  EXPECT_NEAR(big.var().item<double>(), 1.0, 0.02);   // standard error 0.0045
}

}  // namespace
}  // namespace lambdabeta::train
