#include "pipeline/aggregate/study_tables.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/status/status_macros.h"
#include "pipeline/metrics/deep_metrics.h"
#include "pipeline/select/tchebycheff.h"

namespace lambdabeta::aggregate {
namespace {

// Full precision for the files figures read; %g keeps grid values short (1, 0.5, 1e-05).
std::string Num(double v) { return absl::StrFormat("%.10g", v); }
std::string Grid(double v) { return absl::StrFormat("%g", v); }

// TSV blocks: a header comment, then blocks separated by two blank lines (gnuplot's `index`).
std::string Blocks(const std::string& header, const std::vector<std::string>& blocks) {
  return absl::StrCat(header, absl::StrJoin(blocks, "\n\n"));
}

std::string Row(const std::vector<std::string>& cells) {
  return absl::StrCat(absl::StrJoin(cells, "\t"), "\n");
}

// "mean ± std (n = count)" with `decimals` after the point.
std::string MeanStd(const metrics::Summary& s, int decimals) {
  return absl::StrFormat("%.*f ± %.*f (n = %d)", decimals, s.mean, decimals, s.std, s.count);
}

::lambdabeta::Dataset DatasetAt(const DeepStudyConfig& config, int d) {
  return static_cast<::lambdabeta::Dataset>(config.datasets(d));
}

// The metrics the tables summarise per cell, in the registry's order.
std::vector<const metrics::DeepMetric*> TabulatedMetrics() {
  std::vector<const metrics::DeepMetric*> tabulated;
  for (const metrics::DeepMetric& metric : metrics::AllDeepMetrics()) {
    if (metric.tabulated) tabulated.push_back(&metric);
  }
  return tabulated;
}

// The columns "n", then <name>_mean and <name>_std of each tabulated metric, tab-separated.
std::string SummaryHeader() {
  std::string header = "n";
  for (const metrics::DeepMetric* metric : TabulatedMetrics()) {
    absl::StrAppend(&header, "\t", metric->name, "_mean\t", metric->name, "_std");
  }
  return header;
}

// The values of SummaryHeader's columns for one cell.
std::vector<std::string> SummaryValues(const CellSummary& cell) {
  std::vector<std::string> values;
  for (const metrics::DeepMetric* metric : TabulatedMetrics()) {
    const metrics::Summary& s = cell.at(metric->name);
    if (values.empty()) values.push_back(absl::StrCat(s.count));
    values.push_back(Num(s.mean));
    values.push_back(Num(s.std));
  }
  return values;
}

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

absl::StatusOr<CellSummaries> SummarizeCells(const ResultGrid& grid) {
  CellSummaries cells;
  for (const metrics::DeepMetric* metric : TabulatedMetrics()) {
    metrics::GroupedValues<CellKey> values;
    for (const auto& [key, result] : grid.runs)
      values.Add(key.cell, metric->value(result.metrics()));
    ASSIGN_OR_RETURN(auto summaries, values.Summaries());
    for (const auto& [cell, summary] : summaries) cells[cell][metric->name] = summary;
  }
  return cells;
}

std::string Figure4Tsv(const DeepStudyConfig& config, const CellSummaries& cells) {
  std::vector<std::string> blocks;
  for (int d = 0; d < config.datasets_size(); ++d) {
    const ::lambdabeta::Dataset dataset = DatasetAt(config, d);
    std::string block;
    for (double beta : config.beta()) {
      const CellSummary& c = cells.at({dataset, beta, 0.0});
      absl::StrAppend(&block, Row(Concat({absl::StrCat(d), DatasetLabel(dataset), Grid(beta)},
                                         SummaryValues(c))));
    }
    blocks.push_back(block);
  }
  return Blocks(
      absl::StrCat("# Figure 4 (lambda = 0): mean and sample std over seeds (n); BCE in nats per "
                   "image. One block per dataset.\n"
                   "# dataset_index\tdataset\tbeta\t",
                   SummaryHeader(), "\n"),
      blocks);
}

std::string Figure4Markdown(const DeepStudyConfig& config, const CellSummaries& cells) {
  std::string md = absl::StrCat(
      "# Figure 4 numbers\n\n"
      "The beta-VAE (lambda = 0) under config `",
      config.name(),
      "`: mean ± sample standard deviation over seeds, with n the number of seeds. "
      "Reconstruction is the Bernoulli negative log-likelihood of the decoded encoder mean, "
      "in nats per image; MIG on the ",
      config.evaluation().num_fit(), " fit images, SAP (",
      SapMode_Name(config.evaluation().sap_mode()), ") on ", config.evaluation().num_fit(),
      " fit + ", config.evaluation().num_test(), " test images.\n\n| Dataset | β |");
  std::string rule = "|---|--:|";
  for (const metrics::DeepMetric* metric : TabulatedMetrics()) {
    absl::StrAppend(&md, " ", metric->heading, " |");
    absl::StrAppend(&rule, "--:|");
  }
  absl::StrAppend(&md, "\n", rule, "\n");
  for (int d = 0; d < config.datasets_size(); ++d) {
    const ::lambdabeta::Dataset dataset = DatasetAt(config, d);
    for (double beta : config.beta()) {
      const CellSummary& c = cells.at({dataset, beta, 0.0});
      absl::StrAppend(&md, "| ", DatasetLabel(dataset), " | ", Grid(beta), " |");
      for (const metrics::DeepMetric* metric : TabulatedMetrics()) {
        absl::StrAppend(&md, " ", MeanStd(c.at(metric->name), metric->decimals), " |");
      }
      absl::StrAppend(&md, "\n");
    }
  }
  return md;
}

std::string Figure5Tsv(const DeepStudyConfig& config, const CellSummaries& cells) {
  std::vector<std::string> blocks;
  for (int d = 0; d < config.datasets_size(); ++d) {
    const ::lambdabeta::Dataset dataset = DatasetAt(config, d);
    std::string block;
    for (int i = 0; i < config.beta_size(); ++i) {
      for (int j = 0; j < config.lambda_size(); ++j) {
        const CellSummary& c = cells.at({dataset, config.beta(i), config.lambda(j)});
        absl::StrAppend(&block,
                        Row(Concat({absl::StrCat(d), DatasetLabel(dataset), absl::StrCat(i),
                                    absl::StrCat(j), Grid(config.beta(i)), Grid(config.lambda(j))},
                                   SummaryValues(c))));
      }
    }
    blocks.push_back(block);
  }
  return Blocks(
      absl::StrCat("# Figure 5: mean and sample std over seeds (n) per (beta, lambda); BCE in nats "
                   "per image. One block per dataset.\n"
                   "# dataset_index\tdataset\tbeta_index\tlambda_index\tbeta\tlambda\t",
                   SummaryHeader(), "\n"),
      blocks);
}

absl::StatusOr<SelectionFiles> SelectionTables(const DeepStudyConfig& config,
                                               const CellSummaries& cells) {
  const double rho = config.selection().rho();
  const std::vector<double> w1s(config.selection().w1().begin(), config.selection().w1().end());
  std::vector<std::string> score_blocks;
  std::string selected;
  std::string md = absl::StrCat(
      "# Selection (Section 6)\n\n"
      "Config `",
      config.name(),
      "`. Per dataset, each (β, λ) cell has f1 = mean reconstruction "
      "NLL (nats) and f2 = 1 − mean MIG over seeds; both are min-max normalised over the "
      "dataset's grid and scored by the augmented Tchebycheff function "
      "S = max(w1 f̄1, w2 f̄2) + ρ (w1 f̄1 + w2 f̄2) with ρ = ",
      Grid(rho),
      ". The selected cell minimises S (ties: smallest β, then λ).\n\n"
      "| Dataset | w1 | w2 | β | λ | S | mean BCE (nats) | mean MIG |\n"
      "|---|--:|--:|--:|--:|--:|--:|--:|\n");
  for (int d = 0; d < config.datasets_size(); ++d) {
    const ::lambdabeta::Dataset dataset = DatasetAt(config, d);
    std::vector<select::GridCell> grid;
    std::vector<std::pair<int, int>> indices;
    for (int i = 0; i < config.beta_size(); ++i) {
      for (int j = 0; j < config.lambda_size(); ++j) {
        const CellSummary& c = cells.at({dataset, config.beta(i), config.lambda(j)});
        grid.push_back({config.beta(i), config.lambda(j), c.at("bce").mean, c.at("mig").mean});
        indices.emplace_back(i, j);
      }
    }
    absl::StatusOr<select::Selection> selection = select::SelectOperatingPoints(grid, w1s, rho);
    if (!selection.ok()) {
      return absl::Status(selection.status().code(),
                          absl::StrCat(DatasetLabel(dataset), ": ", selection.status().message()));
    }
    for (size_t p = 0; p < selection->profiles.size(); ++p) {
      const select::Profile& profile = selection->profiles[p];
      std::string block;
      for (size_t k = 0; k < grid.size(); ++k) {
        absl::StrAppend(
            &block, Row({absl::StrCat(d), DatasetLabel(dataset), absl::StrCat(p), Grid(profile.w1),
                         Grid(profile.w2), absl::StrCat(indices[k].first),
                         absl::StrCat(indices[k].second), Grid(grid[k].beta), Grid(grid[k].lambda),
                         Num(grid[k].reconstruction_nll), Num(grid[k].mig),
                         Num(selection->f1_normalized[k]), Num(selection->f2_normalized[k]),
                         Num(profile.score[k]), k == profile.best ? "1" : "0"}));
      }
      score_blocks.push_back(block);
      const size_t b = profile.best;
      absl::StrAppend(
          &selected,
          Row({absl::StrCat(d), DatasetLabel(dataset), absl::StrCat(p), Grid(profile.w1),
               Grid(profile.w2), absl::StrCat(indices[b].first), absl::StrCat(indices[b].second),
               Grid(grid[b].beta), Grid(grid[b].lambda), Num(profile.score[b]),
               Num(grid[b].reconstruction_nll), Num(grid[b].mig)}));
      absl::StrAppend(&md, "| ", DatasetLabel(dataset), " | ", Grid(profile.w1), " | ",
                      Grid(profile.w2), " | ", Grid(grid[b].beta), " | ", Grid(grid[b].lambda),
                      " | ", absl::StrFormat("%.4f", profile.score[b]), " | ",
                      absl::StrFormat("%.1f", grid[b].reconstruction_nll), " | ",
                      absl::StrFormat("%.3f", grid[b].mig), " |\n");
    }
  }
  SelectionFiles files;
  files.scores_tsv =
      Blocks(absl::StrCat(
                 "# Figure 6: augmented Tchebycheff score S per (beta, lambda), rho = ", Grid(rho),
                 "; f1 = mean BCE, f2 = 1 - mean MIG, normalised per dataset. "
                 "One block per (dataset, profile); selected = 1 marks the minimiser.\n"
                 "# dataset_index\tdataset\tprofile_index\tw1\tw2\tbeta_index\tlambda_index\t"
                 "beta\tlambda\tbce_mean\tmig_mean\tf1_normalized\tf2_normalized\tscore\t"
                 "selected\n"),
             score_blocks);
  files.selected_tsv = absl::StrCat(
      "# Figure 6: the selected (beta, lambda) per dataset and profile.\n"
      "# dataset_index\tdataset\tprofile_index\tw1\tw2\tbeta_index\tlambda_index\tbeta\tlambda\t"
      "score\tbce_mean\tmig_mean\n",
      selected);
  files.markdown = md;
  return files;
}

std::string Figure8Tsv(const DeepStudyConfig& config, const ResultGrid& grid) {
  std::vector<std::string> blocks;
  for (int d = 0; d < config.datasets_size(); ++d) {
    const ::lambdabeta::Dataset dataset = DatasetAt(config, d);
    for (int s = 0; s < config.mi_heatmap_settings_size(); ++s) {
      const Setting& setting = config.mi_heatmap_settings(s);
      const DeepMetrics& m =
          grid.runs.at({{dataset, setting.beta(), setting.lambda()}, 0}).metrics();
      const Matrix& mi = m.mutual_information();
      std::string block;
      for (int latent = 0; latent < mi.rows(); ++latent) {
        for (int factor = 0; factor < mi.cols(); ++factor) {
          const double value = mi.values(latent * mi.cols() + factor);
          const double entropy = m.factor_entropy(factor);
          absl::StrAppend(
              &block,
              Row({absl::StrCat(d), DatasetLabel(dataset), absl::StrCat(s), Grid(setting.beta()),
                   Grid(setting.lambda()), absl::StrCat(latent), absl::StrCat(factor),
                   m.factor_names(factor), Num(value), Num(entropy > 0 ? value / entropy : 0.0)}));
        }
      }
      blocks.push_back(block);
    }
  }
  return Blocks(
      "# Figure 8: seed 0's mutual information I(z_latent; v_factor) in nats on the fit images, "
      "and divided by the factor's entropy (0 for a constant factor). One block per (dataset, "
      "setting), in the config's order.\n"
      "# dataset_index\tdataset\tsetting_index\tbeta\tlambda\tlatent\tfactor_index\tfactor\t"
      "mi_nats\tmi_normalized\n",
      blocks);
}

}  // namespace lambdabeta::aggregate
