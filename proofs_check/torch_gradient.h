// The gradient of the closed-form objective L_beta / L_lambda_beta by LibTorch autograd in
// float64 (models/linear_gaussian/torch_objective.h): the first of the two ways the
// stationarity checks compute it (CheckOptions::autograd).
#ifndef LAMBDABETA_PROOFS_CHECK_TORCH_GRADIENT_H_
#define LAMBDABETA_PROOFS_CHECK_TORCH_GRADIENT_H_

#include "absl/status/statusor.h"
#include "proofs_check/stationarity.h"

namespace lambdabeta::proofs_check {

// dL/dA, dL/dB, and the symmetric dL/dSigma_Z, dL/dSigma_W (dL = <G, dSigma> for symmetric
// dSigma), from the objective as a function of (A, B, Sigma_Z, Sigma_W) with Sigma_Y in factored
// form (Gamma Sigma_V^1/2, sigma2). A LibTorch error (e.g. a covariance that is not positive
// definite) becomes a FailedPrecondition status.
absl::StatusOr<ObjectiveGradient> AutogradGradient(const Problem& problem, const State& state,
                                                   const Weights& weights,
                                                   ReconstructionReading reading);

}  // namespace lambdabeta::proofs_check

#endif  // LAMBDABETA_PROOFS_CHECK_TORCH_GRADIENT_H_
