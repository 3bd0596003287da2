// Flat, whitespace-separated tables of a linear study's results for gnuplot: one row per
// (beta, lambda), per solver, with the mean, standard deviation, count and diverged count of
// every metric, and the closed-form prediction. Every value is finite: a table never says "nan".
//
// Files (each starts with '#' comment lines, then a line of column names):
//   fig2_fixed_point.dat, fig2_adamw.dat   Figure 2: config `beta` ascending, lambda = 0
//                                          (fig2_adamw.dat has no rows if AdamW did not run)
//   fig2_adamw_steps.dat                   AdamW against steps at lambda = 0: per budget (the
//                                          sweep's and the budget check's), beta and recorded
//                                          step, SAP, I_m and the objective's relative gap to
//                                          the converged fixed point (no rows without
//                                          trajectories)
//   fig2_summary.md                        Figure 2's numbers as a Markdown table (the report)
//   fig3_fixed_point.dat                   Figure 3: heatmap_beta x heatmap_lambda, both
//                                          ascending, with categorical indices beta_index and
//                                          lambda_index (0, 1, ...) for the heat-map axes
//   fig3_boundary.dat                      the predicted collapse boundary in those categorical
//                                          coordinates: a staircase (x y) with the cells
//                                          predicted collapsed (lambda <= (beta-1)/(2 mu_1) in
//                                          most trials) below it
#ifndef LAMBDABETA_PIPELINE_LINEAR_TABLES_H_
#define LAMBDABETA_PIPELINE_LINEAR_TABLES_H_

#include <string>

#include "absl/status/status.h"
#include "common/proto/linear_study.pb.h"
#include "common/proto/results.pb.h"

namespace lambdabeta::linear_study {

// Column statistics: mean and sample standard deviation (0 for a single run) over all runs of
// the cell, diverged ones included (their metrics are the last finite state's); `diverged`,
// `max_iterations` count the runs that ended so. Prediction columns average over the trials
// that have a prediction (`predicted`; beta < 1 and (beta, lambda) = (1, 0) have none, and
// then the columns are 0).
absl::Status WriteStudyTables(const LinearStudyConfig& config, const LinearStudyResults& results,
                              const std::string& directory);

}  // namespace lambdabeta::linear_study

#endif  // LAMBDABETA_PIPELINE_LINEAR_TABLES_H_
