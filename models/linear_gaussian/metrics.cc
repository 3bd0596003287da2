#include "models/linear_gaussian/metrics.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/score_gap/score_gap.h"
#include "common/status/status_macros.h"
#include "models/linear_gaussian/closed_forms.h"
#include "models/linear_gaussian/hungarian.h"

namespace lambdabeta::linear_gaussian {
namespace {

// Signal-to-noise ratios above this count as an informative latent direction.
constexpr double kInformativeSnr = 1e-6;

// The last step of SAP and MIG: the mean over factors (columns) of the gap between the two
// largest scores over latents (rows). Undefined for a single latent: 0.
double MeanTopTwoGap(const Eigen::MatrixXd& scores) {
  if (scores.rows() < 2 || scores.cols() == 0) return 0;
  Eigen::VectorXd gaps(scores.cols());
  for (Eigen::Index j = 0; j < scores.cols(); ++j) gaps[j] = metrics::TopTwoGap(scores.col(j));
  return *metrics::MeanOverKeptFactors(gaps, /*skipped=*/{});
}

}  // namespace

Eigen::MatrixXd SquaredCorrelations(const Problem& problem, const Eigen::MatrixXd& b,
                                    const Eigen::MatrixXd& sigma_w) {
  const Eigen::MatrixXd cross = b * problem.gamma * problem.factor_variance.asDiagonal();
  const Eigen::VectorXd latent_variance = LatentCovariance(problem, b, sigma_w).diagonal();
  Eigen::MatrixXd s(cross.rows(), cross.cols());
  for (int i = 0; i < s.rows(); ++i) {
    for (int j = 0; j < s.cols(); ++j) {
      const double denominator = latent_variance(i) * problem.factor_variance(j);
      const double value = denominator > 0 ? cross(i, j) * cross(i, j) / denominator : 0.0;
      s(i, j) = std::clamp(value, 0.0, 1.0 - 1e-15);
    }
  }
  return s;
}

Eigen::MatrixXd PairwiseMutualInformation(const Eigen::MatrixXd& squared_correlations) {
  return -0.5 * (-squared_correlations.array()).log1p().matrix();
}

double SeparatedAttributePredictability(const Eigen::MatrixXd& squared_correlations) {
  return MeanTopTwoGap(squared_correlations);
}

double MutualInformationGap(const Eigen::MatrixXd& pairwise_information,
                            const Eigen::VectorXd& factor_variance, bool* entropy_nonpositive) {
  *entropy_nonpositive = false;
  Eigen::MatrixXd normalised = pairwise_information;
  for (int j = 0; j < normalised.cols(); ++j) {
    const double entropy = 0.5 * std::log(2.0 * M_PI * M_E * factor_variance(j));
    if (!(entropy > 0)) {
      *entropy_nonpositive = true;
      return 0;
    }
    normalised.col(j) /= entropy;
  }
  return MeanTopTwoGap(normalised);
}

double LatentInformativeness(const Eigen::MatrixXd& pairwise_information) {
  return MaxWeightMatching(pairwise_information).total_weight;
}

absl::StatusOr<LinearMetrics> ComputeMetrics(const Problem& problem, const State& state,
                                             const Weights& weights,
                                             ReconstructionReading reading) {
  if (problem.m < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("SAP needs at least two latents, m = ", problem.m));
  }
  ASSIGN_OR_RETURN(ObjectiveValue objective, EvaluateObjective(problem, state, weights, reading));
  ASSIGN_OR_RETURN(double total_mi, LatentFactorMutualInformation(problem, state.b, state.sigma_w));
  ASSIGN_OR_RETURN(Eigen::VectorXd snr, LatentSignalToNoise(problem, state.b, state.sigma_w));

  const Eigen::MatrixXd s = SquaredCorrelations(problem, state.b, state.sigma_w);
  const Eigen::MatrixXd information = PairwiseMutualInformation(s);
  LinearMetrics metrics;
  metrics.set_loss(objective.total);
  metrics.set_reconstruction_error(ReconstructionError(problem, state));
  metrics.set_sap(SeparatedAttributePredictability(s));
  bool entropy_nonpositive = false;
  metrics.set_mig(MutualInformationGap(information, problem.factor_variance, &entropy_nonpositive));
  metrics.set_mig_entropy_nonpositive(entropy_nonpositive);
  metrics.set_i_m(LatentInformativeness(information));
  metrics.set_total_mi(total_mi);
  metrics.set_encoder_gain_norm(
      state.b.rows() == 0 ? 0.0 : Eigen::JacobiSVD<Eigen::MatrixXd>(state.b).singularValues()(0));
  metrics.set_informative_directions(static_cast<int>((snr.array() > kInformativeSnr).count()));
  metrics.set_latent_observation_mi(0.5 * snr.array().log1p().sum());
  return metrics;
}

}  // namespace lambdabeta::linear_gaussian
