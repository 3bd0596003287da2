// The update rules the checks iterate, and trajectories of them.
//
// A step maps the encoder (B^(t), Sigma_W^(t)) to (A^(t), B^(t+1), Sigma_Z^(t), Sigma_W^(t+1)):
// the decoder optimal for the input encoder, then the encoder optimal for that decoder (the
// contract of linear_gaussian::FixedPointStep). Checks take the step as a parameter so that a
// deliberately wrong rule can be fed to them (mutation_test).
#ifndef LAMBDABETA_PROOFS_CHECK_STEPS_H_
#define LAMBDABETA_PROOFS_CHECK_STEPS_H_

#include <Eigen/Dense>
#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "models/linear_gaussian/problem.h"

namespace lambdabeta::proofs_check {

using linear_gaussian::Problem;
using linear_gaussian::State;
using linear_gaussian::Weights;

using StepFunction =
    std::function<absl::StatusOr<State>(const Problem&, const State&, const Weights&)>;

// linear_gaussian::FixedPointStep: the solver's step (push-through and Woodbury forms).
StepFunction SolverStep();

// Lemma 3.1 (decoder) and Lemma 4.2 (encoder; lambda = 0 is Lemma 3.1) exactly as printed, with
// explicit inverses of n x n matrices:
//   A = (Sigma_Y^-1 + B^T Sigma_W^-1 B)^-1 B^T Sigma_W^-1,  Sigma_Z = (Sigma_Y^-1 + B^T Sigma_W^-1
//   B)^-1, M = (Sigma_Z^-1 + 2 lambda I_n) / beta,  B' = (I_m + A^T M A)^-1 A^T M,  Sigma_W' = (I_m
//   + A^T M A)^-1.
// Fails if a matrix to invert is not positive definite.
absl::StatusOr<State> LiteralStep(const Problem& problem, const State& state,
                                  const Weights& weights);

// The iterates of a step from an initial encoder: B(t), Sigma_W(t) for t = 0..length() and
// A(t), Sigma_Z(t) (the decoder computed from encoder t) for t = 0..length() - 1.
class Trajectory {
 public:
  // Up to `steps` steps; stops at the first failing step (stop_reason() says why).
  static Trajectory Run(const StepFunction& step, const Problem& problem, const State& initial,
                        const Weights& weights, int steps);

  int length() const { return static_cast<int>(decoders_.size()); }
  const Eigen::MatrixXd& b(int t) const { return encoders_[t].b; }
  const Eigen::MatrixXd& sigma_w(int t) const { return encoders_[t].sigma_w; }
  const Eigen::MatrixXd& a(int t) const { return decoders_[t].a; }
  const Eigen::MatrixXd& sigma_z(int t) const { return decoders_[t].sigma_z; }
  // (A(t), B(t), Sigma_Z(t), Sigma_W(t)): just after the decoder half-step.
  State AfterDecoderUpdate(int t) const;
  // (A(t), B(t+1), Sigma_Z(t), Sigma_W(t+1)): just after the encoder half-step.
  State AfterEncoderUpdate(int t) const;
  const absl::Status& stop_reason() const { return stop_reason_; }

 private:
  std::vector<State> encoders_;  // b, sigma_w used
  std::vector<State> decoders_;  // a, sigma_z used
  absl::Status stop_reason_;
};

}  // namespace lambdabeta::proofs_check

#endif  // LAMBDABETA_PROOFS_CHECK_STEPS_H_
