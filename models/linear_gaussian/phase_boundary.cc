#include "models/linear_gaussian/phase_boundary.h"

#include <cmath>
#include <limits>

#include "models/linear_gaussian/closed_forms.h"

namespace lambdabeta::linear_gaussian {

ObservationSpectrum ComputeObservationSpectrum(const Problem& problem) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(ObservationCovariance(problem));
  ObservationSpectrum spectrum;
  spectrum.eigenvalues = eigen.eigenvalues().reverse();
  spectrum.eigenvectors = eigen.eigenvectors().rowwise().reverse();
  return spectrum;
}

PhasePrediction PredictPhase(const Problem& problem, const ObservationSpectrum& spectrum,
                             const Weights& weights) {
  PhasePrediction prediction;
  const double beta = weights.beta;
  const double lambda = weights.lambda;
  const Eigen::VectorXd& mu = spectrum.eigenvalues;
  const int n = static_cast<int>(mu.size());
  if (beta < 1) {
    prediction.phase = LinearPrediction::UNBOUNDED;
    return prediction;
  }
  if (beta == 1 && lambda == 0) {
    prediction.phase = LinearPrediction::CONTINUUM;
    return prediction;
  }
  prediction.threshold =
      lambda > 0 ? (beta - 1) / (2 * lambda) : std::numeric_limits<double>::infinity();
  prediction.critical_lambda = (beta - 1) / (2 * mu(0));
  int above = 0;
  while (above < n && mu(above) > prediction.threshold) ++above;
  const int k = std::min(problem.m, above);
  prediction.informative_directions = k;
  prediction.phase = beta == 1 ? LinearPrediction::UNATTAINED
                     : k == 0  ? LinearPrediction::COLLAPSED
                               : LinearPrediction::INFORMATIVE;

  prediction.sigma_z_spectrum = mu;
  prediction.sigma_z_spectrum.head(k).setConstant(prediction.threshold);
  prediction.reconstruction_error = prediction.sigma_z_spectrum.sum() / n;
  if (k > 0) {
    // A canonical encoder of the fixed point: X = U_k^T Y + W, W ~ N(0, diag(1 / snr_i)) with
    // snr_i = 1/tau - 1/mu_i (for tau = 0, the noiseless limit Sigma_W = 0).
    const Eigen::MatrixXd b = spectrum.eigenvectors.leftCols(k).transpose();
    Eigen::VectorXd noise(k);
    for (int i = 0; i < k; ++i) {
      noise(i) = prediction.threshold > 0 ? 1.0 / (1.0 / prediction.threshold - 1.0 / mu(i)) : 0.0;
    }
    absl::StatusOr<double> information =
        LatentFactorMutualInformation(problem, b, noise.asDiagonal().toDenseMatrix());
    prediction.total_mi = information.ok() ? *information : 0.0;
  }
  return prediction;
}

LinearPrediction PredictionToProto(const PhasePrediction& prediction) {
  LinearPrediction proto;
  proto.set_phase(prediction.phase);
  proto.set_informative_directions(prediction.informative_directions);
  proto.set_critical_lambda(prediction.critical_lambda);
  if (std::isfinite(prediction.threshold)) proto.set_threshold(prediction.threshold);
  proto.set_reconstruction_error(prediction.reconstruction_error);
  proto.set_total_mi(prediction.total_mi);
  return proto;
}

}  // namespace lambdabeta::linear_gaussian
