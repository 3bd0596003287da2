#include "pipeline/aggregate/aggregate.h"

#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"
#include "pipeline/aggregate/image_grid.h"
#include "pipeline/aggregate/result_grid.h"
#include "pipeline/aggregate/study_tables.h"
#include "pipeline/aggregate/table2.h"
#include "pipeline/config/configs.h"
#include "pipeline/config/slices.h"
#include "pipeline/io/files.h"

namespace lambdabeta::aggregate {

absl::Status AggregateStudy(const AggregateRequest& r) {
  absl::StatusOr<DeepStudyConfig> config = LoadDeepStudyConfig(r.config_path);
  if (!config.ok()) return config.status();
  // Every result must have been scored with this config's evaluation settings: its record
  // carries the SHA-256 of the evaluation slice it read.
  const std::string evaluation_sha = Sha256Hex(TextProto(EvaluationSliceOf(*config)));
  absl::StatusOr<ResultGrid> grid = CollectResults(*config, evaluation_sha, r.result_paths);
  if (!grid.ok()) return grid.status();
  absl::StatusOr<CellSummaries> cells = SummarizeCells(*grid);
  if (!cells.ok()) return cells.status();
  absl::StatusOr<SelectionFiles> selection = SelectionTables(*config, *cells);
  if (!selection.ok()) return selection.status();
  absl::StatusOr<std::string> figure7 = Figure7Data(*config, r.reconstruction_paths);
  if (!figure7.ok()) return figure7.status();
  Table2 table2 = MakeTable2(*config);

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
