#include "models/linear_gaussian/fixed_point.h"

#include "common/status/status_macros.h"
#include "models/linear_gaussian/fixed_point_map.h"

namespace lambdabeta::linear_gaussian {

absl::StatusOr<Decoder> OptimalDecoder(const Problem& problem, const Eigen::MatrixXd& b,
                                       const Eigen::MatrixXd& sigma_w) {
  StepWorkspace workspace(problem);
  if (!workspace.DecoderGain(b, sigma_w)) {
    return absl::FailedPreconditionError(
        "Sigma_X = B Sigma_Y B^T + Sigma_W is not positive definite");
  }
  return Decoder{workspace.DecoderGainMatrix(), workspace.DecoderNoise()};
}

absl::StatusOr<State> FixedPointStep(const Problem& problem, const State& state,
                                     const Weights& weights) {
  RETURN_IF_ERROR(CheckStateShape(problem, state));
  StepWorkspace workspace(problem);
  if (!workspace.DecoderGain(state.b, state.sigma_w)) {
    return absl::FailedPreconditionError("Sigma_X is not positive definite");
  }
  if (!workspace.NextEncoder(state.b, state.sigma_w, weights)) {
    return absl::FailedPreconditionError("Sigma_W or I + A^T M A is not positive definite");
  }
  State next{workspace.DecoderGainMatrix(), workspace.b_next(), workspace.DecoderNoise(),
             workspace.sigma_w_next()};
  if (!next.a.allFinite() || !next.b.allFinite() || !next.sigma_z.allFinite() ||
      !next.sigma_w.allFinite()) {
    return absl::FailedPreconditionError("the step produced non-finite values");
  }
  return next;
}

absl::StatusOr<SolverResult> RunFixedPoint(const Problem& problem, const State& initial,
                                           const Weights& weights,
                                           const FixedPointSettings& settings) {
  RETURN_IF_ERROR(CheckRunInput(problem, initial, weights, settings));
  StepWorkspace workspace(problem);
  Eigen::MatrixXd b = initial.b;
  Eigen::MatrixXd sigma_w = initial.sigma_w;
  ContractionCertificate certificate;
  SolverResult result;
  result.status = MAX_ITERATIONS;
  result.iterations = settings.max_iterations();
  for (int iteration = 1; iteration <= settings.max_iterations(); ++iteration) {
    const bool stepped =
        workspace.DecoderGain(b, sigma_w) && workspace.NextEncoder(b, sigma_w, weights);
    if (!stepped || !workspace.b_next().allFinite() || !workspace.sigma_w_next().allFinite() ||
        NoiseDegenerate(workspace.h(), settings)) {
      result.status = DIVERGED;  // (b, sigma_w) stays the last state that passed every check
      result.iterations = iteration - 1;
      break;
    }
    const StepChange change = MeasureStep(b, sigma_w, workspace.b_next(), workspace.sigma_w_next());
    certificate.AddStep(change.Length(), iteration > 1);
    result.relative_change = change.Relative();
    result.distance_bound = certificate.Bound(result.relative_change);
    b = workspace.b_next();
    sigma_w = workspace.sigma_w_next();
    if (change.Within(settings.relative_tolerance()) &&
        result.distance_bound <= settings.relative_tolerance()) {
      result.status = CONVERGED;
      result.iterations = iteration;
      break;
    }
  }
  if (!workspace.DecoderGain(b, sigma_w)) {
    return absl::InternalError("the final encoder has no optimal decoder (Sigma_X not PD)");
  }
  result.state = State{workspace.DecoderGainMatrix(), b, workspace.DecoderNoise(), sigma_w};
  return result;
}

}  // namespace lambdabeta::linear_gaussian
