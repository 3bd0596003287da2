// Mutual Information Gap (Chen et al., 2018), exactly as the disentanglement literature's
// reference implementation computes it (see DEFINITIONS.md):
//   1. each latent is discretised into `num_bins` equal-width bins over its observed
//      [min, max]: numpy.histogram's bin edges, then numpy.digitize against all but the last
//      edge, giving labels 1..num_bins (the minimum falls in bin 1, the maximum in bin
//      num_bins; a constant latent gets a single label, so its MI with anything is 0);
//   2. plug-in mutual information (nats) between each discretised latent and each factor's
//      class labels, as sklearn.metrics.mutual_info_score computes it;
//   3. each factor's plug-in entropy H(v_j) = I(v_j; v_j);
//   4. MIG = mean over factors of (largest MI - second largest MI) / H(v_j).
// One deliberate difference: a factor with a single class in the sample has H = 0, where the
// reference divides by zero (NaN). We skip such factors in the mean and list them in
// `skipped_factors`; if every factor is constant, ComputeMig returns an error.
#ifndef LAMBDABETA_PIPELINE_METRICS_MIG_H_
#define LAMBDABETA_PIPELINE_METRICS_MIG_H_

#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"

namespace lambdabeta::metrics {

struct MigResult {
  Eigen::MatrixXd mutual_information;  // latents x factors, nats (Figure 8)
  Eigen::VectorXd factor_entropy;      // nats
  Eigen::VectorXd normalized_gap;      // per factor; 0 for skipped factors
  std::vector<int> skipped_factors;    // single-class factors, left out of the mean
  double mig = 0;
};

// `codes`: N x L encoder means; `factor_classes`: N x F class labels (any integers).
absl::StatusOr<MigResult> ComputeMig(const Eigen::MatrixXd& codes,
                                     const Eigen::MatrixXi& factor_classes, int num_bins = 20);

// numpy.histogram(values, num_bins)[1] for data with observed range [min, max]: num_bins + 1
// edges from numpy.linspace, computed with the same floating-point steps (edge k is
// k * step + min, the last edge is max exactly). A zero-width range becomes [min - 0.5, max + 0.5].
std::vector<double> HistogramBinEdges(double min, double max, int num_bins);

// Each column of `codes` discretised as in step 1: labels in 1..num_bins.
absl::StatusOr<Eigen::MatrixXi> HistogramDiscretize(const Eigen::MatrixXd& codes, int num_bins);

// Plug-in mutual information (nats) of two label sequences of equal length, as
// sklearn.metrics.mutual_info_score: 0 when either takes a single value, per-cell terms below
// machine epsilon set to 0, the sum clipped at 0.
double DiscreteMutualInformation(const Eigen::Ref<const Eigen::VectorXi>& a,
                                 const Eigen::Ref<const Eigen::VectorXi>& b);

// Plug-in entropy (nats) of a label sequence: DiscreteMutualInformation(a, a).
double DiscreteEntropy(const Eigen::Ref<const Eigen::VectorXi>& a);

}  // namespace lambdabeta::metrics

#endif  // LAMBDABETA_PIPELINE_METRICS_MIG_H_
