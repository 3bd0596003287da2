#define TORCH_ASSERT_ONLY_METHOD_OPERATORS  // no header with every operator (ARCHITECTURE.md)
#include "proofs_check/torch_gradient.h"

#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>

#include "absl/strings/str_cat.h"
#include "models/linear_gaussian/eigen_torch.h"
#include "models/linear_gaussian/torch_objective.h"

namespace lambdabeta::proofs_check {

absl::StatusOr<ObjectiveGradient> AutogradGradient(const Problem& problem, const State& state,
                                                   const Weights& weights,
                                                   ReconstructionReading reading) {
  using linear_gaussian::ToEigen;
  using linear_gaussian::ToTensor;
  try {
    at::Tensor a = ToTensor(state.a).requires_grad_(true);
    at::Tensor b = ToTensor(state.b).requires_grad_(true);
    at::Tensor sigma_z = ToTensor(state.sigma_z).requires_grad_(true);
    at::Tensor sigma_w = ToTensor(state.sigma_w).requires_grad_(true);
    const linear_gaussian::LossTerms loss = linear_gaussian::ClosedFormLoss(
        linear_gaussian::CholeskyModel::FromCovariances(a, b, sigma_z, sigma_w),
        linear_gaussian::TorchObservation::FromProblem(problem), weights, reading);
    loss.total.backward();
    ObjectiveGradient gradient;
    gradient.blocks.a = ToEigen(a.grad());
    gradient.blocks.b = ToEigen(b.grad());
    gradient.blocks.sigma_z = ToEigen(sigma_z.grad());
    gradient.blocks.sigma_w = ToEigen(sigma_w.grad());
    return gradient;
  } catch (const c10::Error& error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "LibTorch autograd of the closed-form objective: ", error.what_without_backtrace()));
  }
}

}  // namespace lambdabeta::proofs_check
