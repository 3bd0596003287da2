// Stationarity of the closed-form objective L_beta / L_lambda_beta (closed_forms.h) in the
// parameter blocks A, B, Sigma_Z, Sigma_W (the covariances as symmetric matrices), checked two
// ways: the gradient from an injected function (LibTorch autograd, torch_gradient.h) and central
// finite differences of linear_gaussian::EvaluateObjective.
//
// Whitened coordinates make every derivative dimensionless (nats per unit relative change), so
// one tolerance fits every instance. With Cholesky factors Sigma_Z = L_Z L_Z^T, Sigma_W = L_W
// L_W^T, Sigma_X = B Sigma_Y B^T + Sigma_W = L_X L_X^T and Sigma_Y = L_Y L_Y^T, a whitened step
// E (||E||_F = 1; symmetric for the covariances) moves a block by
//   A: L_Z E L_X^-1      (the decoder's signal A X against its noise Z)
//   B: L_W E L_Y^-1      (the encoder's signal B Y against its noise W)
//   Sigma_Z: L_Z E L_Z^T,   Sigma_W: L_W E L_W^T,
// and the Euclidean gradient G (dL = <G, dBlock>) becomes the whitened gradient
//   A: L_Z^T G L_X^-T,   B: L_W^T G L_Y^-T,   Sigma: L^T G L,
// whose inner product with E is the derivative along E.
//
// Rounding scale. EvaluateObjective's absolute error is bounded, to first order, by
//   e_L = eps (n + m) K S,
// eps the machine epsilon, K = max(cond Sigma_Z, cond Sigma_W) (its Cholesky solves and
// log-determinants), and S the sum of the magnitudes of what it adds up before cancellation:
//   S = 1/2 n ||Sigma_Z^-1|| (||Sigma_Y|| + 2 ||A|| ||G|| + ||A||^2 ||Sigma_X||)
//       + 1/2 |log det Sigma_Z| + n/2 log 2 pi
//       + beta/2 (tr Sigma_W + tr B Sigma_Y B^T + m + |log det Sigma_W|)
//       + lambda (n (||Sigma_Y|| + 2 ||A|| ||G|| + ||A||^2 ||Sigma_X||) + tr Sigma_Z),
// with G = Sigma_Y B^T and spectral norms. e_L also bounds the rounding of a whitened gradient
// (each entry is a derivative of those same terms per unit relative change).
//
// Finite differences. L is quadratic in A and in B (the other blocks fixed), so the central
// difference (L(+1) - L(-1)) / 2 along a whitened step is exact up to rounding: error <=
// (e_L(+1) + e_L(-1)) / 2. Along a covariance the 5-point stencil with h = 1e-3 has error
// <= 1.5 e_L / h + h^4 / 30 max|L^(5)|, where (||E||_2 <= ||E||_F = 1, |t| <= 2h)
//   Sigma_Z: |L^(5)| <= 60 tr(Sigma_Z^-1 C) / (1 - 2h)^6 + 12 / (1 - 2h)^5   (C: E[(Y-AX)(Y-AX)^T])
//   Sigma_W: |L^(5)| <= 12 beta / (1 - 2h)^5
// (the other terms are linear in the covariance).
#ifndef LAMBDABETA_PROOFS_CHECK_STATIONARITY_H_
#define LAMBDABETA_PROOFS_CHECK_STATIONARITY_H_

#include <Eigen/Dense>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/proto/linear_study.pb.h"
#include "models/linear_gaussian/problem.h"
#include "proofs_check/check_record.h"

