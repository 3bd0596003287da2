// Checks shared by the metrics: shapes agree, enough latents for a top-two gap, finite codes.
// Codes are N x L (one row per sample, one column per latent); factors are N x F.
#ifndef LAMBDABETA_PIPELINE_METRICS_METRIC_INPUTS_H_
#define LAMBDABETA_PIPELINE_METRICS_METRIC_INPUTS_H_

#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace lambdabeta::metrics {

// `what` names the sample in errors, e.g. "fit split".
absl::Status CheckCodes(const Eigen::MatrixXd& codes, Eigen::Index factor_rows,
                        Eigen::Index num_factors, absl::string_view what);

// Factors whose column takes a single value: they carry no information (entropy 0), every
// metric skips them in its mean. Sorted.
std::vector<int> ConstantFactors(const Eigen::MatrixXi& factor_classes);
std::vector<int> ConstantFactors(const Eigen::MatrixXd& factor_values);

}  // namespace lambdabeta::metrics

#endif  // LAMBDABETA_PIPELINE_METRICS_METRIC_INPUTS_H_
