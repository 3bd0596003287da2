// The step MIG and SAP share (the deep study's here, the linear-Gaussian study's in
// models/linear_gaussian/metrics.h): for each factor (a column of a latent x factor score
// matrix), the gap between the largest and the second largest score over latents; then the mean
// of the per-factor gaps over the factors that are kept.
#ifndef LAMBDABETA_COMMON_SCORE_GAP_SCORE_GAP_H_
#define LAMBDABETA_COMMON_SCORE_GAP_SCORE_GAP_H_

#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"

namespace lambdabeta::metrics {

// Largest minus second largest entry (ties give 0). Needs at least two entries.
double TopTwoGap(const Eigen::Ref<const Eigen::VectorXd>& scores);

// Mean of `per_factor` over the factors not listed in `skipped` (sorted, unique, in range).
// An error if every factor is skipped: the mean is then undefined, and we never report NaN.
absl::StatusOr<double> MeanOverKeptFactors(const Eigen::VectorXd& per_factor,
                                           const std::vector<int>& skipped);

}  // namespace lambdabeta::metrics

#endif  // LAMBDABETA_COMMON_SCORE_GAP_SCORE_GAP_H_
