#include "proofs_check/steps.h"

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "models/linear_gaussian/closed_forms.h"
#include "models/linear_gaussian/fixed_point.h"

namespace lambdabeta::proofs_check {
namespace {

// The inverse of a symmetric positive definite matrix by Cholesky, symmetrised.
absl::StatusOr<Eigen::MatrixXd> SpdInverse(const Eigen::MatrixXd& matrix, const char* name) {
  const Eigen::LLT<Eigen::MatrixXd> llt(matrix);
  if (llt.info() != Eigen::Success) {
    return absl::FailedPreconditionError(absl::StrCat(name, " is not positive definite"));
  }
  const Eigen::MatrixXd inverse =
      llt.solve(Eigen::MatrixXd::Identity(matrix.rows(), matrix.cols()));
  return 0.5 * (inverse + inverse.transpose());
}

}  // namespace

StepFunction SolverStep() { return linear_gaussian::FixedPointStep; }

absl::StatusOr<State> LiteralStep(const Problem& problem, const State& state,
                                  const Weights& weights) {
  const int n = problem.n();
  const int m = problem.m;
  ASSIGN_OR_RETURN(Eigen::MatrixXd sigma_y_inv,
                   SpdInverse(linear_gaussian::ObservationCovariance(problem), "Sigma_Y"));
  ASSIGN_OR_RETURN(Eigen::MatrixXd sigma_w_inv, SpdInverse(state.sigma_w, "Sigma_W"));
  State next;
  ASSIGN_OR_RETURN(Eigen::MatrixXd sigma_z,
                   SpdInverse(sigma_y_inv + state.b.transpose() * sigma_w_inv * state.b,
                              "Sigma_Y^-1 + B^T Sigma_W^-1 B"));
  next.sigma_z = sigma_z;
  next.a = next.sigma_z * state.b.transpose() * sigma_w_inv;
  ASSIGN_OR_RETURN(Eigen::MatrixXd sigma_z_inv, SpdInverse(next.sigma_z, "Sigma_Z"));
  const Eigen::MatrixXd mm =
      (sigma_z_inv + 2 * weights.lambda * Eigen::MatrixXd::Identity(n, n)) / weights.beta;
  ASSIGN_OR_RETURN(Eigen::MatrixXd h_inv,
                   SpdInverse(Eigen::MatrixXd::Identity(m, m) + next.a.transpose() * mm * next.a,
                              "I + A^T M A"));
  next.sigma_w = h_inv;
  next.b = next.sigma_w * next.a.transpose() * mm;
  return next;
}

Trajectory Trajectory::Run(const StepFunction& step, const Problem& problem, const State& initial,
                           const Weights& weights, int steps) {
  Trajectory trajectory;
  trajectory.encoders_.push_back(initial);
  for (int t = 0; t < steps; ++t) {
    absl::StatusOr<State> next = step(problem, trajectory.encoders_.back(), weights);
    if (!next.ok()) {
      trajectory.stop_reason_ = absl::Status(
          next.status().code(), absl::StrCat("step ", t, ": ", next.status().message()));
      break;
    }
    if (!next->a.allFinite() || !next->b.allFinite() || !next->sigma_z.allFinite() ||
        !next->sigma_w.allFinite()) {
      trajectory.stop_reason_ =
          absl::FailedPreconditionError(absl::StrCat("step ", t, ": non-finite values"));
      break;
    }
    trajectory.decoders_.push_back(*next);
    trajectory.encoders_.push_back(*std::move(next));
  }
  return trajectory;
}

State Trajectory::AfterDecoderUpdate(int t) const {
  return State{a(t), b(t), sigma_z(t), sigma_w(t)};
}

State Trajectory::AfterEncoderUpdate(int t) const {
  return State{a(t), b(t + 1), sigma_z(t), sigma_w(t + 1)};
}

}  // namespace lambdabeta::proofs_check
