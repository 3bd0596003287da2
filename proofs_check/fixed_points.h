// Fixed points of the updates: reached by iterating a step to rounding level, or built exactly.
#ifndef LAMBDABETA_PROOFS_CHECK_FIXED_POINTS_H_
#define LAMBDABETA_PROOFS_CHECK_FIXED_POINTS_H_

#include <Eigen/Dense>

#include "absl/status/statusor.h"
#include "models/linear_gaussian/phase_boundary.h"
#include "proofs_check/steps.h"

namespace lambdabeta::proofs_check {

// cond(Sigma_Y) from its structure Gamma Sigma_V Gamma^T + sigma2 I (an s x s eigenproblem).
double ObservationCondition(const Problem& problem);

// How far a state is from being fixed by a step: the whitened size (stationarity.h: dB ->
// L_W^-1 dB L_Y, dSigma_W -> L_W^-1 dSigma_W L_W^-T) of the change of (B, Sigma_W) the step makes,
// and the rounding level of that size, eps (n + m) K (||L_W^-1 B L_Y||_F + sqrt(m)) with K =
// max(cond Sigma_W, cond Sigma_X, cond Sigma_Y): what one step's rounding can move a fixed point
// by.
struct FixedPointDefect {
  double defect = 0;
  double rounding = 0;
  // The state with the step's decoder: (A, B, Sigma_Z, Sigma_W) = (A', B, Sigma_Z', Sigma_W).
  State with_decoder;
  State next;  // the step's output
};
absl::StatusOr<FixedPointDefect> MeasureDefect(const StepFunction& step, const Problem& problem,
                                               const State& state, const Weights& weights);

// The outcome of iterating a step until the defect is at rounding level.
//
// The iterate is then within about defect / (1 - rho) + rounding of the limit (whitened), rho the
// iteration's local contraction rate. rho is estimated a posteriori as the largest ratio of
// successive defects over the last 10 updates whose previous defect was above 10x its rounding
// level (the geometric phase), the standard error estimate of a linearly converging iteration.
struct FixedPointSearch {
  bool converged = false;
  int steps = 0;
  double contraction = 0;  // rho
  // defect / (1 - rho) + defect.rounding: the whitened distance to the fixed point.
  double distance = 0;
  FixedPointDefect defect;  // at the last encoder; defect.with_decoder is the fixed point
  absl::Status status;      // why the search stopped, if not converged
};
FixedPointSearch IterateToFixedPoint(const StepFunction& step, const Problem& problem,
                                     const State& initial, const Weights& weights, int max_steps);

// beta = 1, lambda = 0: every encoder with Sigma_X = B Sigma_Y B^T + Sigma_W = I is fixed (the
// step gives H = I + Sigma_W^-1 - Sigma_X^-1 = Sigma_W^-1, so Sigma_W' = Sigma_W and
// B' = Sigma_W Sigma_W^-1 B = B). From `b`, rescaled so that ||B Sigma_Y^1/2||_2 = gain < 1:
// (B, Sigma_W = I - B Sigma_Y B^T) with its optimal decoder.
absl::StatusOr<State> UnitLatentFixedPoint(const Problem& problem, const Eigen::MatrixXd& b,
                                           double gain);

// beta > 1, lambda > 0: the fixed points of Lemma 4.2 that keep the eigen-directions u_i of
// Sigma_Y listed in `kept` (mu_i > tau = (beta - 1) / (2 lambda), at most m of them): latent i
// has gain sqrt(mu_i - tau) / mu_i along u_i and noise variance tau / mu_i, the other latents
// carry no signal and unit noise (Sigma_X = I), then rotated by the orthogonal `rotation`
// (m x m). Derivation in README.md.
absl::StatusOr<State> SpectralFixedPoint(const Problem& problem,
                                         const linear_gaussian::ObservationSpectrum& spectrum,
                                         const Weights& weights, const std::vector<int>& kept,
                                         const Eigen::MatrixXd& rotation);

}  // namespace lambdabeta::proofs_check

#endif  // LAMBDABETA_PROOFS_CHECK_FIXED_POINTS_H_
