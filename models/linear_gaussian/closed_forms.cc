#include "models/linear_gaussian/closed_forms.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"

namespace lambdabeta::linear_gaussian {
namespace {

// log det of a symmetric positive definite matrix from its Cholesky factor.
double LogDet(const Eigen::LLT<Eigen::MatrixXd>& llt) {
  return 2.0 * llt.matrixLLT().diagonal().array().log().sum();
}

absl::Status NotPositiveDefinite(const char* name) {
  return absl::InvalidArgumentError(absl::StrCat(name, " is not positive definite"));
}

// -1/2 sum log(1 - rho) over the eigenvalues rho of k = r^T r, clamped to [0, 1).
double InformationFromCorrelations(const Eigen::MatrixXd& r) {
  const Eigen::VectorXd rho =
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(r.transpose() * r, Eigen::EigenvaluesOnly)
          .eigenvalues();
  double information = 0;
  for (double value : rho) {
    information -= 0.5 * std::log1p(-std::clamp(value, 0.0, 1.0 - 1e-16));
  }
  return information;
}

}  // namespace

Eigen::MatrixXd ObservationCovariance(const Problem& problem) {
  Eigen::MatrixXd sigma_y =
      problem.gamma * problem.factor_variance.asDiagonal() * problem.gamma.transpose();
  sigma_y.diagonal().array() += problem.sigma2;
  return sigma_y;
}

Eigen::MatrixXd ObservationCovarianceTimes(const Problem& problem, const Eigen::MatrixXd& x) {
  Eigen::MatrixXd factor_part = problem.gamma.transpose() * x;
  factor_part = problem.factor_variance.asDiagonal() * factor_part;
  Eigen::MatrixXd result = problem.gamma * factor_part;
  result += problem.sigma2 * x;
  return result;
}

Eigen::MatrixXd LatentCovariance(const Problem& problem, const Eigen::MatrixXd& b,
                                 const Eigen::MatrixXd& sigma_w) {
  Eigen::MatrixXd sigma_x = b * ObservationCovarianceTimes(problem, b.transpose());
  sigma_x += sigma_w;
  return 0.5 * (sigma_x + sigma_x.transpose());
}

Eigen::MatrixXd ResidualCovariance(const Problem& problem, const State& state) {
  const Eigen::MatrixXd g = ObservationCovarianceTimes(problem, state.b.transpose());
  const Eigen::MatrixXd ag = state.a * g.transpose();
  Eigen::MatrixXd c = ObservationCovariance(problem) - ag - ag.transpose();
  c += state.a * LatentCovariance(problem, state.b, state.sigma_w) * state.a.transpose();
  return 0.5 * (c + c.transpose());
}

double ReconstructionError(const Problem& problem, const State& state) {
  // tr C = tr Sigma_Y - 2 tr(A G^T) + tr(A Sigma_X A^T), without forming n x n matrices.
  const Eigen::MatrixXd g = ObservationCovarianceTimes(problem, state.b.transpose());
  const double trace_sigma_y =
      (problem.gamma.array().square().matrix() * problem.factor_variance).sum() +
      problem.n() * problem.sigma2;
  const Eigen::MatrixXd sigma_x = LatentCovariance(problem, state.b, state.sigma_w);
  const double trace_c = trace_sigma_y - 2.0 * (state.a.array() * g.array()).sum() +
                         (state.a.transpose() * state.a).cwiseProduct(sigma_x).sum();
  return trace_c / problem.n();
}

absl::StatusOr<ObjectiveValue> EvaluateObjective(const Problem& problem, const State& state,
                                                 const Weights& weights,
                                                 ReconstructionReading reading) {
  const int n = problem.n();
  const int m = problem.m;
  const Eigen::LLT<Eigen::MatrixXd> sigma_z_llt(state.sigma_z);
  if (sigma_z_llt.info() != Eigen::Success) return NotPositiveDefinite("Sigma_Z");
  const Eigen::LLT<Eigen::MatrixXd> sigma_w_llt(state.sigma_w);
  if (sigma_w_llt.info() != Eigen::Success) return NotPositiveDefinite("Sigma_W");

  const Eigen::MatrixXd c = ResidualCovariance(problem, state);
  ObjectiveValue value;
  value.reconstruction = 0.5 * sigma_z_llt.solve(c).trace() + 0.5 * LogDet(sigma_z_llt) +
                         0.5 * n * std::log(2.0 * M_PI);
  const double trace_b_sigma_y_bt =
      (state.b * ObservationCovarianceTimes(problem, state.b.transpose())).trace();
  value.kl = 0.5 * (state.sigma_w.trace() + trace_b_sigma_y_bt - m - LogDet(sigma_w_llt));
  value.penalty = c.trace();
  if (reading == DECODER_SAMPLE) value.penalty += state.sigma_z.trace();
  value.total = value.reconstruction + weights.beta * value.kl + weights.lambda * value.penalty;
  return value;
}

Eigen::MatrixXd JointLatentFactorCovariance(const Problem& problem, const Eigen::MatrixXd& b,
                                            const Eigen::MatrixXd& sigma_w) {
  const int m = static_cast<int>(b.rows());
  const int s = problem.s();
  const Eigen::MatrixXd cross = b * problem.gamma * problem.factor_variance.asDiagonal();
  Eigen::MatrixXd joint(m + s, m + s);
  joint.topLeftCorner(m, m) = LatentCovariance(problem, b, sigma_w);
  joint.topRightCorner(m, s) = cross;
  joint.bottomLeftCorner(s, m) = cross.transpose();
  joint.bottomRightCorner(s, s) = problem.factor_variance.asDiagonal();
  return joint;
}

absl::StatusOr<double> LatentFactorMutualInformation(const Problem& problem,
                                                     const Eigen::MatrixXd& b,
                                                     const Eigen::MatrixXd& sigma_w) {
  const Eigen::LLT<Eigen::MatrixXd> sigma_x_llt(LatentCovariance(problem, b, sigma_w));
  if (sigma_x_llt.info() != Eigen::Success) return NotPositiveDefinite("Sigma_X");
  const Eigen::MatrixXd cross =
      b * problem.gamma * problem.factor_variance.cwiseSqrt().asDiagonal();
  return InformationFromCorrelations(sigma_x_llt.matrixL().solve(cross));
}

absl::StatusOr<Eigen::VectorXd> LatentSignalToNoise(const Problem& problem,
                                                    const Eigen::MatrixXd& b,
                                                    const Eigen::MatrixXd& sigma_w) {
  const Eigen::LLT<Eigen::MatrixXd> sigma_w_llt(sigma_w);
  if (sigma_w_llt.info() != Eigen::Success) return NotPositiveDefinite("Sigma_W");
  const Eigen::MatrixXd p = sigma_w_llt.matrixL().solve(b);
  const Eigen::MatrixXd k = p * ObservationCovarianceTimes(problem, p.transpose());
  Eigen::VectorXd snr = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(0.5 * (k + k.transpose()),
                                                                       Eigen::EigenvaluesOnly)
                            .eigenvalues();
  return snr.cwiseMax(0.0);
}

absl::StatusOr<double> LatentObservationMutualInformation(const Problem& problem,
                                                          const Eigen::MatrixXd& b,
                                                          const Eigen::MatrixXd& sigma_w) {
  ASSIGN_OR_RETURN(Eigen::VectorXd snr, LatentSignalToNoise(problem, b, sigma_w));
  return 0.5 * snr.array().log1p().sum();
}

}  // namespace lambdabeta::linear_gaussian
