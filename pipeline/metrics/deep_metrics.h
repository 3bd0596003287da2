// The deep study's metrics, listed once (AllDeepMetrics, in deep_metrics.cc). Evaluation computes
// every one into DeepMetrics (results.proto); aggregation checks each for finite values and
// summarises the tabulated ones per grid cell by name: columns <name>_mean and <name>_std of
// fig4.tsv and fig5.tsv, Figure 4's Markdown; Table 2 shows each one's protocol. The figures
// pick columns by those names (figures/deep_metrics.gp).
#ifndef LAMBDABETA_PIPELINE_METRICS_DEEP_METRICS_H_
#define LAMBDABETA_PIPELINE_METRICS_DEEP_METRICS_H_

#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/proto/deep_study.pb.h"
#include "common/proto/results.pb.h"

namespace lambdabeta::metrics {

// What one trained model gives the metrics: its encoder means and reconstruction terms on the
// evaluation images, split into fit rows and test rows, with the images' factors.
struct DeepMetricInputs {
  const Evaluation& settings;
  const Eigen::MatrixXd& fit_codes;     // num_fit x latents
  const Eigen::MatrixXd& test_codes;    // num_test x latents
  const Eigen::MatrixXi& fit_classes;   // num_fit x factors, class indices
  const Eigen::MatrixXi& test_classes;  // num_test x factors
  const Eigen::MatrixXd& fit_values;    // num_fit x factors, factor values (continuous SAP)
  // Per image, fit rows then test rows (pipeline/evaluate/encode.h).
  const std::vector<double>& bce;
  const std::vector<double>& mse;
  const std::vector<double>& kl;
  int threads = 1;
};

struct DeepMetric {
  const char* name;     // the DeepMetrics field and the tables' column stem, e.g. "mig"
  const char* label;    // in errors, progress lines and Table 2, e.g. "MIG"
  const char* heading;  // Figure 4's Markdown column, e.g. "Reconstruction (nats)"
  int decimals;         // in Markdown
  bool tabulated;       // summarised per (dataset, beta, lambda) cell in the study's tables
  // Sets the field `name` of `out` (and any detail fields of the metric).
  absl::Status (*compute)(const DeepMetricInputs& inputs, DeepMetrics* out);
  double (*value)(const DeepMetrics& metrics);  // reads the field `name`
  // Table 2's row "label | protocol" under the evaluation settings; null: no row.
  std::string (*protocol)(const Evaluation& settings);
};

// In the order of the tables' columns.
const std::vector<DeepMetric>& AllDeepMetrics();
// Null if no metric has this name.
const DeepMetric* FindDeepMetric(absl::string_view name);

// Computes every metric into `out`; an error names the metric and `what` (e.g. the model).
absl::Status ComputeDeepMetrics(const DeepMetricInputs& inputs, absl::string_view what,
                                DeepMetrics* out);

}  // namespace lambdabeta::metrics

#endif  // LAMBDABETA_PIPELINE_METRICS_DEEP_METRICS_H_
