#include "proofs_check/stationarity.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "models/linear_gaussian/closed_forms.h"
#include "models/linear_gaussian/random.h"
#include "proofs_check/instances.h"
#include "proofs_check/numerics.h"

namespace lambdabeta::proofs_check {
namespace {

using linear_gaussian::RandomStream;

constexpr double kStencilStep = 1e-3;  // h of the 5-point stencil along a covariance
constexpr int kRandomDirections = 3;
constexpr int kFullBasisEntries = 12;

bool IsCovariance(Block block) { return block == Block::kSigmaZ || block == Block::kSigmaW; }

absl::StatusOr<Eigen::MatrixXd> CholeskyFactor(const Eigen::MatrixXd& matrix, const char* name) {
  const Eigen::LLT<Eigen::MatrixXd> llt(matrix);
  if (llt.info() != Eigen::Success) {
    return absl::FailedPreconditionError(absl::StrCat(name, " is not positive definite"));
  }
  return Eigen::MatrixXd(llt.matrixL());
}

// x L^-1 for lower-triangular L (x L^-1 = (L^-T x^T)^T).
Eigen::MatrixXd TimesInverse(const Eigen::MatrixXd& x, const Eigen::MatrixXd& l) {
  return l.triangularView<Eigen::Lower>().transpose().solve(x.transpose()).transpose();
}

// x L^-T for lower-triangular L.
Eigen::MatrixXd TimesInverseTranspose(const Eigen::MatrixXd& x, const Eigen::MatrixXd& l) {
  return l.triangularView<Eigen::Lower>().solve(x.transpose()).transpose();
}

double LogDet(const Eigen::MatrixXd& spd) {
  const Eigen::LLT<Eigen::MatrixXd> llt(spd);
  return 2.0 * llt.matrixLLT().diagonal().array().log().sum();
}

}  // namespace

const char* BlockName(Block block) {
  switch (block) {
    case Block::kA:
      return "A";
    case Block::kB:
      return "B";
    case Block::kSigmaZ:
      return "Sigma_Z";
    case Block::kSigmaW:
      return "Sigma_W";
  }
  return "?";
}

const Eigen::MatrixXd& BlockOf(const State& state, Block block) {
  switch (block) {
    case Block::kA:
      return state.a;
    case Block::kB:
      return state.b;
    case Block::kSigmaZ:
      return state.sigma_z;
    case Block::kSigmaW:
      break;
  }
  return state.sigma_w;
}

Eigen::MatrixXd& BlockOf(State& state, Block block) {
  return const_cast<Eigen::MatrixXd&>(BlockOf(static_cast<const State&>(state), block));
}

absl::StatusOr<Whitening> Whitening::At(const Problem& problem, const State& state) {
  Whitening whitening;
  ASSIGN_OR_RETURN(Eigen::MatrixXd l_z, CholeskyFactor(state.sigma_z, "Sigma_Z"));
  ASSIGN_OR_RETURN(Eigen::MatrixXd l_w, CholeskyFactor(state.sigma_w, "Sigma_W"));
  ASSIGN_OR_RETURN(Eigen::MatrixXd l_x, CholeskyFactor(linear_gaussian::LatentCovariance(
                                                           problem, state.b, state.sigma_w),
                                                       "Sigma_X"));
  ASSIGN_OR_RETURN(Eigen::MatrixXd l_y,
                   CholeskyFactor(linear_gaussian::ObservationCovariance(problem), "Sigma_Y"));
  whitening.l_z_ = std::move(l_z);
  whitening.l_w_ = std::move(l_w);
  whitening.l_x_ = std::move(l_x);
  whitening.l_y_ = std::move(l_y);
  return whitening;
}

Eigen::MatrixXd Whitening::WhitenGradient(Block block, const Eigen::MatrixXd& gradient) const {
  switch (block) {
    case Block::kA:
      return TimesInverseTranspose(l_z_.transpose() * gradient, l_x_);
    case Block::kB:
      return TimesInverseTranspose(l_w_.transpose() * gradient, l_y_);
    case Block::kSigmaZ:
      return l_z_.transpose() * gradient * l_z_;
    case Block::kSigmaW:
      break;
  }
  return l_w_.transpose() * gradient * l_w_;
}

Eigen::MatrixXd Whitening::Move(Block block, const Eigen::MatrixXd& direction) const {
  switch (block) {
    case Block::kA:
      return TimesInverse(l_z_ * direction, l_x_);
    case Block::kB:
      return TimesInverse(l_w_ * direction, l_y_);
    case Block::kSigmaZ:
      return l_z_ * direction * l_z_.transpose();
    case Block::kSigmaW:
      break;
  }
  return l_w_ * direction * l_w_.transpose();
}

namespace {

// What e_L needs from the covariances alone (the costly part: n x n eigenvalues).
struct CovarianceScales {
  double z_min = 0;
  double condition = 0;  // K
  double log_det_z = 0;
  double log_det_w = 0;
};

CovarianceScales ScalesOf(const State& state) {
  const SpdSpectrum z = SpdSpectrum::Of(state.sigma_z);
  const SpdSpectrum w = SpdSpectrum::Of(state.sigma_w);
  return CovarianceScales{z.min, std::max(z.Condition(), w.Condition()), LogDet(state.sigma_z),
                          LogDet(state.sigma_w)};
}

// The objective at `state` with its rounding scale, given its covariances' scales.
absl::StatusOr<ConditionedObjective> Conditioned(const Problem& problem, const State& state,
                                                 const Weights& weights,
                                                 ReconstructionReading reading,
                                                 const CovarianceScales& scales) {
  ASSIGN_OR_RETURN(linear_gaussian::ObjectiveValue value,
                   linear_gaussian::EvaluateObjective(problem, state, weights, reading));
  const int n = problem.n();
  const int m = problem.m;
  const Eigen::MatrixXd g =
      linear_gaussian::ObservationCovarianceTimes(problem, state.b.transpose());
  const Eigen::MatrixXd sigma_x =
      linear_gaussian::LatentCovariance(problem, state.b, state.sigma_w);
  const Eigen::MatrixXd c = linear_gaussian::ResidualCovariance(problem, state);
  // What C = Sigma_Y - A G^T - G A^T + A Sigma_X A^T adds up: ||Sigma_Y|| + 2 ||A|| ||G|| +
  // ||A||^2 ||Sigma_X||, with ||Sigma_Y|| = ||Gamma Sigma_V^1/2||^2 + sigma2.
  const double norm_a = SpectralNorm(state.a);
  const double norm_y =
      std::pow(SpectralNorm(problem.gamma * problem.factor_variance.cwiseSqrt().asDiagonal()), 2) +
      problem.sigma2;
  const double residual_terms =
      norm_y + 2 * norm_a * SpectralNorm(g) + norm_a * norm_a * SpdSpectrum::Of(sigma_x).max;
  ConditionedObjective result;
  result.value = value.total;
  result.trace_whitened_c = state.sigma_z.llt().solve(c).trace();
  result.magnitude =
      0.5 * n * residual_terms / scales.z_min + 0.5 * std::abs(scales.log_det_z) +
      0.5 * n * std::log(2 * M_PI) +
      0.5 * weights.beta *
          (state.sigma_w.trace() + (state.b * g).trace() + m + std::abs(scales.log_det_w)) +
      weights.lambda * (n * residual_terms + state.sigma_z.trace());
  result.condition = scales.condition;
  result.rounding = kEpsilon * (n + m) * result.condition * result.magnitude;
  return result;
}

}  // namespace

absl::StatusOr<ConditionedObjective> EvaluateConditioned(const Problem& problem, const State& state,
                                                         const Weights& weights,
                                                         ReconstructionReading reading) {
  return Conditioned(problem, state, weights, reading, ScalesOf(state));
}

absl::StatusOr<DirectionalDerivative> FiniteDifference(const Problem& problem, const State& state,
                                                       const Weights& weights,
                                                       ReconstructionReading reading, Block block,
                                                       const Eigen::MatrixXd& direction,
                                                       const Whitening& whitening,
                                                       const ConditionedObjective& at_state) {
  const Eigen::MatrixXd move = whitening.Move(block, direction);
  DirectionalDerivative result;
  if (!IsCovariance(block)) {
    // Moving A or B leaves the covariances, hence their scales, as they are.
    const CovarianceScales scales = ScalesOf(state);
    auto at = [&](double t) -> absl::StatusOr<ConditionedObjective> {
      State moved = state;
      BlockOf(moved, block) += t * move;
      return Conditioned(problem, moved, weights, reading, scales);
    };
    // Quadratic along the step: the central difference is exact up to rounding.
    ASSIGN_OR_RETURN(ConditionedObjective plus, at(1));
    ASSIGN_OR_RETURN(ConditionedObjective minus, at(-1));
    result.value = (plus.value - minus.value) / 2;
    result.error_bound = (plus.rounding + minus.rounding) / 2;
    return result;
  }
  const double h = kStencilStep;
  double f[4];
  const double steps[4] = {h, -h, 2 * h, -2 * h};
  for (int i = 0; i < 4; ++i) {
    State moved = state;
    BlockOf(moved, block) += steps[i] * move;
    ASSIGN_OR_RETURN(linear_gaussian::ObjectiveValue value,
                     linear_gaussian::EvaluateObjective(problem, moved, weights, reading));
    f[i] = value.total;
  }
  // Within |t| <= 2h a covariance L (I + t E) L^T has condition number and term sizes within
  // a factor (1 + 2h) / (1 - 2h) of the state's: bound the rounding there by the state's
  // e_L times that factor squared.
  const double rounding = at_state.rounding * std::pow((1 + 2 * h) / (1 - 2 * h), 2);
  result.value = (8 * (f[0] - f[1]) - (f[2] - f[3])) / (12 * h);
  const double fifth_derivative =
      block == Block::kSigmaZ
          ? 60 * at_state.trace_whitened_c / std::pow(1 - 2 * h, 6) + 12 / std::pow(1 - 2 * h, 5)
          : 12 * weights.beta / std::pow(1 - 2 * h, 5);
  result.error_bound = 1.5 * rounding / h + std::pow(h, 4) / 30 * fifth_derivative;
  return result;
}

std::vector<Eigen::MatrixXd> ProbeDirections(Block block, int rows, int cols,
                                             uint64_t direction_seed) {
  std::vector<Eigen::MatrixXd> directions;
  const bool symmetric = IsCovariance(block);
  const int entries = symmetric ? rows * (rows + 1) / 2 : rows * cols;
  if (entries <= (symmetric ? kFullBasisEntries / 2 : kFullBasisEntries)) {
    for (int i = 0; i < rows; ++i) {
      for (int j = 0; j < cols; ++j) {
        if (symmetric && j > i) continue;
        Eigen::MatrixXd e = Eigen::MatrixXd::Zero(rows, cols);
        if (symmetric && i != j) {
          e(i, j) = e(j, i) = std::sqrt(0.5);
        } else {
          e(i, j) = 1;
        }
        directions.push_back(std::move(e));
      }
    }
    return directions;
  }
  RandomStream stream(linear_gaussian::MixBits(direction_seed ^ static_cast<uint64_t>(block)));
  for (int k = 0; k < kRandomDirections; ++k) {
    Eigen::MatrixXd e = RandomGaussian(rows, cols, 1.0, stream);
    if (symmetric) e = 0.5 * (e + e.transpose()).eval();
    directions.push_back(e / e.norm());
  }
  return directions;
}

void CheckStationary(const Problem& problem, const State& state, const Weights& weights,
                     ReconstructionReading reading, const std::vector<Block>& blocks,
                     const GradientFunction& autograd, uint64_t direction_seed,
                     const std::string& where, const StationarityChecks& checks,
                     const State* expected_gradient) {
  const bool use_autograd = checks.autograd != nullptr && autograd;
  auto fail_all = [&](const absl::Status& status) {
    if (use_autograd) checks.autograd->AddFailure(where, status.ToString());
    if (checks.finite_difference != nullptr) {
      checks.finite_difference->AddFailure(where, status.ToString());
    }
  };
  absl::StatusOr<Whitening> whitening = Whitening::At(problem, state);
  if (!whitening.ok()) return fail_all(whitening.status());
  absl::StatusOr<ConditionedObjective> at_state =
      EvaluateConditioned(problem, state, weights, reading);
  if (!at_state.ok()) return fail_all(at_state.status());
  // The whitened expected gradient of a block (zero unless given).
  auto expected = [&](Block block) -> Eigen::MatrixXd {
    const Eigen::MatrixXd& shape = BlockOf(state, block);
    if (expected_gradient == nullptr) return Eigen::MatrixXd::Zero(shape.rows(), shape.cols());
    return whitening->WhitenGradient(block, BlockOf(*expected_gradient, block));
  };

  State deviation;  // whitened (autograd gradient - expected), per block
  bool have_deviation = false;
  if (use_autograd) {
    absl::StatusOr<ObjectiveGradient> gradient = autograd(problem, state, weights, reading);
    if (!gradient.ok()) {
      checks.autograd->AddFailure(where, gradient.status().ToString());
    } else {
      double squared = 0;
      for (Block block : blocks) {
        BlockOf(deviation, block) =
            whitening->WhitenGradient(block, BlockOf(gradient->blocks, block)) - expected(block);
        squared += BlockOf(deviation, block).squaredNorm();
      }
      have_deviation = true;
      checks.autograd->Add(std::sqrt(squared), at_state->rounding, where);
    }
  }
  if (checks.finite_difference == nullptr) return;
  for (Block block : blocks) {
    const Eigen::MatrixXd& parameter = BlockOf(state, block);
    std::vector<Eigen::MatrixXd> directions =
        ProbeDirections(block, parameter.rows(), parameter.cols(), direction_seed);
    if (have_deviation) {
      const Eigen::MatrixXd& g = BlockOf(deviation, block);
      if (g.norm() > 0) directions.push_back(g / g.norm());
    }
    const Eigen::MatrixXd expected_block = expected(block);
    for (size_t k = 0; k < directions.size(); ++k) {
      const std::string probe = absl::StrCat(where, " d/d", BlockName(block), " #", k);
      absl::StatusOr<DirectionalDerivative> derivative = FiniteDifference(
          problem, state, weights, reading, block, directions[k], *whitening, *at_state);
      if (!derivative.ok()) {
        checks.finite_difference->AddFailure(probe, derivative.status().ToString());
        continue;
      }
      const double deviation_along =
          derivative->value - (expected_block.cwiseProduct(directions[k])).sum();
      checks.finite_difference->Add(std::abs(deviation_along), derivative->error_bound, probe);
    }
  }
}

void CheckBlockMinimum(const Problem& problem, const State& state, const Weights& weights,
                       ReconstructionReading reading, const std::vector<Block>& blocks,
                       uint64_t direction_seed, const std::string& where, SubCheck* check) {
  absl::StatusOr<Whitening> whitening = Whitening::At(problem, state);
  if (!whitening.ok()) return check->AddFailure(where, whitening.status().ToString());
  absl::StatusOr<ConditionedObjective> at_state =
      EvaluateConditioned(problem, state, weights, reading);
  if (!at_state.ok()) return check->AddFailure(where, at_state.status().ToString());
  RandomStream stream(linear_gaussian::MixBits(direction_seed ^ 0x6d696e696d756dULL));
  const double share = 1 / std::sqrt(static_cast<double>(blocks.size()));
  for (double radius : {1e-3, 0.1, 0.9}) {
    for (int k = 0; k < 2; ++k) {
      State moved = state;
      for (Block block : blocks) {
        const Eigen::MatrixXd& parameter = BlockOf(state, block);
        Eigen::MatrixXd e = RandomGaussian(parameter.rows(), parameter.cols(), 1.0, stream);
        if (IsCovariance(block)) e = 0.5 * (e + e.transpose()).eval();
        BlockOf(moved, block) += whitening->Move(block, radius * share * e / e.norm());
      }
      const std::string probe = absl::StrCat(where, " r=", radius, " #", k);
      absl::StatusOr<ConditionedObjective> after =
          EvaluateConditioned(problem, moved, weights, reading);
      if (!after.ok()) {
        check->AddFailure(probe, after.status().ToString());
        continue;
      }
      check->Add(std::max(0.0, at_state->value - after->value),
                 at_state->rounding + after->rounding, probe);
    }
  }
}

}  // namespace lambdabeta::proofs_check
