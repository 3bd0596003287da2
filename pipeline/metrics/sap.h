// Separated Attribute Predictability (Kumar et al., 2018), as the disentanglement literature's
// reference implementation computes it (see DEFINITIONS.md). For each latent i
// and factor j a score S_ij; SAP = mean over factors of (largest - second largest S_ij over i).
//   - discrete (the default for image datasets): S_ij = test-split accuracy of a one-vs-rest
//     linear SVM on the single feature z_i, trained on the fit split (linear_svm.h);
//   - continuous: S_ij = cov(z_i, y_j)^2 / (var z_i var y_j) on the fit split, 0 when
//     var z_i <= 1e-12 (sample moments, n - 1).
// A factor that takes a single value on the fit split carries no information: the reference
// fails on it (LinearSVC refuses one class; the continuous ratio is 0/0). We skip it in the
// mean and list it in `skipped_factors`, as MIG does; if every factor is constant, an error.
#ifndef LAMBDABETA_PIPELINE_METRICS_SAP_H_
#define LAMBDABETA_PIPELINE_METRICS_SAP_H_

#include <cstdint>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "pipeline/metrics/linear_svm.h"

namespace lambdabeta::metrics {

struct SapResult {
  Eigen::MatrixXd score;  // latents x factors: S_ij
  Eigen::VectorXd gap;    // per factor; 0 for skipped factors
  std::vector<int> skipped_factors;
  double sap = 0;
  // Discrete mode only: binary SVM subproblems solved, and how many stopped at liblinear's
  // iteration cap (the reference's LinearSVC would warn about those too).
  int binary_fits = 0;
  int fits_at_iteration_cap = 0;
  int64_t solver_iterations = 0;  // Newton steps or dual passes, summed over binary fits
};

struct DiscreteSapOptions {
  LinearSvmOptions svm;
  // (latent, factor) fits are independent and each is deterministic (the primal solver uses no
  // randomness, the dual one its own rand() stream), so the result does not depend on the
  // thread count.
  int num_threads = 1;
};

// Codes N x L, factor classes N x F; the two splits have the same L and F.
absl::StatusOr<SapResult> ComputeDiscreteSap(const Eigen::MatrixXd& fit_codes,
                                             const Eigen::MatrixXi& fit_classes,
                                             const Eigen::MatrixXd& test_codes,
                                             const Eigen::MatrixXi& test_classes,
                                             const DiscreteSapOptions& options = {});

// Codes N x L, factor values N x F (class indices as doubles will do).
absl::StatusOr<SapResult> ComputeContinuousSap(const Eigen::MatrixXd& fit_codes,
                                               const Eigen::MatrixXd& fit_factors);

}  // namespace lambdabeta::metrics

#endif  // LAMBDABETA_PIPELINE_METRICS_SAP_H_
