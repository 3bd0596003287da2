#include "pipeline/metrics/mig.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/score_gap/score_gap.h"
#include "common/status/status_macros.h"
#include "pipeline/metrics/metric_inputs.h"

namespace lambdabeta::metrics {
namespace {

// Labels of one variable, renumbered 0..num_values-1 in increasing order of the original label.
struct DenseLabels {
  std::vector<int> index;
  int num_values = 0;
};

DenseLabels Densify(const Eigen::Ref<const Eigen::VectorXi>& labels) {
  std::vector<int> values(labels.data(), labels.data() + labels.size());
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  DenseLabels dense;
  dense.num_values = static_cast<int>(values.size());
  dense.index.resize(labels.size());
  for (Eigen::Index n = 0; n < labels.size(); ++n) {
    dense.index[n] = static_cast<int>(std::lower_bound(values.begin(), values.end(), labels[n]) -
                                      values.begin());
  }
  return dense;
}

// sklearn.metrics.mutual_info_score on a contingency table of counts, term by term:
//   sum over nonzero cells of  p_ij (log n_ij - log N) + p_ij (log N_a + log N_b - log(a_i b_j)).
double MutualInformationOfCounts(const DenseLabels& a, const DenseLabels& b) {
  if (a.num_values <= 1 || b.num_values <= 1) return 0.0;
  const int64_t n = static_cast<int64_t>(a.index.size());
  std::vector<int64_t> joint(static_cast<size_t>(a.num_values) * b.num_values, 0);
  std::vector<int64_t> count_a(a.num_values, 0), count_b(b.num_values, 0);
  for (int64_t k = 0; k < n; ++k) {
    ++joint[static_cast<size_t>(a.index[k]) * b.num_values + b.index[k]];
    ++count_a[a.index[k]];
    ++count_b[b.index[k]];
  }
  const double log_n = std::log(static_cast<double>(n));
  double mi = 0;
  for (int i = 0; i < a.num_values; ++i) {
    for (int j = 0; j < b.num_values; ++j) {
      const int64_t nij = joint[static_cast<size_t>(i) * b.num_values + j];
      if (nij == 0) continue;
      const double p = static_cast<double>(nij) / static_cast<double>(n);
      const double log_outer =
          -std::log(static_cast<double>(count_a[i] * count_b[j])) + log_n + log_n;
      const double term = p * (std::log(static_cast<double>(nij)) - log_n) + p * log_outer;
      if (std::abs(term) >= std::numeric_limits<double>::epsilon()) mi += term;
    }
  }
  return std::max(mi, 0.0);
}

}  // namespace

std::vector<double> HistogramBinEdges(double min, double max, int num_bins) {
  if (min == max) {
    min -= 0.5;
    max += 0.5;
  }
  // numpy.linspace(min, max, num_bins + 1): y = arange * step + start, then y[-1] = stop;
  // a step that underflows to 0 is replaced by arange / div * delta.
  const double delta = max - min;
  const double step = delta / num_bins;
  std::vector<double> edges(num_bins + 1);
  for (int k = 0; k < num_bins; ++k) {
    const double offset =
        step == 0 ? static_cast<double>(k) / num_bins * delta : static_cast<double>(k) * step;
    edges[k] = offset + min;
  }
  edges[num_bins] = max;
  return edges;
}

absl::StatusOr<Eigen::MatrixXi> HistogramDiscretize(const Eigen::MatrixXd& codes, int num_bins) {
  if (num_bins < 2) {
    return absl::InvalidArgumentError(absl::StrCat("num_bins must be at least 2, got ", num_bins));
  }
  if (!codes.allFinite()) {
    return absl::InvalidArgumentError("codes contain NaN or infinity: no histogram range");
  }
  Eigen::MatrixXi labels(codes.rows(), codes.cols());
  for (Eigen::Index i = 0; i < codes.cols(); ++i) {
    if (codes.rows() == 0) break;
    const std::vector<double> edges =
        HistogramBinEdges(codes.col(i).minCoeff(), codes.col(i).maxCoeff(), num_bins);
    // numpy.digitize(x, edges[:-1]) for increasing edges: the number of those edges <= x.
    for (Eigen::Index n = 0; n < codes.rows(); ++n) {
      labels(n, i) = static_cast<int>(
          std::upper_bound(edges.begin(), edges.end() - 1, codes(n, i)) - edges.begin());
    }
  }
  return labels;
}

double DiscreteMutualInformation(const Eigen::Ref<const Eigen::VectorXi>& a,
                                 const Eigen::Ref<const Eigen::VectorXi>& b) {
  return MutualInformationOfCounts(Densify(a), Densify(b));
}

double DiscreteEntropy(const Eigen::Ref<const Eigen::VectorXi>& a) {
  const DenseLabels dense = Densify(a);
  return MutualInformationOfCounts(dense, dense);
}

absl::StatusOr<MigResult> ComputeMig(const Eigen::MatrixXd& codes,
                                     const Eigen::MatrixXi& factor_classes, int num_bins) {
  RETURN_IF_ERROR(CheckCodes(codes, factor_classes.rows(), factor_classes.cols(), "MIG"));
  ASSIGN_OR_RETURN(Eigen::MatrixXi latent_labels, HistogramDiscretize(codes, num_bins));

  const Eigen::Index num_latents = codes.cols(), num_factors = factor_classes.cols();
  std::vector<DenseLabels> latents, factors;
  for (Eigen::Index i = 0; i < num_latents; ++i) latents.push_back(Densify(latent_labels.col(i)));
  for (Eigen::Index j = 0; j < num_factors; ++j) factors.push_back(Densify(factor_classes.col(j)));

  MigResult result;
  result.mutual_information.resize(num_latents, num_factors);
  result.factor_entropy.resize(num_factors);
  result.normalized_gap = Eigen::VectorXd::Zero(num_factors);
  result.skipped_factors = ConstantFactors(factor_classes);
  for (Eigen::Index j = 0; j < num_factors; ++j) {
    for (Eigen::Index i = 0; i < num_latents; ++i) {
      result.mutual_information(i, j) = MutualInformationOfCounts(latents[i], factors[j]);
    }
    result.factor_entropy[j] = MutualInformationOfCounts(factors[j], factors[j]);
    if (factors[j].num_values > 1) {
      result.normalized_gap[j] =
          TopTwoGap(result.mutual_information.col(j)) / result.factor_entropy[j];
    }
  }
  ASSIGN_OR_RETURN(double mig, MeanOverKeptFactors(result.normalized_gap, result.skipped_factors));
  result.mig = mig;
  return result;
}

}  // namespace lambdabeta::metrics
