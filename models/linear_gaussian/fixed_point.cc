#include "models/linear_gaussian/fixed_point.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "models/linear_gaussian/closed_forms.h"

namespace lambdabeta::linear_gaussian {
namespace {

// Buffers for the steps of one run, allocated once: a step at (n, m) = (100, 10) takes
// microseconds, so heap traffic would show. The m x n products are done as general matrix
// products with explicit m x m inverses (O(m^3), cheap next to O(n m^2)), which Eigen runs
// faster than triangular solves with n right-hand sides.
class StepWorkspace {
 public:
  explicit StepWorkspace(const Problem& problem)
      : problem_(problem),
        identity_(Eigen::MatrixXd::Identity(problem.m, problem.m)),
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

  // A = Sigma_Y B^T Sigma_X^-1 (kept as A^T, with G = Sigma_Y B^T). False if Sigma_X is not
  // positive definite.
  bool DecoderGain(const Eigen::MatrixXd& b, const Eigen::MatrixXd& sigma_w) {
    factor_part_.noalias() = problem_.gamma.transpose() * b.transpose();
    factor_part_.array().colwise() *= problem_.factor_variance.array();
    g_.noalias() = problem_.gamma * factor_part_;
    g_ += problem_.sigma2 * b.transpose();
    sigma_x_.noalias() = b * g_;
    sigma_x_ += sigma_w;
    if (!Invert(sigma_x_, sigma_x_inv_)) return false;
    a_t_.noalias() = sigma_x_inv_ * g_.transpose();
    return true;
  }

  // The encoder that follows the decoder of the last DecoderGain(b, sigma_w) call, using
  //   A^T Sigma_Z^-1 = Sigma_W^-1 B   and   A^T Sigma_Z^-1 A = Sigma_W^-1 B A = Sigma_W^-1 -
  //   Sigma_X^-1.
  // False if Sigma_W or H is not positive definite.
  bool NextEncoder(const Eigen::MatrixXd& b, const Eigen::MatrixXd& sigma_w,
                   const Weights& weights) {
    if (!Invert(sigma_w, sigma_w_inv_)) return false;
    a_t_m_.noalias() = sigma_w_inv_ * b;
    h_ = sigma_w_inv_ - sigma_x_inv_;
    if (weights.lambda != 0) {
      a_t_m_ += (2.0 * weights.lambda) * a_t_;
      h_.noalias() += (2.0 * weights.lambda) * (a_t_ * a_t_.transpose());
    }
    a_t_m_ /= weights.beta;
    h_ /= weights.beta;
    h_ += identity_;
    if (!Invert(h_, sigma_w_next_)) return false;
    b_next_.noalias() = sigma_w_next_ * a_t_m_;
    return true;
  }

  // Sigma_Z = Sigma_Y - A G^T for the last DecoderGain call (O(n^2 m)).
  Eigen::MatrixXd DecoderNoise() const {
    Eigen::MatrixXd sigma_z = ObservationCovariance(problem_);
    sigma_z.noalias() -= g_ * a_t_;
    return 0.5 * (sigma_z + sigma_z.transpose());
  }

  Eigen::MatrixXd DecoderGainMatrix() const { return a_t_.transpose(); }
  const Eigen::MatrixXd& b_next() const { return b_next_; }
  const Eigen::MatrixXd& sigma_w_next() const { return sigma_w_next_; }
  // H = Sigma_W'^-1.
  const Eigen::MatrixXd& h() const { return h_; }

 private:
  // inverse = the symmetrised inverse of the symmetric `matrix` (its lower triangle is read);
  // false if it is not positive definite.
  bool Invert(const Eigen::MatrixXd& matrix, Eigen::MatrixXd& inverse) {
    llt_.compute(matrix);
    if (llt_.info() != Eigen::Success) return false;
    inverse = identity_;
    llt_.solveInPlace(inverse);
    inverse = (0.5 * (inverse + inverse.transpose())).eval();
    return true;
  }

  const Problem& problem_;
  const Eigen::MatrixXd identity_;
  Eigen::MatrixXd factor_part_, g_, sigma_x_, sigma_x_inv_, sigma_w_inv_, a_t_, a_t_m_, h_, b_next_,
      sigma_w_next_;
  Eigen::LLT<Eigen::MatrixXd> llt_;
};

// Whether Sigma_W' = H^-1 breaks a divergence threshold. H = I + A^T M A has eigenvalues
// >= 1, so cond(Sigma_W') = cond(H) <= lambda_max(H) <= tr H and lambda_min(Sigma_W') =
// 1 / lambda_max(H) >= 1 / tr H: the m x m eigenvalue problem is solved only when tr H is large.
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

absl::Status CheckShape(const Eigen::MatrixXd& matrix, int rows, int cols, const char* name) {
  if (matrix.rows() == rows && matrix.cols() == cols) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(name, " must be ", rows, " x ", cols, ", got ",
                                                 matrix.rows(), " x ", matrix.cols()));
}

absl::Status CheckInput(const Problem& problem, const State& state, const Weights& weights) {
  if (absl::Status s = CheckShape(state.b, problem.m, problem.n(), "B"); !s.ok()) return s;
  if (absl::Status s = CheckShape(state.sigma_w, problem.m, problem.m, "Sigma_W"); !s.ok()) {
    return s;
  }
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
  return absl::OkStatus();
}

// |x - y|_F^2 accumulated over matrices of the same shape.
double SquaredDistance(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
  return (x - y).squaredNorm();
}

}  // namespace

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
  if (absl::Status s = CheckShape(state.b, problem.m, problem.n(), "B"); !s.ok()) return s;
  if (absl::Status s = CheckShape(state.sigma_w, problem.m, problem.m, "Sigma_W"); !s.ok()) {
    return s;
  }
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
  if (absl::Status s = CheckInput(problem, initial, weights); !s.ok()) return s;
  if (settings.max_iterations() <= 0 || !(settings.relative_tolerance() > 0) ||
      !(settings.max_condition_number() > 1) || !(settings.min_noise_eigenvalue() >= 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("fixed-point settings out of range: ", settings.ShortDebugString()));
  }

  StepWorkspace workspace(problem);
  Eigen::MatrixXd b = initial.b;
  Eigen::MatrixXd sigma_w = initial.sigma_w;
  const double tolerance_squared = settings.relative_tolerance() * settings.relative_tolerance();
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
    const double b_change = SquaredDistance(workspace.b_next(), b);
    const double sigma_w_change = SquaredDistance(workspace.sigma_w_next(), sigma_w);
    b = workspace.b_next();
    sigma_w = workspace.sigma_w_next();
    const double sigma_w_norm = sigma_w.squaredNorm();
    if (b_change + sigma_w_change <= tolerance_squared * (b.squaredNorm() + sigma_w_norm) &&
        sigma_w_change <= tolerance_squared * sigma_w_norm) {
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
