#include "pipeline/config/slices.h"

#include "absl/strings/str_cat.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"

namespace lambdabeta {

absl::StatusOr<TrainingSlice> TrainingSliceOf(const DeepStudyConfig& config, int phase,
                                              int64_t chunk) {
  const Training& t = config.training();
  if (phase != 1 && phase != 2) {
    return absl::InvalidArgumentError(absl::StrCat("phase must be 1 or 2, got ", phase));
  }
  const int64_t total = phase == 1 ? t.beta_vae_steps() : t.lambda_beta_vae_steps();
  TrainingSlice slice;
  *slice.mutable_architecture() = config.architecture();
  Training& kept = *slice.mutable_training();
  kept.set_optimizer(t.optimizer());
  kept.set_learning_rate(t.learning_rate());
  kept.set_batch_size(t.batch_size());
  kept.set_checkpoint_every(t.checkpoint_every());
  slice.set_phase(phase);
  if (chunk < 0) {
    slice.set_end_step(total);
  } else {
    slice.set_start_step(chunk * t.chunk_steps());
    slice.set_end_step(std::min(slice.start_step() + t.chunk_steps(), total));
  }
  if (slice.start_step() >= slice.end_step()) {
    return absl::InvalidArgumentError(absl::StrCat("chunk ", chunk, " lies outside phase ", phase,
                                                   "'s ", total, " steps (chunks of ",
                                                   t.chunk_steps(), ")"));
  }
  if (phase == 2) slice.set_phase1_steps(t.beta_vae_steps());
  return slice;
}

EvaluationSlice EvaluationSliceOf(const DeepStudyConfig& config) {
  EvaluationSlice slice;
  *slice.mutable_evaluation() = config.evaluation();
  return slice;
}

absl::StatusOr<TrainingSlice> LoadTrainingSlice(const std::string& path) {
  TrainingSlice slice;
  RETURN_IF_ERROR(ReadTextProto(path, &slice));
  const bool ok = (slice.phase() == 1 || slice.phase() == 2) && slice.start_step() >= 0 &&
                  slice.start_step() < slice.end_step() &&
                  (slice.phase() == 1 || slice.phase1_steps() > 0) &&
                  slice.architecture().latent_dim() > 0 && slice.training().batch_size() > 0;
  if (!ok) {
    return absl::InvalidArgumentError(
        absl::StrCat(path,
                     ": not a training slice (needs phase 1 or 2, 0 <= start_step < end_step, "
                     "phase1_steps > 0 in phase 2, an architecture and a batch size): ",
                     slice.ShortDebugString()));
  }
  return slice;
}

std::string SliceSha256(const google::protobuf::Message& slice) {
  return Sha256Hex(TextProto(slice));
}

absl::StatusOr<EvaluationSlice> LoadEvaluationSlice(const std::string& path) {
  EvaluationSlice slice;
  RETURN_IF_ERROR(ReadTextProto(path, &slice));
  const Evaluation& e = slice.evaluation();
  if (e.num_fit() <= 0 || e.num_test() <= 0 || e.mig_bins() < 2 ||
      e.sap_mode() == SAP_MODE_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        absl::StrCat(path,
                     ": not an evaluation slice (needs num_fit, num_test > 0, mig_bins >= 2 and a "
                     "sap_mode): ",
                     slice.ShortDebugString()));
  }
  return slice;
}

}  // namespace lambdabeta
