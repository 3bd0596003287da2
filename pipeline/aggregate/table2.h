// Table 2 (training hyperparameters) from the config in force, plus the datasets and evaluation
// settings, as Markdown and as the TSV that figures/table.gp renders (first line: column
// headers; then rows of group, parameter, value; "-" marks an empty cell; cells are gnuplot
// enhanced text).
#ifndef LAMBDABETA_PIPELINE_AGGREGATE_TABLE2_H_
#define LAMBDABETA_PIPELINE_AGGREGATE_TABLE2_H_

#include <string>

#include "common/proto/deep_study.pb.h"

namespace lambdabeta::aggregate {

struct Table2 {
  std::string markdown;
  std::string tsv;
};

Table2 MakeTable2(const DeepStudyConfig& config);

}  // namespace lambdabeta::aggregate

#endif  // LAMBDABETA_PIPELINE_AGGREGATE_TABLE2_H_
