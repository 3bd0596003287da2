#include "pipeline/metrics/sap.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/parallel/parallel_for.h"
#include "common/score_gap/score_gap.h"
#include "common/status/status_macros.h"
#include "pipeline/metrics/metric_inputs.h"

namespace lambdabeta::metrics {
namespace {

// Fills in the gaps and their mean from `result.score` and `result.skipped_factors`.
absl::Status SummarizeScores(SapResult& result) {
  result.gap = Eigen::VectorXd::Zero(result.score.cols());
  for (Eigen::Index j = 0; j < result.score.cols(); ++j) {
    if (!std::binary_search(result.skipped_factors.begin(), result.skipped_factors.end(), j)) {
      result.gap[j] = TopTwoGap(result.score.col(j));
    }
  }
  ASSIGN_OR_RETURN(double sap, MeanOverKeptFactors(result.gap, result.skipped_factors));
  result.sap = sap;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SapResult> ComputeDiscreteSap(const Eigen::MatrixXd& fit_codes,
                                             const Eigen::MatrixXi& fit_classes,
                                             const Eigen::MatrixXd& test_codes,
                                             const Eigen::MatrixXi& test_classes,
                                             const DiscreteSapOptions& options) {
  RETURN_IF_ERROR(CheckCodes(fit_codes, fit_classes.rows(), fit_classes.cols(), "SAP fit split"));
  RETURN_IF_ERROR(
      CheckCodes(test_codes, test_classes.rows(), test_classes.cols(), "SAP test split"));
  if (test_codes.cols() != fit_codes.cols() || test_classes.cols() != fit_classes.cols()) {
    return absl::InvalidArgumentError(
        absl::StrCat("SAP: fit split has ", fit_codes.cols(), " latents and ", fit_classes.cols(),
                     " factors, test split ", test_codes.cols(), " and ", test_classes.cols()));
  }
  if (options.num_threads < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("SAP: num_threads must be positive, got ", options.num_threads));
  }

  SapResult result;
  result.skipped_factors = ConstantFactors(fit_classes);
  const int num_latents = static_cast<int>(fit_codes.cols());
  // (latent, factor) pairs, costliest first (a fit costs about one pass per class) so that
  // threads finish together. The order does not affect any fit's result.
  std::vector<std::pair<int, int>> pairs;
  std::vector<int> num_classes(fit_classes.cols());
  for (int j = 0; j < fit_classes.cols(); ++j) {
    std::vector<int> labels(fit_classes.col(j).data(),
                            fit_classes.col(j).data() + fit_classes.rows());
    std::sort(labels.begin(), labels.end());
    num_classes[j] = static_cast<int>(std::unique(labels.begin(), labels.end()) - labels.begin());
    if (num_classes[j] < 2) continue;  // skipped
    for (int i = 0; i < num_latents; ++i) pairs.emplace_back(i, j);
  }
  std::stable_sort(pairs.begin(), pairs.end(), [&](const auto& a, const auto& b) {
    return num_classes[a.second] > num_classes[b.second];
  });

  result.score = Eigen::MatrixXd::Zero(num_latents, fit_classes.cols());
  std::vector<OneFeatureSvm> fits(pairs.size());  // their counters
  absl::Status fitted =
      ParallelFor(static_cast<int>(pairs.size()), options.num_threads, [&](int k) {
        const auto [i, j] = pairs[k];
        absl::StatusOr<OneFeatureSvm> svm =
            TrainOneFeatureSvm(fit_codes.col(i), fit_classes.col(j), options.svm);
        if (!svm.ok()) {
          return absl::Status(svm.status().code(), absl::StrCat("SAP latent ", i, " factor ", j,
                                                                ": ", svm.status().message()));
        }
        int correct = 0;
        for (Eigen::Index n = 0; n < test_codes.rows(); ++n) {
          correct += svm->Predict(test_codes(n, i)) == test_classes(n, j);
        }
        result.score(i, j) = static_cast<double>(correct) / static_cast<double>(test_codes.rows());
        fits[k] = *std::move(svm);
        return absl::OkStatus();
      });
  if (!fitted.ok()) return fitted;
  for (size_t k = 0; k < pairs.size(); ++k) {
    result.binary_fits += fits[k].binary_fits;
    result.fits_at_iteration_cap += fits[k].fits_at_iteration_cap;
    result.solver_iterations += fits[k].solver_iterations;
  }
  RETURN_IF_ERROR(SummarizeScores(result));
  return result;
}

absl::StatusOr<SapResult> ComputeContinuousSap(const Eigen::MatrixXd& fit_codes,
                                               const Eigen::MatrixXd& fit_factors) {
  RETURN_IF_ERROR(CheckCodes(fit_codes, fit_factors.rows(), fit_factors.cols(), "SAP"));
  if (fit_codes.rows() < 2) return absl::InvalidArgumentError("SAP: needs at least 2 samples");
  if (!fit_factors.allFinite()) {
    return absl::InvalidArgumentError("SAP: factor values contain NaN or infinity");
  }
  SapResult result;
  result.skipped_factors = ConstantFactors(fit_factors);
  const double dof = static_cast<double>(fit_codes.rows() - 1);
  const Eigen::MatrixXd z = fit_codes.rowwise() - fit_codes.colwise().mean();
  const Eigen::MatrixXd y = fit_factors.rowwise() - fit_factors.colwise().mean();
  const Eigen::VectorXd var_z = z.colwise().squaredNorm().transpose() / dof;
  const Eigen::VectorXd var_y = y.colwise().squaredNorm().transpose() / dof;
  const Eigen::MatrixXd cov = z.transpose() * y / dof;
  result.score = Eigen::MatrixXd::Zero(fit_codes.cols(), fit_factors.cols());
  for (Eigen::Index j = 0; j < fit_factors.cols(); ++j) {
    if (std::binary_search(result.skipped_factors.begin(), result.skipped_factors.end(), j)) {
      continue;
    }
    for (Eigen::Index i = 0; i < fit_codes.cols(); ++i) {
      if (var_z[i] > 1e-12) result.score(i, j) = cov(i, j) * cov(i, j) / (var_z[i] * var_y[j]);
    }
  }
  RETURN_IF_ERROR(SummarizeScores(result));
  return result;
}

}  // namespace lambdabeta::metrics
