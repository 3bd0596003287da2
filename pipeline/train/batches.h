// What one training step consumes: which images (a per-epoch shuffle), as float tensors, and the
// reparameterisation noise. Every draw is a pure function of (seed, phase, step), so a run
// split into chunks, or killed and resumed, sees exactly the data and noise of one straight run.
#ifndef LAMBDABETA_PIPELINE_TRAIN_BATCHES_H_
#define LAMBDABETA_PIPELINE_TRAIN_BATCHES_H_

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "pipeline/data/dataset.h"

namespace lambdabeta::train {

// The independent random streams of a training run.
enum class Stream : uint32_t { kInit = 1, kBatchOrder = 2, kNoise = 3 };

// A generator seed for draw `index` of `stream` in `phase` of the run with `seed`
// (std::seed_seq mixes the words, so nearby inputs give unrelated seeds).
uint64_t StreamSeed(uint64_t seed, int phase, Stream stream, int64_t index);

// Images `indices` of `dataset` as floats in [0, 1] (pixel * pixel_scale), [B, C, H, W] on
// `device`. Only these images are converted; the dataset stays uint8.
at::Tensor ImageBatch(const data::Dataset& dataset, const std::vector<int64_t>& indices,
                      c10::Device device);

// K members' batches side by side for a K-member ConvVae: [B, K*C, H, W], member k's images in
// channels [k*C, (k+1)*C). Every member's list has the same length B.
at::Tensor MemberImageBatch(const data::Dataset& dataset,
                            const std::vector<std::vector<int64_t>>& indices, c10::Device device);

// Which images step t trains on: each epoch visits the dataset in the order of a permutation
// drawn from (seed, phase, epoch); step t reads positions [t*B, (t+1)*B) of the concatenated
// epochs, so a batch may straddle two epochs (as a DataLoader that never drops a sample).
class BatchOrder {
 public:
  BatchOrder(int64_t num_images, int batch_size, int phase);

  std::vector<int64_t> Indices(uint64_t seed, int64_t step);

 private:
  const at::Tensor& Permutation(uint64_t seed, int64_t epoch);

  int64_t num_images_;
  int batch_size_;
  int phase_;
  std::map<std::pair<uint64_t, int64_t>, at::Tensor> cache_;  // (seed, epoch) -> order
};

// The reparameterisation noise of step t for one member: N(0, I) of shape [B, m], drawn on the
// CPU so that it does not depend on the device.
at::Tensor StepNoise(uint64_t seed, int phase, int64_t step, int batch_size, int latent_dim);

}  // namespace lambdabeta::train

#endif  // LAMBDABETA_PIPELINE_TRAIN_BATCHES_H_
