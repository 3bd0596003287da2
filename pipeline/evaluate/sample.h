// Which images a model is evaluated on: num_fit + num_test distinct images of the dataset, drawn
// without replacement from `sample_seed` alone, so every model of a dataset (every beta, lambda
// and training seed) is scored on the very same images.
#ifndef LAMBDABETA_PIPELINE_EVALUATE_SAMPLE_H_
#define LAMBDABETA_PIPELINE_EVALUATE_SAMPLE_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace lambdabeta::evaluate {

struct EvaluationSample {
  std::vector<int64_t> fit;   // MIG, and the SVMs' training split of discrete SAP
  std::vector<int64_t> test;  // the SVMs' test split
};

// The first num_fit + num_test entries of a random permutation of [0, num_images) (LibTorch's
// randperm on a CPU generator seeded with `sample_seed`, as the trainer draws its epochs): fit
// first, then test. An error if the dataset has fewer images than asked for.
absl::StatusOr<EvaluationSample> DrawEvaluationSample(int64_t num_images, int64_t num_fit,
                                                      int64_t num_test, uint64_t sample_seed);

}  // namespace lambdabeta::evaluate

#endif  // LAMBDABETA_PIPELINE_EVALUATE_SAMPLE_H_
