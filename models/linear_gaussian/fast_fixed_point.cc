#include "models/linear_gaussian/fast_fixed_point.h"

#include <Eigen/Dense>
#include <cmath>
#include <complex>
#include <limits>

#include "common/status/status_macros.h"
#include "models/linear_gaussian/fixed_point_map.h"

namespace lambdabeta::linear_gaussian {
namespace {

// An orthonormal basis (n x r) of span(Gamma) + span(B^T), the subspace every iterate stays in.
Eigen::MatrixXd InvariantBasis(const Problem& problem, const Eigen::MatrixXd& b) {
  Eigen::MatrixXd spanning(problem.n(), problem.s() + problem.m);
  spanning << problem.gamma, b.transpose();
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(spanning);
  return qr.householderQ() * Eigen::MatrixXd::Identity(problem.n(), qr.rank());
}

// Type-II Anderson mixing over the last `depth` iterates: with residuals f_i = g_i - x_i of the
// plain steps g_i, the next iterate is g_k - dG gamma where gamma minimises |f_k - dF gamma|
// (dF, dG: differences of consecutive f and g).
class AndersonMixer {
 public:
  AndersonMixer(int length, int depth)
      : delta_f_(length, depth), delta_g_(length, depth), last_f_(length), last_g_(length) {}

  // Sets `next`; returns false when there was no history to mix (next = g).
  bool Mix(const Eigen::VectorXd& f, const Eigen::VectorXd& g, Eigen::VectorXd& next) {
    if (has_last_) {
      const int column = added_ % delta_f_.cols();
      delta_f_.col(column) = f - last_f_;
      delta_g_.col(column) = g - last_g_;
      ++added_;
    }
    last_f_ = f;
    last_g_ = g;
    has_last_ = true;
    const int columns = std::min<int>(added_, delta_f_.cols());
    if (columns == 0) {
      next = g;
      return false;
    }
    const Eigen::VectorXd gamma = delta_f_.leftCols(columns).colPivHouseholderQr().solve(f);
    next = g - delta_g_.leftCols(columns) * gamma;
    return true;
  }

  // RitzRate (fast_fixed_point.h) on the recorded iterate differences dX = dG - dF; 0 without
  // history.
  double RitzRate() const {
    const int columns = std::min<int>(added_, delta_f_.cols());
    if (columns == 0) return 0;
    return linear_gaussian::RitzRate(delta_g_.leftCols(columns) - delta_f_.leftCols(columns),
                                     delta_g_.leftCols(columns));
  }

  void Restart() {
    has_last_ = false;
    added_ = 0;
  }

