// The deep study's results, one DeepRunResult file per (dataset, beta, lambda, seed), collected
// into the complete grid of the config in force. Each result is identified by its own fields,
// never by its file name or position. Collection refuses (naming the files) a result of another
// config's evaluation settings (by SHA-256), a cell outside the grid, a model not fully trained
// (steps != phase 1 + phase 2), a non-finite metric, a malformed MI matrix, a duplicate, and lists
// missing cells.
#ifndef LAMBDABETA_PIPELINE_AGGREGATE_RESULT_GRID_H_
#define LAMBDABETA_PIPELINE_AGGREGATE_RESULT_GRID_H_

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "common/proto/deep_study.pb.h"
#include "common/proto/results.pb.h"
#include "pipeline/data/dataset_info.h"

namespace lambdabeta::aggregate {

// A grid cell: what seeds are aggregated over.
struct CellKey {
  ::lambdabeta::Dataset dataset;
  double beta;
  double lambda;
  auto tie() const { return std::tie(dataset, beta, lambda); }
  bool operator<(const CellKey& o) const { return tie() < o.tie(); }
  bool operator==(const CellKey& o) const { return tie() == o.tie(); }
};

// One trained model.
struct RunKey {
  CellKey cell;
  int seed;
  auto tie() const { return std::tie(cell.dataset, cell.beta, cell.lambda, seed); }
  bool operator<(const RunKey& o) const { return tie() < o.tie(); }
};

struct ResultGrid {
  std::map<RunKey, DeepRunResult> runs;  // every dataset x beta x lambda x seed of the config
};

// The training steps of a fully trained model of `config` (beta_vae_steps +
// lambda_beta_vae_steps). An evaluation of fewer steps is a learning-curve point: an
// intermediate checkpoint of a model, not the model.
int64_t FinalSteps(const DeepStudyConfig& config);

// How figures and tables name a dataset (its label in pipeline/data/registry.bzl).
using data::DatasetLabel;

// "dataset=DSPRITES beta=4 lambda=0 seed=1".
std::string Describe(const RunKey& key);

// The SHA-256 that a result scored under `config`'s evaluation settings records
// (provenance.config_sha256: of the canonical text of its evaluation slice, slices.h).
std::string EvaluationSettingsSha256(const DeepStudyConfig& config);

// Reads `paths` (text-format DeepRunResult) and checks them against `config`, whose evaluation
// slice (pipeline/config/slices.h) has SHA-256 `evaluation_sha256`.
absl::StatusOr<ResultGrid> CollectResults(const DeepStudyConfig& config,
                                          const std::string& evaluation_sha256,
                                          const std::vector<std::string>& paths);

}  // namespace lambdabeta::aggregate

#endif  // LAMBDABETA_PIPELINE_AGGREGATE_RESULT_GRID_H_
