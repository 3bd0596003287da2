// //pipeline/aggregate:aggregate_results's work: every result of the deep study and the seed-0
// reconstruction files -> the data of Figures 4-8, Table 2 and Section 6's selection, written
// into one directory as the files of AggregateOutputNames() (study_tables.h, image_grid.h,
// table2.h make them).
// Everything is computed before anything is written; each file is written atomically.
#ifndef LAMBDABETA_PIPELINE_AGGREGATE_AGGREGATE_H_
#define LAMBDABETA_PIPELINE_AGGREGATE_AGGREGATE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace lambdabeta::aggregate {

struct AggregateRequest {
  std::string config_path;
  std::string out_dir;
  std::vector<std::string> result_paths;          // any order
  std::vector<std::string> reconstruction_paths;  // datasets x reconstruction_settings
};

absl::Status AggregateStudy(const AggregateRequest& request);

// The files AggregateStudy writes, as pipeline/aggregate/outputs.bzl lists them (the build
// declares the same list as the aggregate action's outputs).
const std::vector<std::string>& AggregateOutputNames();

}  // namespace lambdabeta::aggregate

#endif  // LAMBDABETA_PIPELINE_AGGREGATE_AGGREGATE_H_