namespace lambdabeta::proofs_check {

using linear_gaussian::Problem;
using linear_gaussian::State;
using linear_gaussian::Weights;

enum class Block { kA, kB, kSigmaZ, kSigmaW };
const char* BlockName(Block block);
inline const std::vector<Block> kDecoderBlocks = {Block::kA, Block::kSigmaZ};
inline const std::vector<Block> kEncoderBlocks = {Block::kB, Block::kSigmaW};
inline const std::vector<Block> kAllBlocks = {Block::kA, Block::kB, Block::kSigmaZ, Block::kSigmaW};

// A block of a state (mutable or not).
const Eigen::MatrixXd& BlockOf(const State& state, Block block);
Eigen::MatrixXd& BlockOf(State& state, Block block);

// The Euclidean gradient of the objective: dL = <G, dBlock>, symmetric for the covariances
// (dL = <G, dSigma> for every symmetric dSigma).
struct ObjectiveGradient {
  State blocks;  // same shapes as the state
};
using GradientFunction = std::function<absl::StatusOr<ObjectiveGradient>(
    const Problem&, const State&, const Weights&, ReconstructionReading)>;

class Whitening {
 public:
  // Fails if Sigma_Z, Sigma_W, Sigma_X or Sigma_Y is not positive definite.
  static absl::StatusOr<Whitening> At(const Problem& problem, const State& state);

  // The whitened gradient of a block from its Euclidean gradient.
  Eigen::MatrixXd WhitenGradient(Block block, const Eigen::MatrixXd& gradient) const;
  // The change of a block made by the whitened step `direction`.
  Eigen::MatrixXd Move(Block block, const Eigen::MatrixXd& direction) const;

 private:
  Eigen::MatrixXd l_z_, l_w_, l_x_, l_y_;
};

// The objective's value and its rounding scale (see the header comment).
struct ConditionedObjective {
  double value = 0;
  double magnitude = 0;         // S
  double condition = 0;         // K
  double rounding = 0;          // e_L
  double trace_whitened_c = 0;  // tr(Sigma_Z^-1 C), for the finite-difference truncation bound
};
absl::StatusOr<ConditionedObjective> EvaluateConditioned(const Problem& problem, const State& state,
                                                         const Weights& weights,
                                                         ReconstructionReading reading);

// The derivative of the objective along the whitened step `direction` of `block`, by central
// differences, with a bound on its error.
struct DirectionalDerivative {
  double value = 0;
  double error_bound = 0;
};
absl::StatusOr<DirectionalDerivative> FiniteDifference(const Problem& problem, const State& state,
                                                       const Weights& weights,
                                                       ReconstructionReading reading, Block block,
                                                       const Eigen::MatrixXd& direction,
                                                       const Whitening& whitening,
                                                       const ConditionedObjective& at_state);

// Where the checks of "the gradient in `blocks` vanishes" go.
struct StationarityChecks {
  SubCheck* autograd = nullptr;           // ||whitened gradient||_F <= e_L
  SubCheck* finite_difference = nullptr;  // |derivative along E| <= its error bound
};

// Checks that the objective's gradient in `blocks` vanishes at `state` (or, given
// `expected_gradient`, a Euclidean gradient, equals it): by `autograd` (skipped if empty) and by
// finite differences along unit whitened directions: every basis direction of a block of at
// most 12 entries (6 for a symmetric one), else 3 random Gaussian ones (from `direction_seed`)
// and the direction of the autograd gradient's deviation. Evaluations that fail (a covariance
// not positive definite) fail the sub-checks.
void CheckStationary(const Problem& problem, const State& state, const Weights& weights,
                     ReconstructionReading reading, const std::vector<Block>& blocks,
                     const GradientFunction& autograd, uint64_t direction_seed,
                     const std::string& where, const StationarityChecks& checks,
                     const State* expected_gradient = nullptr);

// Checks that `state` minimises the objective over `blocks` (the others fixed): for radii
// r = 1e-3, 0.1 and 0.9 and two random unit whitened directions E_k per block, each block moves
// by r E_k / sqrt(#blocks) (a covariance stays positive definite: ||r E||_2 < 1) and the
// residual max(0, L(state) - L(moved)) must stay within e_L(state) + e_L(moved).
void CheckBlockMinimum(const Problem& problem, const State& state, const Weights& weights,
                       ReconstructionReading reading, const std::vector<Block>& blocks,
                       uint64_t direction_seed, const std::string& where, SubCheck* check);

// The unit whitened directions CheckStationary probes for `block` (without the autograd one).
std::vector<Eigen::MatrixXd> ProbeDirections(Block block, int rows, int cols,
                                             uint64_t direction_seed);

}  // namespace lambdabeta::proofs_check

#endif  // LAMBDABETA_PROOFS_CHECK_STATIONARITY_H_
