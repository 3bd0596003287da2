#define TORCH_ASSERT_ONLY_METHOD_OPERATORS  // no header with every operator (ARCHITECTURE.md)
#include "pipeline/evaluate/sample.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/randperm.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace lambdabeta::evaluate {

absl::StatusOr<EvaluationSample> DrawEvaluationSample(int64_t num_images, int64_t num_fit,
                                                      int64_t num_test, uint64_t sample_seed) {
  if (num_fit < 1 || num_test < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "evaluation needs num_fit and num_test >= 1, got ", num_fit, " and ", num_test));
  }
  if (num_fit + num_test > num_images) {
    return absl::InvalidArgumentError(absl::StrCat("evaluation asks for ", num_fit, " + ", num_test,
                                                   " distinct images but the dataset has only ",
                                                   num_images));
  }
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(sample_seed);
  const at::Tensor order = at::randperm(num_images, generator, at::kLong);
  const int64_t* index = order.data_ptr<int64_t>();
  EvaluationSample sample;
  sample.fit.assign(index, index + num_fit);
  sample.test.assign(index + num_fit, index + num_fit + num_test);
  return sample;
}

}  // namespace lambdabeta::evaluate
