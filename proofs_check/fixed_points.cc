#include "proofs_check/fixed_points.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "models/linear_gaussian/closed_forms.h"
#include "models/linear_gaussian/fixed_point.h"
#include "proofs_check/numerics.h"
#include "proofs_check/stationarity.h"

namespace lambdabeta::proofs_check {
namespace {

absl::StatusOr<State> WithOptimalDecoder(const Problem& problem, const Eigen::MatrixXd& b,
                                         const Eigen::MatrixXd& sigma_w) {
  ASSIGN_OR_RETURN(linear_gaussian::Decoder decoder,
                   linear_gaussian::OptimalDecoder(problem, b, sigma_w));
  return State{decoder.a, b, decoder.sigma_z, sigma_w};
}

}  // namespace

double ObservationCondition(const Problem& problem) {
  const Eigen::MatrixXd factor = problem.gamma * problem.factor_variance.cwiseSqrt().asDiagonal();
  const SpdSpectrum signal = SpdSpectrum::Of(factor.transpose() * factor);
  // Sigma_Y's eigenvalues: sigma2 + those of the s x s Gram matrix, and sigma2 (n - s times).
  const double smallest = problem.n() > problem.s() ? 0.0 : std::max(0.0, signal.min);
  return (problem.sigma2 + signal.max) / (problem.sigma2 + smallest);
}

absl::StatusOr<FixedPointDefect> MeasureDefect(const StepFunction& step, const Problem& problem,
                                               const State& state, const Weights& weights) {
  ASSIGN_OR_RETURN(State next, step(problem, state, weights));
  const Eigen::LLT<Eigen::MatrixXd> sigma_w(state.sigma_w);
  const Eigen::LLT<Eigen::MatrixXd> sigma_y(linear_gaussian::ObservationCovariance(problem));
  if (sigma_w.info() != Eigen::Success || sigma_y.info() != Eigen::Success) {
    return absl::FailedPreconditionError("Sigma_W or Sigma_Y is not positive definite");
  }
  // Whitened as in stationarity.h: dB -> L_W^-1 dB L_Y, dSigma_W -> L_W^-1 dSigma_W L_W^-T.
  const auto l_w = sigma_w.matrixL();
  const Eigen::MatrixXd l_y = sigma_y.matrixL();
  auto whitened_size = [&](const Eigen::MatrixXd& delta_b, const Eigen::MatrixXd& delta_w) {
    const Eigen::MatrixXd b = l_w.solve(delta_b) * l_y;
    const Eigen::MatrixXd w = l_w.solve(l_w.solve(delta_w).transpose());
    return std::sqrt(b.squaredNorm() + w.squaredNorm());
  };
  FixedPointDefect result;
  result.with_decoder = State{next.a, state.b, next.sigma_z, state.sigma_w};
  result.defect = whitened_size(next.b - state.b, next.sigma_w - state.sigma_w);
  const double whitened_b = whitened_size(state.b, Eigen::MatrixXd::Zero(problem.m, problem.m));
  const double condition =
      std::max({SpdSpectrum::Of(state.sigma_w).Condition(),
                SpdSpectrum::Of(linear_gaussian::LatentCovariance(problem, state.b, state.sigma_w))
                    .Condition(),
                ObservationCondition(problem)});
  result.rounding = kEpsilon * (problem.n() + problem.m) * condition *
                    (whitened_b + std::sqrt(static_cast<double>(problem.m)));
  result.next = std::move(next);
  return result;
}

FixedPointSearch IterateToFixedPoint(const StepFunction& step, const Problem& problem,
                                     const State& initial, const Weights& weights, int max_steps) {
  constexpr int kRateWindow = 10;
  FixedPointSearch search;
  State state = initial;
  std::vector<double> rates;  // defect_t / defect_(t-1) in the geometric phase
  double previous = 0, previous_rounding = 0;
  for (int t = 0;; ++t) {
    absl::StatusOr<FixedPointDefect> defect = MeasureDefect(step, problem, state, weights);
    if (!defect.ok()) {
      search.status = defect.status();
      return search;
    }
    search.defect = *std::move(defect);
    search.steps = t;
    if (t > 0 && previous > 10 * previous_rounding)
      rates.push_back(search.defect.defect / previous);
    previous = search.defect.defect;
    previous_rounding = search.defect.rounding;
    if (search.defect.defect <= search.defect.rounding) {
      const size_t window = std::min<size_t>(kRateWindow, rates.size());
      for (size_t i = rates.size() - window; i < rates.size(); ++i) {
        search.contraction = std::max(search.contraction, rates[i]);
      }
      search.contraction = std::min(search.contraction, 0.999);
      search.distance = search.defect.defect / (1 - search.contraction) + search.defect.rounding;
      search.converged = true;
      return search;
    }
    if (t == max_steps) break;
    state = search.defect.next;
  }
  search.status = absl::DeadlineExceededError(
      absl::StrCat("defect ", search.defect.defect, " above its rounding level ",
                   search.defect.rounding, " after ", max_steps, " steps"));
  return search;
}

absl::StatusOr<State> UnitLatentFixedPoint(const Problem& problem, const Eigen::MatrixXd& b,
                                           double gain) {
  const Eigen::MatrixXd signal =
      b * linear_gaussian::ObservationCovarianceTimes(problem, b.transpose());
  const double scale = gain / std::sqrt(SpdSpectrum::Of(signal).max);
  const Eigen::MatrixXd scaled = scale * b;
  Eigen::MatrixXd sigma_w =
      Eigen::MatrixXd::Identity(problem.m, problem.m) - scale * scale * signal;
  sigma_w = (0.5 * (sigma_w + sigma_w.transpose())).eval();
  return WithOptimalDecoder(problem, scaled, sigma_w);
}

absl::StatusOr<State> SpectralFixedPoint(const Problem& problem,
                                         const linear_gaussian::ObservationSpectrum& spectrum,
                                         const Weights& weights, const std::vector<int>& kept,
                                         const Eigen::MatrixXd& rotation) {
  if (!(weights.beta > 1) || !(weights.lambda > 0)) {
    return absl::InvalidArgumentError("SpectralFixedPoint needs beta > 1 and lambda > 0");
  }
  if (static_cast<int>(kept.size()) > problem.m) {
    return absl::InvalidArgumentError("more kept directions than latents");
  }
  const double tau = (weights.beta - 1) / (2 * weights.lambda);
  Eigen::MatrixXd b = Eigen::MatrixXd::Zero(problem.m, problem.n());
  Eigen::VectorXd noise = Eigen::VectorXd::Ones(problem.m);
  for (size_t i = 0; i < kept.size(); ++i) {
    const double mu = spectrum.eigenvalues(kept[i]);
    if (!(mu > tau)) {
      return absl::InvalidArgumentError(
          absl::StrCat("direction ", kept[i], " has mu = ", mu, " <= tau = ", tau));
    }
    b.row(i) = std::sqrt(mu - tau) / mu * spectrum.eigenvectors.col(kept[i]).transpose();
    noise(i) = tau / mu;
  }
  const Eigen::MatrixXd sigma_w = rotation * noise.asDiagonal() * rotation.transpose();
  return WithOptimalDecoder(problem, rotation * b, 0.5 * (sigma_w + sigma_w.transpose()));
}

}  // namespace lambdabeta::proofs_check
