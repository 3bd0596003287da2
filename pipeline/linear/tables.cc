#include "pipeline/linear/tables.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "pipeline/linear/objective_gap.h"
#include "pipeline/linear/study.h"

namespace lambdabeta::linear_study {
namespace {

using Runs = std::vector<const LinearRunResult*>;

// A table under construction: column names and rows of numbers.
class Table {
 public:
  explicit Table(std::vector<std::string> comments) : comments_(std::move(comments)) {}

  void AddRow(std::vector<std::pair<std::string, double>> cells) {
    if (columns_.empty()) {
      for (const auto& cell : cells) columns_.push_back(cell.first);
    }
    std::vector<double> row;
    for (const auto& cell : cells) row.push_back(cell.second);
    rows_.push_back(std::move(row));
  }

  // Fails if a value is not finite: a table must never hold "nan" or "inf".
  absl::Status Write(const std::string& path, const std::vector<std::string>& empty_columns) const {
    std::string text;
    for (const std::string& comment : comments_) absl::StrAppend(&text, "# ", comment, "\n");
    absl::StrAppend(&text, absl::StrJoin(columns_.empty() ? empty_columns : columns_, " "), "\n");
    for (const std::vector<double>& row : rows_) {
      std::vector<std::string> cells;
      for (size_t i = 0; i < row.size(); ++i) {
        if (!std::isfinite(row[i])) {
          return absl::InternalError(
              absl::StrCat(path, ": column ", columns_[i], " is not finite (", row[i], ")"));
        }
        cells.push_back(absl::StrFormat("%.9g", row[i]));
      }
      absl::StrAppend(&text, absl::StrJoin(cells, " "), "\n");
    }
    return WriteFileAtomically(path, text);
  }

