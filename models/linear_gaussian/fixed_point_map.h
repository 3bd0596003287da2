// The fixed-point map of Lemma 3.1 / Lemma 4.2 (derivation in fixed_point.h), shared by the
// reference iteration (fixed_point.h) and the fast solver (fast_fixed_point.h) so that both
// apply exactly the same arithmetic per step.
#ifndef LAMBDABETA_MODELS_LINEAR_GAUSSIAN_FIXED_POINT_MAP_H_
#define LAMBDABETA_MODELS_LINEAR_GAUSSIAN_FIXED_POINT_MAP_H_

#include <Eigen/Dense>
#include <algorithm>

#include "absl/status/status.h"
#include "common/proto/linear_study.pb.h"
#include "models/linear_gaussian/problem.h"

namespace lambdabeta::linear_gaussian {

// Buffers for the steps of one run, allocated once: a step at (n, m) = (100, 10) takes
// microseconds, so heap traffic would show. The m x n products are done as general matrix
// products with explicit m x m inverses (O(m^3), cheap next to O(n m^2)), which Eigen runs
// faster than triangular solves with n right-hand sides. Scalar is double for every run; the fast
// solver certifies its slowest runs with long double steps (fast_fixed_point.h), whose rounding
// error is ~2,000 times smaller.
template <typename Scalar>
class BasicStepWorkspace {
 public:
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

  explicit BasicStepWorkspace(const Problem& problem);

  // A = Sigma_Y B^T Sigma_X^-1 (kept as A^T, with G = Sigma_Y B^T). False if Sigma_X is not
  // positive definite.
  bool DecoderGain(const Matrix& b, const Matrix& sigma_w);

  // The encoder that follows the decoder of the last DecoderGain(b, sigma_w) call, using
  //   A^T Sigma_Z^-1 = Sigma_W^-1 B   and   A^T Sigma_Z^-1 A = Sigma_W^-1 B A = Sigma_W^-1 -
  //   Sigma_X^-1.
  // False if Sigma_W or H is not positive definite.
  bool NextEncoder(const Matrix& b, const Matrix& sigma_w, const Weights& weights);

  // Sigma_Z = Sigma_Y - A G^T for the last DecoderGain call (O(n^2 m)).
  Matrix DecoderNoise() const;

  Matrix DecoderGainMatrix() const { return a_t_.transpose(); }
  const Matrix& b_next() const { return b_next_; }
  const Matrix& sigma_w_next() const { return sigma_w_next_; }
  // H = Sigma_W'^-1.
  const Matrix& h() const { return h_; }

 private:
  // inverse = the symmetrised inverse of the symmetric `matrix` (its lower triangle is read);
  // false if it is not positive definite.
  bool Invert(const Matrix& matrix, Matrix& inverse);

  const Problem& problem_;
  const Matrix gamma_;            // the problem's Gamma, ...
  const Vector factor_variance_;  // ... diag Sigma_V ...
  const Scalar sigma2_;           // ... and sigma2 as Scalar
  const Matrix identity_;
  Matrix factor_part_, g_, sigma_x_, sigma_x_inv_, sigma_w_inv_, a_t_, a_t_m_, h_, b_next_,
      sigma_w_next_;
  Eigen::LLT<Matrix> llt_;
};
using StepWorkspace = BasicStepWorkspace<double>;
extern template class BasicStepWorkspace<double>;
extern template class BasicStepWorkspace<long double>;

// Whether Sigma_W' = H^-1 breaks a divergence threshold of `settings`.
bool NoiseDegenerate(const Eigen::MatrixXd& h, const FixedPointSettings& settings);

// InvalidArgument unless B is m x n and Sigma_W is m x m.
absl::Status CheckStateShape(const Problem& problem, const State& state);

// InvalidArgument for bad input of a run: shapes, beta <= 0, lambda < 0, Sigma_W not symmetric
// positive definite, settings out of range.
absl::Status CheckRunInput(const Problem& problem, const State& state, const Weights& weights,
                           const FixedPointSettings& settings);

// The stopping rule of a step (B, Sigma_W) -> (B', Sigma_W') (see fixed_point.h): the larger of
// |(B', Sigma_W') - (B, Sigma_W)|_F / |(B', Sigma_W')|_F and |Sigma_W' - Sigma_W|_F / |Sigma_W'|_F.
// The run has converged when it is <= relative_tolerance.
struct StepChange {
  double b_change = 0;        // |B' - B|_F^2
  double sigma_w_change = 0;  // |Sigma_W' - Sigma_W|_F^2
  double b_norm = 0;          // |B'|_F^2
  double sigma_w_norm = 0;    // |Sigma_W'|_F^2

