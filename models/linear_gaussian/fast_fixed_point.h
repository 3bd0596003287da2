// The study's fixed-point solver: the same map as the reference iteration (fixed_point.h), made
// cheap per step and, for slow runs, fast to converge. The reference stays the one the proof
// checks step through; fast_fixed_point_test.cc checks that both reach the same fixed points.
//
// 1. A small invariant subspace. Sigma_Y = Gamma Sigma_V Gamma^T + sigma2 I maps
//    U = span(Gamma) + span(B0^T) into itself, and every step keeps B's rows in the row space of
//    B and of A^T = Sigma_X^-1 B Sigma_Y, so all iterates stay in U (dimension r <= s + m). With
//    an orthonormal basis Q (n x r) of U, B = C Q^T and the step on C is the same map for the
//    reduced problem Gamma_r = Q^T Gamma (its Sigma_Y is Q^T Sigma_Y Q): the iterates are the
//    reference's up to the orthogonal change of coordinates (and rounding), a step costs
//    O(r m (m + s)) instead of O(n m (m + s)), after one O(n (s + m)^2) QR decomposition.
// 2. Anderson acceleration, for runs that converge slowly. For beta > 1 and lambda > 0 a kept
//    eigen-direction of Sigma_Y with eigenvalue mu converges at a rate of about 1 - c tau / mu
//    (tau = (beta - 1) / (2 lambda), phase_boundary.h): thousands of steps when lambda / beta is
//    large. Once a run has taken `anderson_after` steps and its step length shrinks by less than
//    `anderson_slow_ratio` per step, each new iterate is the plain step minus the combination of
//    the last `anderson_depth` step differences that best cancels the current step (type-II
//    Anderson mixing). A mixed iterate whose Sigma_W is not positive definite, or whose step is
//    longer than the previous one, is replaced by the plain step and the history restarts.
//    Acceleration is used only for beta > 1, where a minimum exists; beta <= 1 runs take plain
//    steps (their optimum is a continuum or not attained, phase_boundary.h).
//
// The stopping rule, statuses and divergence thresholds are the reference's, applied to the plain
// step from the current iterate; a CONVERGED run returns that plain step. Both solvers stop
// CONVERGED only when the step is within the tolerance and so is the certificate's bound
// (ContractionCertificate, fixed_point_map.h): relative_change * rho / (1 - rho), with rho an
// ESTIMATE of the plain map's contraction rate, the largest of
//   (a) the ratios of the last 4 consecutive plain-step lengths,
//   (b) every such window's estimate before mixing restarted it (the plain phase before
//       acceleration reads the slow modes; windows right after a mixed iterate read low), and
//   (c) here, the Ritz values below 1 of the map's Jacobian on the span of the Anderson history
//       (RitzRate below; that span is where the slow modes are).
// An accelerated run mixes until its relative change is within the tolerance, then takes plain
// steps until the rate is measured; if the bound is still above the tolerance, it mixes on to
// half the change the bound needs at that rate, and so on.
// 3. Long double steps for the certificate. In double precision the step of a slow run stops
//    falling at a relative change of ~1e-13 (the rounding of one step of the map), while a rate
//    of 0.9995 needs ~5e-14 for a bound of 1e-10: once a run's relative change is within the
//    tolerance without a certificate, its remaining steps are evaluated in long double and
//    rounded to the double state. Below a relative change of 1e-14 the steps are at the
//    rounding level of the double state, their ratios are noise, and the estimate is (b) and (c).
//
// What the bound is: an a-posteriori estimate of the relative distance from the final state to
// the fixed point that the run's own iterates converge to. It is not a proof: rho is estimated
// from the steps (a slower mode the steps have not yet shown would be missed) and the map is
// not linear. Checked against the true distance (long double plain continuation of the final
// state) on 7 slow runs of the paper's study: true / bound = 0.57 to 1.06, once 6% above it.
// With m >= 2 the latent space's rotation is free, so the fixed points form a set and an
// accelerated run can end at another point of it than the reference: rotation-invariant
// quantities agree, the rotation may differ, and the bound says nothing about the distance
// between two points of the set.
#ifndef LAMBDABETA_MODELS_LINEAR_GAUSSIAN_FAST_FIXED_POINT_H_
#define LAMBDABETA_MODELS_LINEAR_GAUSSIAN_FAST_FIXED_POINT_H_

#include <Eigen/Dense>

#include "absl/status/statusor.h"
#include "common/proto/linear_study.pb.h"
#include "models/linear_gaussian/problem.h"

namespace lambdabeta::linear_gaussian {

struct AccelerationOptions {
  int anderson_depth = 5;  // 0: plain steps only
  // Plain steps before acceleration may start. Measured on the paper's study: from step 50 or
  // 200, mixing during the early transient (the latents still choosing their directions) left
  // 12 or 4 of the 1,800 beta > 1 runs stagnating at the cap; from step 500, none.
  int anderson_after = 500;
  double anderson_slow_ratio = 0.9;  // start once |step t| / |step t-1| exceeds it
};

// The largest modulus below 1 of the Ritz values of a map's Jacobian J on the span of the
// columns of dx (iterate differences) with dg their images (dg = J dx for a linear map): the
// eigenvalues of the least-squares K with dx K = dg; 0 if dx has no columns or no such value.
// Moduli >= 1 are left out: the latent rotation is free, so J has eigenvalue 1 along the set of
// fixed points, which the iterates' steps do not move along. The accelerated solver floors its
// rate estimate with it on the Anderson history (ContractionCertificate::RaiseRate).
double RitzRate(const Eigen::MatrixXd& dx, const Eigen::MatrixXd& dg);

// As RunFixedPoint (fixed_point.h): the same input checks, statuses and final state.
absl::StatusOr<SolverResult> RunFastFixedPoint(const Problem& problem, const State& initial,
                                               const Weights& weights,
                                               const FixedPointSettings& settings,
                                               const AccelerationOptions& options = {});

}  // namespace lambdabeta::linear_gaussian

#endif  // LAMBDABETA_MODELS_LINEAR_GAUSSIAN_FAST_FIXED_POINT_H_
