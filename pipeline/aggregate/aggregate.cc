#include "pipeline/aggregate/aggregate.h"

#include <cstdio>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "pipeline/aggregate/image_grid.h"
#include "pipeline/aggregate/result_grid.h"
#include "pipeline/aggregate/study_tables.h"
#include "pipeline/aggregate/table2.h"
#include "pipeline/config/configs.h"
#include "common/io/files.h"
#include "common/runtime/short_environment.h"

namespace lambdabeta::aggregate {

// The environment the results came from, in short, for the figures' stamps. Results of different
// device classes (a CPU and a CUDA run) are never aggregated together.
absl::StatusOr<std::string> EnvironmentStamp(const ResultGrid& grid) {
  std::set<std::string> stamps, classes;
  for (const auto& [key, result] : grid.runs) {
    const Environment& e = result.provenance().environment();
    stamps.insert(runtime::ShortEnvironment(e));
    classes.insert(e.device_class());
  }
  if (classes.size() > 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("the results come from different device classes (",
                     absl::StrJoin(classes, ", "), "): a CPU and a CUDA run are never mixed"));
  }
  if (stamps.size() == 1) return *stamps.begin();
  return absl::StrCat(stamps.size(), " environments (", *classes.begin(), ")");
}

absl::Status AggregateStudy(const AggregateRequest& r) {
  absl::StatusOr<DeepStudyConfig> config = LoadDeepStudyConfig(r.config_path);
  if (!config.ok()) return config.status();
  // Every result must have been scored with this config's evaluation settings.
  absl::StatusOr<ResultGrid> grid =
      CollectResults(*config, EvaluationSettingsSha256(*config), r.result_paths);
  if (!grid.ok()) return grid.status();
  absl::StatusOr<CellSummaries> cells = SummarizeCells(*grid);
  if (!cells.ok()) return cells.status();
  absl::StatusOr<SelectionFiles> selection = SelectionTables(*config, *cells);
  if (!selection.ok()) return selection.status();
  absl::StatusOr<std::string> figure7 = Figure7Data(*config, r.reconstruction_paths);
  if (!figure7.ok()) return figure7.status();
  Table2 table2 = MakeTable2(*config);
  absl::StatusOr<std::string> environment = EnvironmentStamp(*grid);
  if (!environment.ok()) return environment.status();

  const std::pair<const char*, std::string> files[] = {
      {"fig4.tsv", Figure4Tsv(*config, *cells)},
      {"fig4_numbers.md", Figure4Markdown(*config, *cells)},
      {"fig5.tsv", Figure5Tsv(*config, *cells)},
      {"fig6.tsv", std::move(selection->scores_tsv)},
      {"fig6_selected.tsv", std::move(selection->selected_tsv)},
      {"selection.md", std::move(selection->markdown)},
      {"fig7.dat", *std::move(figure7)},
      {"fig8.tsv", Figure8Tsv(*config, *grid)},
      {"table2.md", std::move(table2.markdown)},
      {"table2.tsv", std::move(table2.tsv)},
      {"environment.txt", *std::move(environment)},
  };
  if (absl::Status s = MakeDirectories(r.out_dir); !s.ok()) return s;
  for (const auto& [name, text] : files) {
    if (absl::Status s = WriteFileAtomically(absl::StrCat(r.out_dir, "/", name), text); !s.ok()) {
      return s;
    }
  }
  std::fprintf(stderr, "aggregate: %zu results (%zu cells), %zu reconstruction files -> %s\n",
               grid->runs.size(), cells->size(), r.reconstruction_paths.size(), r.out_dir.c_str());
  return absl::OkStatus();
}

}  // namespace lambdabeta::aggregate
