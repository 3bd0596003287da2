#include "pipeline/aggregate/table2.h"

#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "pipeline/aggregate/result_grid.h"
#include "pipeline/metrics/deep_metrics.h"

namespace lambdabeta::aggregate {
namespace {

// "150,000".
std::string Grouped(int64_t n) {
  const std::string digits = absl::StrCat(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string List(const google::protobuf::RepeatedField<double>& values) {
  std::vector<std::string> texts;
  for (double v : values) texts.push_back(absl::StrFormat("%g", v));
  return absl::StrJoin(texts, ", ");
}

// A power of ten as "10^{-4}" (gnuplot enhanced text) or "1e-4" (Markdown); other values %g.
std::string PowerOfTen(double v, bool enhanced) {
  const double exponent = std::round(std::log10(v));
  if (v > 0 && std::abs(v - std::pow(10.0, exponent)) <= 1e-12 * v) {
    return enhanced ? absl::StrFormat("10^{%d}", static_cast<int>(exponent))
                    : absl::StrFormat("1e%d", static_cast<int>(exponent));
  }
  return absl::StrFormat("%g", v);
}

struct Row {
  std::string group;  // empty: same group as the row above
  std::string parameter;
  std::string value;           // both formats
  std::string value_enhanced;  // for the TSV where it differs; empty = value
};

}  // namespace

Table2 MakeTable2(const DeepStudyConfig& config) {
  const Training& t = config.training();
  const ::lambdabeta::Evaluation& e = config.evaluation();
  std::vector<std::string> datasets;
  for (int d : config.datasets())
    datasets.push_back(DatasetLabel(static_cast<::lambdabeta::Dataset>(d)));
  std::vector<Row> rows = {
      {"Training", "Optimizer",
       t.optimizer() == Training::ADAM ? "Adam" : Training::Optimizer_Name(t.optimizer()), ""},
      {"", "Learning rate", PowerOfTen(t.learning_rate(), false),
       PowerOfTen(t.learning_rate(), true)},
      {"", "Batch size", absl::StrCat(t.batch_size()), ""},
      {"", "β-VAE training (phase 1)", absl::StrCat(Grouped(t.beta_vae_steps()), " steps"), ""},
      {"", "λβ-VAE finetune (phase 2)", absl::StrCat(Grouped(t.lambda_beta_vae_steps()), " steps"),
       ""},
      {"", "Seeds", absl::StrCat(t.seeds()), ""},
      {"Grid", "β grid", List(config.beta()), ""},
      {"", "λ grid", List(config.lambda()), ""},
      {"Model", "Latent dimension", absl::StrCat("m = ", config.architecture().latent_dim()), ""},
      {"Data", "Datasets", absl::StrJoin(datasets, ", "), ""},
      {"Evaluation", "Images per model",
       absl::StrCat(Grouped(e.num_fit()), " fit + ", Grouped(e.num_test()), " test (sample seed ",
                    e.sample_seed(), ")"),
       ""},
  };
  for (const metrics::DeepMetric& metric : metrics::AllDeepMetrics()) {
    if (metric.protocol != nullptr) rows.push_back({"", metric.label, metric.protocol(e), ""});
  }
  rows.push_back(
      {"Selection", "Tchebycheff",
       absl::StrFormat("ρ = %g, w1 = %s", config.selection().rho(), List(config.selection().w1())),
       absl::StrFormat("ρ = %g, w_1 = %s", config.selection().rho(),
                       List(config.selection().w1()))});
  Table2 table;
  table.markdown = absl::StrCat(
      "# Table 2\n\nTraining hyperparameters of the nonlinear experiments under config `",
      config.name(),
      "`, with the datasets and evaluation settings.\n\n"
      "| | Parameter | Value |\n|---|---|---|\n");
  table.tsv = "-\tParameter\tValue\n";
  for (const Row& row : rows) {
    absl::StrAppend(&table.markdown, "| ", row.group.empty() ? "" : "**" + row.group + "** ", "| ",
                    row.parameter, " | ", row.value, " |\n");
    absl::StrAppend(&table.tsv, row.group.empty() ? "-" : row.group, "\t", row.parameter, "\t",
                    row.value_enhanced.empty() ? row.value : row.value_enhanced, "\n");
  }
  return table;
}

}  // namespace lambdabeta::aggregate
