#include "pipeline/metrics/deep_metrics.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/status_macros.h"
#include "models/linear_gaussian/problem_proto.h"
#include "pipeline/metrics/mig.h"
#include "pipeline/metrics/sap.h"

namespace lambdabeta::metrics {
namespace {

double Mean(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

absl::Status ComputeBce(const DeepMetricInputs& in, DeepMetrics* out) {
  out->set_bce(Mean(in.bce));
  return absl::OkStatus();
}

absl::Status ComputeMse(const DeepMetricInputs& in, DeepMetrics* out) {
  out->set_mse(Mean(in.mse));
  return absl::OkStatus();
}

absl::Status ComputeKl(const DeepMetricInputs& in, DeepMetrics* out) {
  out->set_kl(Mean(in.kl));
  return absl::OkStatus();
}

// MIG of the fit rows, with the latent x factor MI (Figure 8) and the factor entropies.
absl::Status ComputeMigMetric(const DeepMetricInputs& in, DeepMetrics* out) {
  ASSIGN_OR_RETURN(MigResult mig, ComputeMig(in.fit_codes, in.fit_classes, in.settings.mig_bins()));
  out->set_mig(mig.mig);
  *out->mutable_mutual_information() = linear_gaussian::MatrixToProto(mig.mutual_information);
  for (double h : mig.factor_entropy) out->add_factor_entropy(h);
  return absl::OkStatus();
}

// SAP as the settings ask: discrete (SVMs fit on the fit rows, scored on the test rows) or
// continuous (fit rows only).
absl::Status ComputeSapMetric(const DeepMetricInputs& in, DeepMetrics* out) {
  absl::StatusOr<SapResult> sap;
  if (in.settings.sap_mode() == DISCRETE) {
    DiscreteSapOptions options;
    options.svm.c = in.settings.svm_c();
    options.num_threads = in.threads;
    sap = ComputeDiscreteSap(in.fit_codes, in.fit_classes, in.test_codes, in.test_classes, options);
  } else {
    sap = ComputeContinuousSap(in.fit_codes, in.fit_values);
  }
  RETURN_IF_ERROR(sap.status());
  out->set_sap(sap->sap);
  out->set_sap_mode(in.settings.sap_mode());
  out->set_sap_binary_fits(sap->binary_fits);
  out->set_sap_fits_at_iteration_cap(sap->fits_at_iteration_cap);
  return absl::OkStatus();
}

std::string MigProtocol(const Evaluation& e) {
  return absl::StrCat(e.mig_bins(), " equal-width bins, fit images");
}

std::string SapProtocol(const Evaluation& e) {
  return e.sap_mode() == DISCRETE ? absl::StrFormat("discrete, linear SVM C = %g", e.svm_c())
                                  : "continuous (squared correlation)";
}

}  // namespace

const std::vector<DeepMetric>& AllDeepMetrics() {
  static const auto* metrics = new std::vector<DeepMetric>{
      {"bce", "BCE", "Reconstruction (nats)", 1, true, ComputeBce,
       [](const DeepMetrics& m) { return m.bce(); }, nullptr},
      {"mse", "MSE", "Squared error", 1, false, ComputeMse,
       [](const DeepMetrics& m) { return m.mse(); }, nullptr},
      {"kl", "KL", "KL (nats)", 1, false, ComputeKl, [](const DeepMetrics& m) { return m.kl(); },
       nullptr},
      {"mig", "MIG", "MIG", 3, true, ComputeMigMetric, [](const DeepMetrics& m) { return m.mig(); },
       MigProtocol},
      {"sap", "SAP", "SAP", 3, true, ComputeSapMetric, [](const DeepMetrics& m) { return m.sap(); },
       SapProtocol},
  };
  return *metrics;
}

const DeepMetric* FindDeepMetric(absl::string_view name) {
  for (const DeepMetric& metric : AllDeepMetrics()) {
    if (name == metric.name) return &metric;
  }
  return nullptr;
}

absl::Status ComputeDeepMetrics(const DeepMetricInputs& inputs, absl::string_view what,
                                DeepMetrics* out) {
  for (const DeepMetric& metric : AllDeepMetrics()) {
    absl::Status status = metric.compute(inputs, out);
    if (!status.ok()) {
      return absl::Status(status.code(),
                          absl::StrCat(metric.label, " of ", what, ": ", status.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace lambdabeta::metrics
