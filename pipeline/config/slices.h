// Per-action slices of a deep-study config (common/proto/slices.proto): from the study config,
// exactly the settings one kind of action depends on. //pipeline/config:slice writes them for the
// Bazel actions; the tools derive the same slice in-process when run by hand with --config.
//
// Which settings reach which slice, and so which actions an edit reruns:
//   training slice:   architecture; training.{optimizer, learning_rate, batch_size,
//                     checkpoint_every}; the chunk's step range (from beta_vae_steps,
//                     lambda_beta_vae_steps, chunk_steps); phase 2 also beta_vae_steps
//   evaluation slice: evaluation.*
//   neither:          name, datasets, beta, lambda, training.seeds (each model's own dataset,
//                     beta, lambda and seed are on its actions' command lines: adding one adds
//                     actions and reruns none), selection, reconstruction_settings,
//                     mi_heatmap_settings (aggregation and figures only)
#ifndef LAMBDABETA_PIPELINE_CONFIG_SLICES_H_
#define LAMBDABETA_PIPELINE_CONFIG_SLICES_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "common/proto/deep_study.pb.h"
#include "common/proto/slices.pb.h"

namespace lambdabeta {

// Chunk `chunk` of `phase` (steps [chunk * chunk_steps, ...)), or the whole phase for chunk = -1.
// An error if the chunk lies outside the phase.
absl::StatusOr<TrainingSlice> TrainingSliceOf(const DeepStudyConfig& config, int phase,
                                              int64_t chunk);

EvaluationSlice EvaluationSliceOf(const DeepStudyConfig& config);

// The SHA-256 of a slice's canonical text (common/io/files.h TextProto), however the slice was
// given: results record it, and the aggregation, the claims and the report check it.
std::string SliceSha256(const google::protobuf::Message& slice);

// Read and check a slice file; errors name the file.
absl::StatusOr<TrainingSlice> LoadTrainingSlice(const std::string& path);
absl::StatusOr<EvaluationSlice> LoadEvaluationSlice(const std::string& path);

}  // namespace lambdabeta

#endif  // LAMBDABETA_PIPELINE_CONFIG_SLICES_H_
