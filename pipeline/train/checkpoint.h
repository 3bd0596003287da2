// Checkpoints of the conv VAE: the record of what produced it (CheckpointInfo), the stacked
// parameters of its K members, optionally the Adam state, and the training-log rows of the run so
// far. The file is a CheckpointFile protobuf (training.proto), a canonical form: the same
// training state gives the same bytes, so Bazel's early cutoff and shared caches work. (LibTorch's
// own archives name Adam's state by tensor addresses, which differ from run to run.) Written
// atomically (temp file + rename).
#ifndef LAMBDABETA_PIPELINE_TRAIN_CHECKPOINT_H_
#define LAMBDABETA_PIPELINE_TRAIN_CHECKPOINT_H_

#include <c10/core/Device.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/proto/training.pb.h"
#include "pipeline/train/model_fwd.h"

namespace lambdabeta::train {

struct Checkpoint {
  CheckpointInfo info;
  std::shared_ptr<conv_vae::ConvVae> model;  // info.members() in order
  std::string log;                           // training-log rows (TSV, no header)
  // Kept to restore the Adam state (LoadOptimizerState).
  std::shared_ptr<CheckpointFile> file;
};

// `optimizer` may be null (no Adam state saved).
absl::Status SaveCheckpoint(const std::string& path, CheckpointInfo info, conv_vae::ConvVae& model,
                            torch::optim::Adam* optimizer, const std::string& log);

// The model comes back on `device`.
absl::StatusOr<Checkpoint> LoadCheckpoint(const std::string& path, c10::Device device);

// Restores the Adam state saved with `checkpoint` into `optimizer`, which must be an Adam over
// checkpoint.model's parameters.
absl::Status LoadOptimizerState(const Checkpoint& checkpoint, const std::string& path,
                                torch::optim::Adam& optimizer);

// Which of `info`'s members has this (beta, lambda, seed); NotFound naming `path` if none.
absl::StatusOr<int> MemberIndex(const CheckpointInfo& info, const TrainingMember& member,
                                const std::string& path);

// The member of a checkpoint with this (beta, lambda, seed), as a single model, e.g. for
// evaluation.
absl::StatusOr<std::shared_ptr<conv_vae::ConvVae>> LoadMember(const std::string& path,
                                                              const TrainingMember& member,
                                                              c10::Device device);

// "beta=4 lambda=0 seed=1".
std::string Describe(const TrainingMember& member);

}  // namespace lambdabeta::train

#endif  // LAMBDABETA_PIPELINE_TRAIN_CHECKPOINT_H_
