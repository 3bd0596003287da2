#include "pipeline/aggregate/aggregate.h"

#include <cstdio>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/io/files.h"
#include "common/runtime/short_environment.h"
#include "common/status/status_macros.h"
#include "pipeline/aggregate/image_grid.h"
#include "pipeline/aggregate/result_grid.h"
#include "pipeline/aggregate/study_tables.h"
#include "pipeline/aggregate/table2.h"
#include "pipeline/config/configs.h"

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

const std::vector<std::string>& AggregateOutputNames() {
  static const auto* const kNames = new std::vector<std::string>{
#include "pipeline/aggregate/aggregate_outputs.inc"
  };
  return *kNames;
}

absl::Status AggregateStudy(const AggregateRequest& r) {
  ASSIGN_OR_RETURN(DeepStudyConfig config, LoadDeepStudyConfig(r.config_path));
  // Every result must have been scored with this config's evaluation settings.
  ASSIGN_OR_RETURN(ResultGrid grid,
                   CollectResults(config, EvaluationSettingsSha256(config), r.result_paths));
  ASSIGN_OR_RETURN(CellSummaries cells, SummarizeCells(grid));
  ASSIGN_OR_RETURN(SelectionFiles selection, SelectionTables(config, cells));
  ASSIGN_OR_RETURN(std::string figure7, Figure7Data(config, r.reconstruction_paths));
  Table2 table2 = MakeTable2(config);
  ASSIGN_OR_RETURN(std::string environment, EnvironmentStamp(grid));

  const std::pair<const char*, std::string> files[] = {
      {"fig4.tsv", Figure4Tsv(config, cells)},
      {"fig4_numbers.md", Figure4Markdown(config, cells)},
      {"fig5.tsv", Figure5Tsv(config, cells)},
      {"fig6.tsv", std::move(selection.scores_tsv)},
      {"fig6_selected.tsv", std::move(selection.selected_tsv)},
      {"selection.md", std::move(selection.markdown)},
      {"fig7.dat", std::move(figure7)},
      {"fig8.tsv", Figure8Tsv(config, grid)},
      {"table2.md", std::move(table2.markdown)},
      {"table2.tsv", std::move(table2.tsv)},
      {"environment.txt", std::move(environment)},
  };
  // What is written and the list the build declares (outputs.bzl) must agree.
  const std::vector<std::string>& names = AggregateOutputNames();
  std::set<std::string> written, declared(names.begin(), names.end());
  for (const auto& [name, text] : files) written.insert(name);
  if (written != declared) {
    return absl::InternalError(absl::StrCat("aggregate writes ", absl::StrJoin(written, " "),
                                            " but pipeline/aggregate/outputs.bzl lists ",
                                            absl::StrJoin(declared, " ")));
  }
  RETURN_IF_ERROR(MakeDirectories(r.out_dir));
  for (const auto& [name, text] : files) {
    RETURN_IF_ERROR(WriteFileAtomically(absl::StrCat(r.out_dir, "/", name), text));
  }
  std::fprintf(stderr, "aggregate: %zu results (%zu cells), %zu reconstruction files -> %s\n",
               grid.runs.size(), cells.size(), r.reconstruction_paths.size(), r.out_dir.c_str());
  return absl::OkStatus();
}

}  // namespace lambdabeta::aggregate
