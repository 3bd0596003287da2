// One training action of the two-phase protocol (Section 5.2): steps [start, end) of one phase
// for K models (a K-member conv VAE), from an input checkpoint or a fresh seeded init, to an
// output checkpoint and a TSV log. Bazel chains such actions, `chunk_steps` each:
//
//   phase 1 (beta-VAE, lambda = 0):  init -> [0, c) -> [c, 2c) -> ... -> beta_vae_steps
//   phase 2 (lambda-beta-VAE):       phase 1's final checkpoint -> [0, c) -> ... ->
//   lambda_beta_vae_steps
//
// Phase 2 starts a fresh Adam from phase 1's final weights; every other chunk continues the Adam
// state. Batches and noise at step t depend only on (seed, phase, t), so the weights do not depend
// on how the steps are cut into chunks. With `resume_dir`, periodic checkpoints let a killed run,
// restarted with the same arguments, resume and end exactly as an uninterrupted one.
#ifndef LAMBDABETA_PIPELINE_TRAIN_TRAIN_H_
#define LAMBDABETA_PIPELINE_TRAIN_TRAIN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/proto/slices.pb.h"
#include "common/proto/training.pb.h"
#include "pipeline/data/dataset.h"

namespace lambdabeta::train {

struct TrainRequest {
  // Architecture, training settings, phase and step range: the action's slice of the study
  // config (pipeline/config/slices.h).
  TrainingSlice settings;
  std::string settings_path;    // recorded
  std::string settings_sha256;  // recorded
  const data::Dataset* dataset = nullptr;
  std::vector<TrainingMember> members;  // trained together; phase 1 needs lambda = 0
  // Empty only for phase 1 from step 0 (fresh init from each member's seed). Phase 2 from step 0
  // takes phase 1's final checkpoint and picks each member's (beta, seed) from it.
  std::string input_checkpoint;
  std::string output_checkpoint;
  std::string log_path;    // TSV of loss terms, one row per member per log window
  std::string resume_dir;  // periodic checkpoints every training.checkpoint_every steps; "" = none
  std::string device = "auto";  // "auto" (CUDA if this LibTorch has it), "cpu", "cuda"
  int threads = 1;              // intra-op threads
  int64_t log_every = 100;      // steps per log row (also cut at checkpoints and the end)
  bool progress = true;         // progress lines on stderr
  // Test hooks.
  int64_t stop_after_steps = -1;  // stop (as if killed) after this many steps in this process
  int64_t nan_at_step = -1;       // feed NaN images at this step
};

absl::Status Train(const TrainRequest& request);

// The header of the TSV log; rows follow it.
extern const char kLogHeader[];

}  // namespace lambdabeta::train

#endif  // LAMBDABETA_PIPELINE_TRAIN_TRAIN_H_