 private:
  Eigen::MatrixXd delta_f_, delta_g_;
  Eigen::VectorXd last_f_, last_g_;
  bool has_last_ = false;
  int added_ = 0;
};

// (C, Sigma_W) as one vector and back.
Eigen::VectorXd Flatten(const Eigen::MatrixXd& c, const Eigen::MatrixXd& sigma_w) {
  Eigen::VectorXd x(c.size() + sigma_w.size());
  x.head(c.size()) = Eigen::Map<const Eigen::VectorXd>(c.data(), c.size());
  x.tail(sigma_w.size()) = Eigen::Map<const Eigen::VectorXd>(sigma_w.data(), sigma_w.size());
  return x;
}

void Unflatten(const Eigen::VectorXd& x, Eigen::MatrixXd& c, Eigen::MatrixXd& sigma_w) {
  c = Eigen::Map<const Eigen::MatrixXd>(x.data(), c.rows(), c.cols());
  sigma_w = Eigen::Map<const Eigen::MatrixXd>(x.data() + c.size(), sigma_w.rows(), sigma_w.cols());
  sigma_w = (0.5 * (sigma_w + sigma_w.transpose())).eval();
}

// A relative change of a double state this small (~45 rounding units) is at the rounding level
// of the state itself, even with long double steps.
constexpr double kRoundingLevel = 1e-14;

}  // namespace

double RitzRate(const Eigen::MatrixXd& dx, const Eigen::MatrixXd& dg) {
  if (dx.cols() == 0) return 0;
  const Eigen::MatrixXd k = dx.colPivHouseholderQr().solve(dg);
  Eigen::EigenSolver<Eigen::MatrixXd> eigen(k, /*computeEigenvectors=*/false);
  if (eigen.info() != Eigen::Success) return 0;
  double rate = 0;
  for (const std::complex<double>& value : eigen.eigenvalues()) {
    if (std::abs(value) < 1) rate = std::max(rate, std::abs(value));
  }
  return rate;
}

absl::StatusOr<SolverResult> RunFastFixedPoint(const Problem& problem, const State& initial,
                                               const Weights& weights,
                                               const FixedPointSettings& settings,
                                               const AccelerationOptions& options) {
  RETURN_IF_ERROR(CheckRunInput(problem, initial, weights, settings));
  const Eigen::MatrixXd basis = InvariantBasis(problem, initial.b);
  const Problem reduced{basis.transpose() * problem.gamma, problem.factor_variance, problem.sigma2,
                        problem.m};
  StepWorkspace workspace(reduced);
  BasicStepWorkspace<long double> extended_workspace(reduced);
  bool extended = false;                  // steps in long double (see fast_fixed_point.h)
  Eigen::MatrixXd next_c, next_sigma_w;   // the plain step from (c, sigma_w)
  Eigen::MatrixXd c = initial.b * basis;  // B = C Q^T
  Eigen::MatrixXd sigma_w = initial.sigma_w;

  const bool may_accelerate = options.anderson_depth > 0 && weights.beta > 1;
  AndersonMixer mixer(static_cast<int>(c.size() + sigma_w.size()),
                      std::max(1, options.anderson_depth));
  bool accelerating = false;
  bool mixed = false;                      // (c, sigma_w) is a mixed iterate, not a plain step
  Eigen::MatrixXd plain_c, plain_sigma_w;  // the plain step from the previous iterate
  Eigen::VectorXd next;
  double last_step = std::numeric_limits<double>::infinity();
  const double tolerance = settings.relative_tolerance();
  ContractionCertificate certificate;
  // An accelerated run mixes until its relative change is <= mix_until, then takes plain steps,
  // which estimate the contraction rate for the certificate; if the bound is not met, the target
  // falls to the change the bound needs at that rate and mixing resumes.
  double mix_until = tolerance;

  SolverResult result;
  result.status = MAX_ITERATIONS;
  result.iterations = settings.max_iterations();
  for (int iteration = 1; iteration <= settings.max_iterations(); ++iteration) {
    bool stepped;
    if (!extended) {
      stepped = workspace.DecoderGain(c, sigma_w) && workspace.NextEncoder(c, sigma_w, weights) &&
                workspace.b_next().allFinite() && workspace.sigma_w_next().allFinite() &&
                !NoiseDegenerate(workspace.h(), settings);
      if (stepped) {
        next_c = workspace.b_next();
        next_sigma_w = workspace.sigma_w_next();
      }
    } else {
      const BasicStepWorkspace<long double>::Matrix c_extended = c.cast<long double>(),
                                                    sigma_w_extended = sigma_w.cast<long double>();
      stepped = extended_workspace.DecoderGain(c_extended, sigma_w_extended) &&
                extended_workspace.NextEncoder(c_extended, sigma_w_extended, weights);
      if (stepped) {
        next_c = extended_workspace.b_next().cast<double>();
        next_sigma_w = extended_workspace.sigma_w_next().cast<double>();
        stepped = next_c.allFinite() && next_sigma_w.allFinite() &&
                  !NoiseDegenerate(extended_workspace.h().cast<double>(), settings);
      }
    }
    const StepChange change =
        stepped ? MeasureStep(c, sigma_w, next_c, next_sigma_w) : StepChange{};
    const double step = change.Length();
    if (mixed && (!stepped || step > last_step)) {
      // The mixed iterate failed or moved away: take the plain step instead and start over.
      c = plain_c;
      sigma_w = plain_sigma_w;
      mixed = false;
      mixer.Restart();
      continue;
    }
    if (!stepped) {
      result.status = DIVERGED;  // (c, sigma_w) stays the last state that passed every check
      result.iterations = iteration - 1;
      break;
    }
    certificate.AddStep(step, iteration > 1 && !mixed,
                        extended && change.Relative() <= kRoundingLevel);
    result.relative_change = change.Relative();
    result.distance_bound = certificate.Bound(result.relative_change);
    if (change.Within(tolerance) && result.distance_bound <= tolerance) {
      c = next_c;
      sigma_w = next_sigma_w;
      result.status = CONVERGED;
      result.iterations = iteration;
      break;
    }
    // Small steps, no certificate yet: the rest of the run steps in long double, so that
    // rounding does not set the floor of the step (and so of the bound).
    extended = extended || change.Within(tolerance);
    accelerating = accelerating || (may_accelerate && iteration > options.anderson_after &&
                                    step > options.anderson_slow_ratio * last_step);
    last_step = step;
    if (!accelerating) {
      c = next_c;
      sigma_w = next_sigma_w;
      mixed = false;
      continue;
    }
    if (result.relative_change <= mix_until) certificate.RaiseRate(mixer.RitzRate());
    const double rate = certificate.Rate();
    if (result.relative_change <= mix_until && std::isfinite(rate)) {
      // Measured, and not certified: half the change the bound needs at this rate.
      mix_until = rate < 1 ? 0.5 * tolerance * (1 - rate) / rate : 0.1 * mix_until;
    }
    plain_c = next_c;
    plain_sigma_w = next_sigma_w;
    // The mixer records every step, so its history runs on through the plain ones.
    mixed = mixer.Mix(Flatten(plain_c - c, plain_sigma_w - sigma_w),
                      Flatten(plain_c, plain_sigma_w), next);
    if (result.relative_change <= mix_until) {
      mixed = false;
    } else {
      Unflatten(next, c, sigma_w);
    }
    if (!mixed || !next.allFinite() || sigma_w.llt().info() != Eigen::Success) {
      if (mixed) mixer.Restart();
      c = plain_c;
      sigma_w = plain_sigma_w;
      mixed = false;
    }
  }

  const Eigen::MatrixXd b = c * basis.transpose();
  StepWorkspace full(problem);
  if (!full.DecoderGain(b, sigma_w)) {
    return absl::InternalError("the final encoder has no optimal decoder (Sigma_X not PD)");
  }
  result.state = State{full.DecoderGainMatrix(), b, full.DecoderNoise(), sigma_w};
  return result;
}

}  // namespace lambdabeta::linear_gaussian
