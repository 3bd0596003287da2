// Solver 1 of Section 5.1: the fixed-point iteration of the stationarity conditions of
// Lemma 3.1 (beta-VAE) and Lemma 4.2 (lambda-beta-VAE, lambda penalty on the decoder mean).
//
// One step, in this fixed order, from the encoder (B, Sigma_W):
//   decoder (Lemma 3.1, lines 1 and 3), optimal for the current encoder:
//     A   = Sigma_Y B^T Sigma_X^-1,   Sigma_X = B Sigma_Y B^T + Sigma_W
//         [= (Sigma_Y^-1 + B^T Sigma_W^-1 B)^-1 B^T Sigma_W^-1 by the push-through identity]
//     Sigma_Z = Sigma_Y - A B Sigma_Y
//         [= (Sigma_Y^-1 + B^T Sigma_W^-1 B)^-1 by the Woodbury identity]
//   encoder (Lemma 4.2; lambda = 0 gives Lemma 3.1), optimal for that decoder:
//     M = (Sigma_Z^-1 + 2 lambda I_n) / beta,   H = I_m + A^T M A,
//     B' = H^-1 A^T M,   Sigma_W' = H^-1.
// Since A = Sigma_Z B^T Sigma_W^-1 for the optimal decoder, A^T Sigma_Z^-1 = Sigma_W^-1 B, so
//     A^T M = (Sigma_W^-1 B + 2 lambda A^T) / beta   and   A^T M A = A^T M times A:
// a step costs O(n m (m + s)) (Sigma_Y is applied through Gamma, see ObservationCovarianceTimes)
// and never forms an n x n matrix; Sigma_Z is formed (O(n^2 m)) only when a caller asks for it.
//
// Each half-step minimises the objective exactly over its block (the decoder for fixed encoder,
// the encoder for fixed decoder), so the objective never increases along the iteration.
//
// Stopping: CONVERGED when |(B', Sigma_W') - (B, Sigma_W)|_F <= tol |(B', Sigma_W')|_F (the whole
// state together: for beta > 1, B -> 0 geometrically, so B's own relative change never falls)
// and |Sigma_W' - Sigma_W|_F <= tol |Sigma_W'|_F (for beta < 1, Sigma_W -> 0 geometrically while
// B settles, so the whole state's relative change falls although the run is diverging), and
// the estimated bound on the distance to the fixed point is <= tol too (ContractionCertificate
// in fixed_point_map.h: a small step is not a small distance when the map contracts slowly);
// MAX_ITERATIONS at the cap; DIVERGED when a step gives non-finite values, a matrix that is
// not positive definite, or Sigma_W' with condition number above max_condition_number or
// smallest eigenvalue below min_noise_eigenvalue. For beta < 1 the objective is unbounded below
// (Sigma_W -> 0 with Sigma_X fixed sends (1 - beta)/2 log det Sigma_W to -infinity) and the
// iteration ends DIVERGED; the result then holds the last state that passed every check.
#ifndef LAMBDABETA_MODELS_LINEAR_GAUSSIAN_FIXED_POINT_H_
#define LAMBDABETA_MODELS_LINEAR_GAUSSIAN_FIXED_POINT_H_

#include <Eigen/Dense>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/proto/linear_study.pb.h"
#include "models/linear_gaussian/problem.h"

namespace lambdabeta::linear_gaussian {

// The decoder (A, Sigma_Z) optimal for the encoder (B, Sigma_W). Fails if Sigma_X is not
// positive definite.
struct Decoder {
  Eigen::MatrixXd a;        // n x m
  Eigen::MatrixXd sigma_z;  // n x n
};
absl::StatusOr<Decoder> OptimalDecoder(const Problem& problem, const Eigen::MatrixXd& b,
                                       const Eigen::MatrixXd& sigma_w);

// One step from state.b and state.sigma_w (state.a and state.sigma_z are not read). Returns
// (A^(t), Sigma_Z^(t), B^(t+1), Sigma_W^(t+1)): the decoder computed from the input encoder and
// the encoder that follows it. Fails (FailedPrecondition) if a matrix that must be positive
// definite is not, or a value is not finite. For the proof checks, which iterate step by step.
absl::StatusOr<State> FixedPointStep(const Problem& problem, const State& state,
                                     const Weights& weights);

// Iterates from initial.b and initial.sigma_w until a stopping rule fires (see above). The
// result's state is the final encoder with its optimal decoder. Errors (InvalidArgument) are
// for bad input only: shapes, beta <= 0, lambda < 0, Sigma_W not symmetric positive definite,
// settings out of range. Numerical trouble during the run is status DIVERGED, not an error.
absl::StatusOr<SolverResult> RunFixedPoint(const Problem& problem, const State& initial,
                                           const Weights& weights,
                                           const FixedPointSettings& settings);

}  // namespace lambdabeta::linear_gaussian

#endif  // LAMBDABETA_MODELS_LINEAR_GAUSSIAN_FIXED_POINT_H_
