#include "models/linear_gaussian/fixed_point_map.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "models/linear_gaussian/closed_forms.h"

namespace lambdabeta::linear_gaussian {
namespace {

absl::Status CheckShape(const Eigen::MatrixXd& matrix, int rows, int cols, const char* name) {
  if (matrix.rows() == rows && matrix.cols() == cols) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(name, " must be ", rows, " x ", cols, ", got ",
                                                 matrix.rows(), " x ", matrix.cols()));
}

}  // namespace

template <typename Scalar>
BasicStepWorkspace<Scalar>::BasicStepWorkspace(const Problem& problem)
    : problem_(problem),
      gamma_(problem.gamma.cast<Scalar>()),
      factor_variance_(problem.factor_variance.cast<Scalar>()),
      sigma2_(static_cast<Scalar>(problem.sigma2)),
      identity_(Matrix::Identity(problem.m, problem.m)),
      factor_part_(problem.s(), problem.m),
      g_(problem.n(), problem.m),
      sigma_x_(problem.m, problem.m),
      sigma_x_inv_(problem.m, problem.m),
      sigma_w_inv_(problem.m, problem.m),
      a_t_(problem.m, problem.n()),
      a_t_m_(problem.m, problem.n()),
      h_(problem.m, problem.m),
      b_next_(problem.m, problem.n()),
      sigma_w_next_(problem.m, problem.m),
      llt_(problem.m) {}

template <typename Scalar>
bool BasicStepWorkspace<Scalar>::DecoderGain(const Matrix& b, const Matrix& sigma_w) {
  factor_part_.noalias() = gamma_.transpose() * b.transpose();
  factor_part_.array().colwise() *= factor_variance_.array();
  g_.noalias() = gamma_ * factor_part_;
  g_ += sigma2_ * b.transpose();
  sigma_x_.noalias() = b * g_;
  sigma_x_ += sigma_w;
  if (!Invert(sigma_x_, sigma_x_inv_)) return false;
  a_t_.noalias() = sigma_x_inv_ * g_.transpose();
  return true;
}

template <typename Scalar>
bool BasicStepWorkspace<Scalar>::NextEncoder(const Matrix& b, const Matrix& sigma_w,
                                             const Weights& weights) {
  if (!Invert(sigma_w, sigma_w_inv_)) return false;
  a_t_m_.noalias() = sigma_w_inv_ * b;
  h_ = sigma_w_inv_ - sigma_x_inv_;
  if (weights.lambda != 0) {
    a_t_m_ += static_cast<Scalar>(2.0 * weights.lambda) * a_t_;
    h_.noalias() += static_cast<Scalar>(2.0 * weights.lambda) * (a_t_ * a_t_.transpose());
  }
  a_t_m_ /= static_cast<Scalar>(weights.beta);
  h_ /= static_cast<Scalar>(weights.beta);
  h_ += identity_;
  if (!Invert(h_, sigma_w_next_)) return false;
  b_next_.noalias() = sigma_w_next_ * a_t_m_;
  return true;
}

template <typename Scalar>
typename BasicStepWorkspace<Scalar>::Matrix BasicStepWorkspace<Scalar>::DecoderNoise() const {
  Matrix sigma_z = ObservationCovariance(problem_).cast<Scalar>();
  sigma_z.noalias() -= g_ * a_t_;
  return Scalar(0.5) * (sigma_z + sigma_z.transpose());
}

template <typename Scalar>
bool BasicStepWorkspace<Scalar>::Invert(const Matrix& matrix, Matrix& inverse) {
  llt_.compute(matrix);
  if (llt_.info() != Eigen::Success) return false;
  inverse = identity_;
  llt_.solveInPlace(inverse);
  inverse = (Scalar(0.5) * (inverse + inverse.transpose())).eval();
  return true;
}

template class BasicStepWorkspace<double>;
template class BasicStepWorkspace<long double>;

