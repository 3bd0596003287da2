// Learning curves of the deep study: evaluations of every chunk's checkpoint (deep_study.bzl,
// the config's learning_curve_beta) -> one TSV row per (dataset, beta, lambda, steps) with the
// mean and the sample standard deviation over seeds of BCE, KL, MIG and SAP.
//
// Phase 1 (steps <= phase1_steps) trains the beta-VAE that every lambda's phase 2 continues: its
// points are written once under each lambda found, so that each curve is one line from step 0.
#ifndef LAMBDABETA_PIPELINE_AGGREGATE_LEARNING_CURVES_H_
#define LAMBDABETA_PIPELINE_AGGREGATE_LEARNING_CURVES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/proto/results.pb.h"

namespace lambdabeta::aggregate {

// The header row names the columns (the figure reads them by name):
//   # dataset beta lambda steps phase seeds bce bce_sd kl kl_sd mig mig_sd sap sap_sd
// and each (dataset, beta, lambda) curve is a data block (two blank lines between blocks).
// Errors: a phase-1 point with lambda != 0, a (dataset, beta, lambda, steps, seed) given twice,
// a non-finite metric.
absl::StatusOr<std::string> LearningCurvesTsv(const std::vector<DeepRunResult>& results,
                                              int64_t phase1_steps);

}  // namespace lambdabeta::aggregate

#endif  // LAMBDABETA_PIPELINE_AGGREGATE_LEARNING_CURVES_H_