 private:
  std::vector<std::string> comments_;
  std::vector<std::string> columns_;
  std::vector<std::vector<double>> rows_;
};

struct Column {
  const char* name;
  std::function<double(const LinearRunResult&)> value;
};

const std::vector<Column>& MetricColumns() {
  static const std::vector<Column>* columns = new std::vector<Column>{
      {"reconstruction_error",
       [](const LinearRunResult& r) { return r.metrics().reconstruction_error(); }},
      {"sap", [](const LinearRunResult& r) { return r.metrics().sap(); }},
      {"mig", [](const LinearRunResult& r) { return r.metrics().mig(); }},
      {"i_m", [](const LinearRunResult& r) { return r.metrics().i_m(); }},
      {"total_mi", [](const LinearRunResult& r) { return r.metrics().total_mi(); }},
      {"latent_observation_mi",
       [](const LinearRunResult& r) { return r.metrics().latent_observation_mi(); }},
      {"encoder_gain_norm",
       [](const LinearRunResult& r) { return r.metrics().encoder_gain_norm(); }},
      {"informative_directions",
       [](const LinearRunResult& r) { return 1.0 * r.metrics().informative_directions(); }},
      {"loss", [](const LinearRunResult& r) { return r.metrics().loss(); }},
      {"iterations", [](const LinearRunResult& r) { return 1.0 * r.iterations(); }},
  };
  return *columns;
}

const std::vector<Column>& PredictionColumns() {
  static const std::vector<Column>* columns = new std::vector<Column>{
      {"predicted_k",
       [](const LinearRunResult& r) { return 1.0 * r.prediction().informative_directions(); }},
      {"predicted_reconstruction_error",
       [](const LinearRunResult& r) { return r.prediction().reconstruction_error(); }},
      {"predicted_total_mi", [](const LinearRunResult& r) { return r.prediction().total_mi(); }},
      {"critical_lambda",
       [](const LinearRunResult& r) { return r.prediction().critical_lambda(); }},
  };
  return *columns;
}

bool HasPrediction(const LinearRunResult& run) {
  const LinearPrediction::Phase phase = run.prediction().phase();
  return phase == LinearPrediction::COLLAPSED || phase == LinearPrediction::INFORMATIVE ||
         phase == LinearPrediction::UNATTAINED;
}

// Mean and sample standard deviation of `values` (0 for a single value; 0, 0 for none).
std::pair<double, double> MeanAndStd(const std::vector<double>& values) {
  if (values.empty()) return {0, 0};
  double mean = 0;
  for (double value : values) mean += value;
  mean /= values.size();
  if (values.size() < 2) return {mean, 0};
  double squares = 0;
  for (double value : values) squares += (value - mean) * (value - mean);
  return {mean, std::sqrt(squares / (values.size() - 1))};
}

// The same of `value` over `runs`.
std::pair<double, double> MeanAndStd(const Runs& runs,
                                     const std::function<double(const LinearRunResult&)>& value) {
  std::vector<double> values;
  for (const LinearRunResult* run : runs) values.push_back(value(*run));
  return MeanAndStd(values);
}

// The largest last relative change and distance bound of the converged runs among `runs` (0, 0
// if none converged).
std::pair<double, double> ConvergedMaxima(const Runs& runs) {
  double relative_change = 0, distance_bound = 0;
  for (const LinearRunResult* run : runs) {
    if (run->status() != CONVERGED) continue;
    relative_change = std::max(relative_change, run->relative_change());
    distance_bound = std::max(distance_bound, run->distance_bound());
  }
  return {relative_change, distance_bound};
}

// The statistics columns of one (solver, beta, lambda) cell.
std::vector<std::pair<std::string, double>> CellColumns(const Runs& runs) {
  std::vector<std::pair<std::string, double>> cells;
  auto count_if = [&runs](const std::function<bool(const LinearRunResult&)>& test) {
    return 1.0 * std::count_if(runs.begin(), runs.end(),
                               [&test](const LinearRunResult* r) { return test(*r); });
  };
  cells.emplace_back("count", 1.0 * runs.size());
  cells.emplace_back("diverged",
                     count_if([](const LinearRunResult& r) { return r.status() == DIVERGED; }));
  cells.emplace_back("max_iterations", count_if([](const LinearRunResult& r) {
                       return r.status() == MAX_ITERATIONS;
                     }));
  cells.emplace_back("not_attained", count_if([](const LinearRunResult& r) {
                       return r.status() == OPTIMUM_NOT_ATTAINED;
                     }));
  // The tolerance every converged run of the cell reached (0 if none converged): its last step,
  // and its estimated distance to the fixed point.
  const auto [max_relative_change, max_distance_bound] = ConvergedMaxima(runs);
  cells.emplace_back("max_relative_change", max_relative_change);
  cells.emplace_back("max_distance_bound", max_distance_bound);
  cells.emplace_back("mig_flagged", count_if([](const LinearRunResult& r) {
                       return r.metrics().mig_entropy_nonpositive();
                     }));
  for (const Column& column : MetricColumns()) {
    const auto [mean, std] = MeanAndStd(runs, column.value);
    cells.emplace_back(absl::StrCat(column.name, "_mean"), mean);
    cells.emplace_back(absl::StrCat(column.name, "_std"), std);
  }
  Runs predicted;
  std::copy_if(runs.begin(), runs.end(), std::back_inserter(predicted),
               [](const LinearRunResult* r) { return HasPrediction(*r); });
  cells.emplace_back("predicted", 1.0 * predicted.size());
  cells.emplace_back("predicted_collapsed", count_if([](const LinearRunResult& r) {
                       return r.prediction().phase() == LinearPrediction::COLLAPSED;
                     }));
  for (const Column& column : PredictionColumns()) {
    cells.emplace_back(absl::StrCat(column.name, "_mean"),
                       MeanAndStd(predicted, column.value).first);
  }
  return cells;
}

// The column names of a table without rows (an empty AdamW table still tells what it holds).
std::vector<std::string> CellColumnNames(std::vector<std::string> leading) {
  for (const auto& cell : CellColumns({})) leading.push_back(cell.first);
  return leading;
}

template <typename Values>
std::vector<double> SortedUnique(const Values& values) {
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  return sorted;
}

std::string Provenance(const LinearStudyConfig& config) {
  return absl::StrCat("config ", config.name(), ": (n, m, s) = (", config.n(), ", ", config.m(),
                      ", ", config.s(), "), sigma2 = ", config.sigma2(), ", ", config.trials(),
                      " trials, seed ", config.seed());
}

// "0.123 ± 0.045" with 3 significant digits.
std::string MeanPlusMinusStd(const Runs& runs, const Column& column) {
  const auto [mean, std] = MeanAndStd(runs, column.value);
  return absl::StrFormat("%.3g ± %.2g", mean, std);
}

// Figure 2's numbers as a Markdown table for the report: per beta, each solver's mean ± std of
// reconstruction error, SAP and I_m over the trials, with the runs that diverged.
std::string Figure2Markdown(const LinearStudyConfig& config,
                            const std::map<std::tuple<std::string, double, double>, Runs>& cells,
                            const std::vector<double>& betas) {
  const std::vector<Column>& metrics = MetricColumns();
  const Column* shown[] = {&metrics[0], &metrics[1], &metrics[3]};  // reconstruction, SAP, I_m
  std::string text = absl::StrCat("Figure 2 in numbers (", Provenance(config),
                                  "; λ = 0; mean ± std over the trials; I_m in nats):\n\n",
                                  "| β | solver | reconstruction error | SAP | I_m | diverged |\n",
                                  "|---|---|---|---|---|---|\n");
  for (double beta : betas) {
    for (const char* solver : {kFixedPoint, kAdamW}) {
      auto cell = cells.find({solver, beta, 0.0});
      if (cell == cells.end()) continue;
      const Runs& runs = cell->second;
      const auto diverged = std::count_if(runs.begin(), runs.end(), [](const LinearRunResult* r) {
        return r->status() == DIVERGED;
      });
      absl::StrAppend(&text, "| ", beta, " | ", solver);
      for (const Column* column : shown)
        absl::StrAppend(&text, " | ", MeanPlusMinusStd(runs, *column));
      absl::StrAppend(&text, " | ", diverged, " of ", runs.size(), " |\n");
    }
  }
  return text;
}

// How the study's fixed-point runs ended, for the report: per status the count and the reason
// (the first run's: runs of one status share it), and the tolerance every converged run reached.
std::string FixedPointStatusMarkdown(const LinearStudyResults& results) {
  std::map<RunStatus, std::pair<int, std::string>> by_status;
  Runs fixed_point;
  for (const LinearRunResult& run : results.runs()) {
    if (run.solver() != kFixedPoint) continue;
    fixed_point.push_back(&run);
    auto& [count, reason] = by_status[run.status()];
    if (count++ == 0) reason = run.status_reason();
  }
  const auto [max_relative_change, max_distance_bound] = ConvergedMaxima(fixed_point);
  std::string text = "\nHow the fixed-point runs of the whole study (Figures 2 and 3) ended:\n\n";
  for (const auto& [status, entry] : by_status) {
    absl::StrAppend(&text, "- ", RunStatus_Name(status), ": ", entry.first, " runs");
    if (status == CONVERGED) {
      absl::StrAppend(
          &text, absl::StrFormat(", each with a last relative change of (B, Σ_W) ≤ %.1e and an "
                                 "estimated relative distance to its fixed point ≤ %.1e "
                                 "(change × ρ/(1 − ρ) with ρ an estimated contraction rate: an "
                                 "estimate, not a proof)",
                                 max_relative_change, max_distance_bound));
    }
    if (!entry.second.empty()) absl::StrAppend(&text, " (", entry.second, ")");
    absl::StrAppend(&text, "\n");
  }
  return text;
}

// The trajectory points of one (budget, beta, step): each run's SAP and I_m, and its objective
// gap where the run has a converged fixed point.
struct TrajectoryPoints {
  std::vector<double> sap, i_m, gap;
};

// A row of fig2_adamw_steps.dat.
std::vector<std::pair<std::string, double>> TrajectoryRow(
    const std::tuple<int64_t, double, int64_t>& key, const TrajectoryPoints& at) {
  const auto& [budget, beta, step] = key;
  const auto [sap_mean, sap_std] = MeanAndStd(at.sap);
  const auto [i_m_mean, i_m_std] = MeanAndStd(at.i_m);
  const auto [gap_mean, gap_std] = MeanAndStd(at.gap);
  return {
      {"budget", 1.0 * budget},       {"beta", beta},         {"step", 1.0 * step},
      {"count", 1.0 * at.sap.size()}, {"sap_mean", sap_mean}, {"sap_std", sap_std},
      {"i_m_mean", i_m_mean},         {"i_m_std", i_m_std},   {"gap_count", 1.0 * at.gap.size()},
      {"gap_mean", gap_mean},         {"gap_std", gap_std}};
}

// AdamW against steps (Figure 2's trajectories): per budget (the sweep's, then the budget
// check's), beta and recorded step, the mean and std over the runs of SAP, I_m and the relative
// objective gap to the converged fixed point (over the runs that have one: gap_count).
absl::Status WriteTrajectoryTable(const LinearStudyConfig& config,
                                  const LinearStudyResults& results, const std::string& path) {
  const FixedPointOptima optima(results);
  // (budget, beta, step) -> the runs' points, and the gaps where known.
  std::map<std::tuple<int64_t, double, int64_t>, TrajectoryPoints> points;
  auto add = [&](const LinearRunResult& run) {
    if (run.solver() != kAdamW || run.lambda() != 0 || run.status() == DIVERGED) return;
    for (const LinearTrajectoryPoint& point : run.trajectory()) {
      TrajectoryPoints& at = points[{run.iterations(), run.beta(), point.step()}];
      at.sap.push_back(point.sap());
      at.i_m.push_back(point.i_m());
      if (auto gap = optima.RelativeGap(run.beta(), run.trial(), point.loss())) {
        at.gap.push_back(*gap);
      }
    }
  };
  for (const LinearRunResult& run : results.runs()) add(run);
  for (const LinearRunResult& run : results.budget_check_runs()) add(run);
  Table table(
      {absl::StrCat("Figure 2, AdamW against steps (lambda = 0, runs that did not diverge); ",
                    Provenance(config)),
       "budget: the run's steps (the sweep's, or the budget check's); gap: (objective - "
       "converged fixed point's) / |fixed point's|"});
  for (const auto& [key, at] : points) table.AddRow(TrajectoryRow(key, at));
  std::vector<std::string> names;  // an empty table still tells what it holds
  for (const auto& cell : TrajectoryRow({}, {})) names.push_back(cell.first);
  return table.Write(path, names);
}

}  // namespace

absl::Status WriteStudyTables(const LinearStudyConfig& config, const LinearStudyResults& results,
                              const std::string& directory) {
  std::map<std::tuple<std::string, double, double>, Runs> cells;
  for (const LinearRunResult& run : results.runs()) {
    cells[{run.solver(), run.beta(), run.lambda()}].push_back(&run);
  }
  const std::vector<double> betas = SortedUnique(config.beta());
  for (const char* solver : {kFixedPoint, kAdamW}) {
    std::vector<std::string> comments = {
        absl::StrCat("Figure 2, solver ", solver, ", lambda = 0; ", Provenance(config))};
    if (std::string(solver) == kAdamW && !results.adamw_note().empty()) {
      comments.push_back(results.adamw_note());
    }
    Table table(comments);
    for (double beta : betas) {
      auto cell = cells.find({solver, beta, 0.0});
      if (cell == cells.end()) continue;
      std::vector<std::pair<std::string, double>> row = {{"beta", beta}};
      for (auto& column : CellColumns(cell->second)) row.push_back(std::move(column));
      table.AddRow(std::move(row));
    }
    const std::string path = absl::StrCat(directory, "/fig2_", solver, ".dat");
    RETURN_IF_ERROR(table.Write(path, CellColumnNames({"beta"})));
  }
  RETURN_IF_ERROR(
      WriteTrajectoryTable(config, results, absl::StrCat(directory, "/fig2_adamw_steps.dat")));
  RETURN_IF_ERROR(WriteFileAtomically(
      absl::StrCat(directory, "/fig2_summary.md"),
      Figure2Markdown(config, cells, betas) + FixedPointStatusMarkdown(results)));

  const std::vector<double> heat_betas = SortedUnique(config.heatmap_beta());
  const std::vector<double> heat_lambdas = SortedUnique(config.heatmap_lambda());
  Table heatmap({absl::StrCat("Figure 3, solver fixed_point; ", Provenance(config))});
  Table boundary({"Figure 3: the predicted collapse boundary in categorical coordinates",
                  "(x = beta_index, y = lambda_index); cells below the line are predicted "
                  "collapsed, lambda <= (beta - 1) / (2 mu_1), in most trials"});
  for (size_t i = 0; i < heat_betas.size(); ++i) {
    int collapsed_rows = 0;
    for (size_t j = 0; j < heat_lambdas.size(); ++j) {
      auto cell = cells.find({kFixedPoint, heat_betas[i], heat_lambdas[j]});
      if (cell == cells.end()) {
        return absl::InternalError(absl::StrCat("no fixed-point runs at beta=", heat_betas[i],
                                                " lambda=", heat_lambdas[j]));
      }
      std::vector<std::pair<std::string, double>> row = {{"beta_index", 1.0 * i},
                                                         {"lambda_index", 1.0 * j},
                                                         {"beta", heat_betas[i]},
                                                         {"lambda", heat_lambdas[j]}};
      for (auto& column : CellColumns(cell->second)) {
        if (column.first == "predicted_collapsed" && 2 * column.second > cell->second.size()) {
          ++collapsed_rows;
        }
        row.push_back(std::move(column));
      }
      heatmap.AddRow(std::move(row));
    }
    // Prediction is monotone in lambda (collapse iff lambda <= critical): the collapsed cells
    // of a column are its lowest ones.
    const double y = collapsed_rows - 0.5;
    boundary.AddRow({{"x", i - 0.5}, {"y", y}});
    boundary.AddRow({{"x", i + 0.5}, {"y", y}});
  }
  RETURN_IF_ERROR(heatmap.Write(absl::StrCat(directory, "/fig3_fixed_point.dat"), {}));
  return boundary.Write(absl::StrCat(directory, "/fig3_boundary.dat"), {});
}

}  // namespace lambdabeta::linear_study