  bool Within(double tolerance) const {
    const double squared = tolerance * tolerance;
    return b_change + sigma_w_change <= squared * (b_norm + sigma_w_norm) &&
           sigma_w_change <= squared * sigma_w_norm;
  }
  double Relative() const;
  double Length() const;  // |(B', Sigma_W') - (B, Sigma_W)|_F
};
StepChange MeasureStep(const Eigen::MatrixXd& b, const Eigen::MatrixXd& sigma_w,
                       const Eigen::MatrixXd& b_next, const Eigen::MatrixXd& sigma_w_next);

// The convergence certificate both solvers require: a small step is not a small distance when
// the map contracts slowly. If the map is a contraction with factor rho near its fixed point x*,
// the plain step g = T(x) satisfies |g - x*| <= rho / (1 - rho) |g - x| (an a-posteriori
// contraction bound). rho is not known: its estimate is the largest ratio of successive
// plain-step lengths |T(x_t) - x_t| / |T(x_(t-1)) - x_(t-1)| over the last kRatios pairs of
// consecutive plain steps (x_t = T(x_(t-1))), floored by every earlier complete window's
// estimate and by rates raised from outside (RaiseRate: the fast solver's Ritz values). So the
// bound, relative_change * rho / (1 - rho) in the measure of StepChange::Relative, is an
// estimate of the distance to the fixed point the iterates converge to, as good as that rate:
// exact for a map that is linear near x*, not a proof otherwise (fast_fixed_point.h says how it
// compared with the true distance), and unavailable (infinite) with fewer ratios or rho >= 1.
// A run is CONVERGED only when both its last relative change and this bound are <= the
// tolerance.
class ContractionCertificate {
 public:
  static constexpr int kRatios = 4;

  // Records the plain step from the current iterate, of length `step` (StepChange::Length);
  // `iterate_is_plain_step`: the current iterate is the plain step from the
  // previous one (false for a start or a mixed iterate, which restarts the estimate).
  // `at_rounding_level`: the step is as small as the rounding of the iterate (the fast solver's
  // long double steps from a double state), so the ratios of such steps are noise, not a rate:
  // while it holds, the estimate is the floor (if there is one).
  void AddStep(double step, bool iterate_is_plain_step, bool at_rounding_level = false);
  // Raises the floor of the estimate to `rate` if that is below 1 (a rate measured another way,
  // e.g. from an accelerated solver's history): the estimate never falls below its floor.
  void RaiseRate(double rate) {
    if (rate < 1) floor_ = std::max(floor_, rate);
  }
  // The estimated rho; infinity until kRatios ratios are in.
  double Rate() const;
  // relative_change * rho / (1 - rho); infinity without an estimate below 1.
  double Bound(double relative_change) const;

 private:
  double WindowRate() const;

  double last_step_ = 0;
  // The floor: every complete window's estimate before a restart, and RaiseRate's; 0 if none.
  double floor_ = 0;
  bool at_rounding_level_ = false;
  double ratios_[kRatios] = {};
  int count_ = 0;  // consecutive ratios recorded (the last kRatios kept, cyclically)
};

}  // namespace lambdabeta::linear_gaussian

#endif  // LAMBDABETA_MODELS_LINEAR_GAUSSIAN_FIXED_POINT_MAP_H_
