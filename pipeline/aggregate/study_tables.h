// The tables behind Figures 4, 5, 6 and 8 and Section 6's selection, as the text of the files
// the figures read (TSV, tab-separated, gnuplot blocks separated by two blank lines, a '#'
// header line naming the columns) and Markdown for people. Datasets, betas, lambdas, profiles
// and settings appear in the config's order. Every number is finite: collection refused
// non-finite metrics, and a one-seed std is 0 with n = 1 shown beside it.
#ifndef LAMBDABETA_PIPELINE_AGGREGATE_STUDY_TABLES_H_
#define LAMBDABETA_PIPELINE_AGGREGATE_STUDY_TABLES_H_

#include <functional>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "common/proto/deep_study.pb.h"
#include "pipeline/aggregate/result_grid.h"
#include "pipeline/metrics/aggregate.h"

namespace lambdabeta::aggregate {

// Mean, sample std and count over seeds of one grid cell, per tabulated metric by name
// (pipeline/metrics/deep_metrics.h).
using CellSummary = std::map<std::string, metrics::Summary, std::less<>>;
using CellSummaries = std::map<CellKey, CellSummary>;

absl::StatusOr<CellSummaries> SummarizeCells(const ResultGrid& grid);

// fig4.tsv: lambda = 0, one block per dataset, one row per beta: n, then the mean and std of each
// tabulated metric (columns <name>_mean, <name>_std).
std::string Figure4Tsv(const DeepStudyConfig& config, const CellSummaries& cells);
// fig4_numbers.md: the same numbers as "mean ± std (n = seeds)".
std::string Figure4Markdown(const DeepStudyConfig& config, const CellSummaries& cells);
// fig5.tsv: one block per dataset, one row per (beta, lambda) with their grid indices.
std::string Figure5Tsv(const DeepStudyConfig& config, const CellSummaries& cells);

// Section 6 per dataset: SelectOperatingPoints on f1 = mean BCE, f2 = 1 - mean MIG of each
// (beta, lambda) cell, with the config's rho and w1 profiles.
struct SelectionFiles {
  std::string scores_tsv;    // fig6.tsv: one block per (dataset, profile), a row per cell
  std::string selected_tsv;  // fig6_selected.tsv: the minimiser per (dataset, profile)
  std::string markdown;      // selection.md
};
absl::StatusOr<SelectionFiles> SelectionTables(const DeepStudyConfig& config,
                                               const CellSummaries& cells);

// fig8.tsv: seed 0's latent x factor MI at each mi_heatmap_settings entry; one block per
// (dataset, setting), a row per (latent, factor).
std::string Figure8Tsv(const DeepStudyConfig& config, const ResultGrid& grid);

}  // namespace lambdabeta::aggregate

#endif  // LAMBDABETA_PIPELINE_AGGREGATE_STUDY_TABLES_H_