// H = I + A^T M A has eigenvalues >= 1, so cond(Sigma_W') = cond(H) <= lambda_max(H) <= tr H
// and lambda_min(Sigma_W') = 1 / lambda_max(H) >= 1 / tr H: the m x m eigenvalue problem is
// solved only when tr H is large.
bool NoiseDegenerate(const Eigen::MatrixXd& h, const FixedPointSettings& settings) {
  const double trace = h.trace();
  if (!std::isfinite(trace)) return true;
  const double min_eigenvalue = settings.min_noise_eigenvalue();
  const double trace_bound = min_eigenvalue > 0
                                 ? std::min(settings.max_condition_number(), 1.0 / min_eigenvalue)
                                 : settings.max_condition_number();
  if (trace <= trace_bound) return false;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(h, Eigen::EigenvaluesOnly);
  if (eigen.info() != Eigen::Success) return true;
  const double largest = eigen.eigenvalues().maxCoeff();
  const double smallest = eigen.eigenvalues().minCoeff();
  if (!(smallest > 0)) return true;
  return largest / smallest > settings.max_condition_number() || 1.0 / largest < min_eigenvalue;
}

absl::Status CheckStateShape(const Problem& problem, const State& state) {
  RETURN_IF_ERROR(CheckShape(state.b, problem.m, problem.n(), "B"));
  return CheckShape(state.sigma_w, problem.m, problem.m, "Sigma_W");
}

absl::Status CheckRunInput(const Problem& problem, const State& state, const Weights& weights,
                           const FixedPointSettings& settings) {
  RETURN_IF_ERROR(CheckStateShape(problem, state));
  if (!(weights.beta > 0) || !std::isfinite(weights.beta)) {
    return absl::InvalidArgumentError(absl::StrCat("beta must be positive, got ", weights.beta));
  }
  if (!(weights.lambda >= 0) || !std::isfinite(weights.lambda)) {
    return absl::InvalidArgumentError(
        absl::StrCat("lambda must be non-negative, got ", weights.lambda));
  }
  if (!state.b.allFinite() || !state.sigma_w.allFinite()) {
    return absl::InvalidArgumentError("B and Sigma_W must be finite");
  }
  if (!state.sigma_w.isApprox(state.sigma_w.transpose(), 1e-12) ||
      state.sigma_w.llt().info() != Eigen::Success) {
    return absl::InvalidArgumentError("Sigma_W must be symmetric positive definite");
  }
  if (settings.max_iterations() <= 0 || !(settings.relative_tolerance() > 0) ||
      !(settings.max_condition_number() > 1) || !(settings.min_noise_eigenvalue() >= 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("fixed-point settings out of range: ", settings.ShortDebugString()));
  }
  return absl::OkStatus();
}

double StepChange::Relative() const {
  const double whole = b_norm + sigma_w_norm > 0
                           ? std::sqrt((b_change + sigma_w_change) / (b_norm + sigma_w_norm))
                           : 0.0;
  const double noise = sigma_w_norm > 0 ? std::sqrt(sigma_w_change / sigma_w_norm) : 0.0;
  return std::max(whole, noise);
}

double StepChange::Length() const { return std::sqrt(b_change + sigma_w_change); }

StepChange MeasureStep(const Eigen::MatrixXd& b, const Eigen::MatrixXd& sigma_w,
                       const Eigen::MatrixXd& b_next, const Eigen::MatrixXd& sigma_w_next) {
  return StepChange{(b_next - b).squaredNorm(), (sigma_w_next - sigma_w).squaredNorm(),
                    b_next.squaredNorm(), sigma_w_next.squaredNorm()};
}

void ContractionCertificate::AddStep(double step, bool iterate_is_plain_step,
                                     bool at_rounding_level) {
  at_rounding_level_ = at_rounding_level;
  if (iterate_is_plain_step && last_step_ > 0) {
    ratios_[count_ % kRatios] = step / last_step_;
    ++count_;
  } else {
    // The first plain steps' rate outlives the mixing: estimates from the few plain steps after a
    // mixed iterate come out low while its faster components decay.
    if (count_ >= kRatios) RaiseRate(WindowRate());
    count_ = 0;
  }
  last_step_ = step;
}

double ContractionCertificate::WindowRate() const {
  return *std::max_element(ratios_, ratios_ + kRatios);
}

double ContractionCertificate::Rate() const {
  if (at_rounding_level_ && floor_ > 0) return floor_;
  if (count_ < kRatios) return std::numeric_limits<double>::infinity();
  return std::max(WindowRate(), floor_);
}

double ContractionCertificate::Bound(double relative_change) const {
  if (relative_change == 0) return 0;  // T(x) = x: the iterate is a fixed point
  const double rate = Rate();
  if (!(rate < 1)) return std::numeric_limits<double>::infinity();
  return relative_change * rate / (1 - rate);
}

}  // namespace lambdabeta::linear_gaussian
