// //pipeline/train:train_conv_vae: one training action of the conv VAE (see
// pipeline/train/train.h).
//
// The study's actions give --slice, their training slice of the config (pipeline/config/slices.h);
// by hand, --config with --phase and --chunk (or --start_step/--end_step) derives the same slice:
//
//   train --config=paper/config/smoke.deep.pbtxt --dataset=BUILTIN_SPRITES
//         --data=bazel-bin/pipeline/data/builtin_sprites.npz --phase=1 --beta=1,4 --seed=0
//         --chunk=0 --output=p1_c0.ckpt --log=p1_c0.tsv
//   train ... --phase=1 --chunk=1 --input=p1_c0.ckpt --output=p1_c1.ckpt
//   train ... --phase=2 --lambda=0,16 --chunk=0 --input=<phase 1 final> --output=p2_c0.ckpt
//
// The models trained together are every (seed, beta, lambda) of the flags, in that nesting.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/io/exit_code.h"
#include "common/status/status_macros.h"
#include "pipeline/config/configs.h"
#include "pipeline/config/slices.h"
#include "pipeline/data/dataset.h"
#include "pipeline/data/datasets.h"
#include "pipeline/train/synthetic_dataset.h"
#include "pipeline/train/train.h"

ABSL_FLAG(std::string, slice, "",
          "training slice (text proto, from //pipeline/config:slice): the architecture, training "
          "settings, phase and step range; replaces --config, --phase, --chunk and the step flags");
ABSL_FLAG(std::string, config, "", "deep-study config (text proto), when there is no --slice");
ABSL_FLAG(std::string, dataset, "",
          "training images: a dataset of pipeline/data/registry.bzl by its Dataset enum name "
          "(e.g. BUILTIN_SPRITES), read from --data; or synthetic_squares_1ch | "
          "synthetic_squares_3ch (generated, for tests and benchmarks)");
ABSL_FLAG(std::string, data, "",
          "the dataset's file (npz or h5), for a Dataset of deep_study.proto");
ABSL_FLAG(int64_t, synthetic_images, 10000, "images of a synthetic dataset");
ABSL_FLAG(int, phase, 1, "1 = beta-VAE (stabilisation), 2 = lambda-beta-VAE (restoration)");
ABSL_FLAG(std::vector<std::string>, beta, {}, "betas, comma-separated");
ABSL_FLAG(std::vector<std::string>, lambda, std::vector<std::string>({"0"}),
          "lambdas, comma-separated (0 in phase 1)");
ABSL_FLAG(std::vector<std::string>, seed, std::vector<std::string>({"0"}),
          "seeds, comma-separated");
ABSL_FLAG(int64_t, chunk, -1,
          "chunk index: steps [chunk * chunk_steps, min((chunk + 1) * chunk_steps, phase steps)); "
          "overrides --start_step/--end_step");
ABSL_FLAG(int64_t, start_step, 0, "first step of the phase to run");
ABSL_FLAG(int64_t, end_step, -1, "step to stop before (-1: the end of the phase)");
ABSL_FLAG(std::string, input, "", "checkpoint to continue from (none: fresh init, phase 1 only)");
ABSL_FLAG(std::string, output, "", "checkpoint to write at the end");
ABSL_FLAG(std::string, log, "", "TSV of loss terms to write at the end");
ABSL_FLAG(
    std::string, resume_dir, "",
    "where to keep periodic checkpoints (every training.checkpoint_every steps); a rerun with "
    "the same arguments resumes from the last one");
ABSL_FLAG(std::string, device, "auto", "auto | cpu | cuda");
ABSL_FLAG(
    int, threads, 1,
    "intra-op threads (1 measured fastest per model on the 2-core CPU; see pipeline/README.md)");
ABSL_FLAG(int64_t, log_every, 100, "steps per log row");
ABSL_FLAG(int64_t, stop_after_steps, -1, "testing: stop after this many steps, as if killed");
ABSL_FLAG(int64_t, debug_nan_at_step, -1, "testing: feed NaN images at this step");

namespace lambdabeta {
namespace {

absl::StatusOr<std::vector<double>> Numbers(const std::vector<std::string>& texts,
                                            const std::string& flag) {
  std::vector<double> values;
  for (const std::string& text : texts) {
    double value;
    if (!absl::SimpleAtod(text, &value)) {
      return absl::InvalidArgumentError(absl::StrCat("--", flag, ": '", text, "' is not a number"));
    }
    values.push_back(value);
  }
  if (values.empty()) return absl::InvalidArgumentError(absl::StrCat("--", flag, " is empty"));
  return values;
}

absl::StatusOr<data::Dataset> LoadTrainingImages(const std::string& name) {
  if (name == "synthetic_squares_1ch" || name == "synthetic_squares_3ch") {
    return train::SyntheticSquares(absl::GetFlag(FLAGS_synthetic_images),
                                   name == "synthetic_squares_1ch" ? 1 : 3, /*seed=*/0);
  }
  absl::StatusOr<Dataset> kind = data::ParseDataset(name);
  if (!kind.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--dataset: ", kind.status().message(),
                     " or synthetic_squares_1ch | synthetic_squares_3ch"));
  }
  if (absl::GetFlag(FLAGS_data).empty()) {
    return absl::InvalidArgumentError(absl::StrCat("--dataset=", name, " needs --data=<file>"));
  }
  return data::LoadDataset(*kind, absl::GetFlag(FLAGS_data));
}

// The slice of --slice, or the one --config, --phase and --chunk / the step flags give.
absl::StatusOr<TrainingSlice> Settings(std::string* path) {
  if (!absl::GetFlag(FLAGS_slice).empty()) {
    *path = absl::GetFlag(FLAGS_slice);
    return LoadTrainingSlice(*path);
  }
  *path = absl::GetFlag(FLAGS_config);
  ASSIGN_OR_RETURN(DeepStudyConfig config, LoadDeepStudyConfig(*path));
  ASSIGN_OR_RETURN(TrainingSlice slice,
                   TrainingSliceOf(config, absl::GetFlag(FLAGS_phase), absl::GetFlag(FLAGS_chunk)));
  if (absl::GetFlag(FLAGS_chunk) < 0) {  // the step flags, inside the phase
    const int64_t total = slice.end_step();
    const int64_t start = absl::GetFlag(FLAGS_start_step);
    const int64_t end = absl::GetFlag(FLAGS_end_step) < 0 ? total : absl::GetFlag(FLAGS_end_step);
    if (start < 0 || start >= end || end > total) {
      return absl::InvalidArgumentError(absl::StrCat("steps [", start, ", ", end,
                                                     ") are not a range inside phase ",
                                                     slice.phase(), "'s ", total, " steps"));
    }
    slice.set_start_step(start);
    slice.set_end_step(end);
  }
  return slice;
}

absl::Status Run() {
  train::TrainRequest r;
  ASSIGN_OR_RETURN(TrainingSlice settings, Settings(&r.settings_path));
  r.settings = settings;
  r.settings_sha256 = SliceSha256(r.settings);

  ASSIGN_OR_RETURN(data::Dataset dataset, LoadTrainingImages(absl::GetFlag(FLAGS_dataset)));
  r.dataset = &dataset;

  ASSIGN_OR_RETURN(std::vector<double> betas, Numbers(absl::GetFlag(FLAGS_beta), "beta"));
  ASSIGN_OR_RETURN(std::vector<double> lambdas, Numbers(absl::GetFlag(FLAGS_lambda), "lambda"));
  ASSIGN_OR_RETURN(std::vector<double> seeds, Numbers(absl::GetFlag(FLAGS_seed), "seed"));
  for (double seed : seeds) {
    if (seed < 0 || seed != static_cast<double>(static_cast<uint64_t>(seed))) {
      return absl::InvalidArgumentError(
          absl::StrCat("--seed: ", seed, " is not a whole number >= 0"));
    }
    for (double beta : betas) {
      for (double lambda : lambdas) {
        TrainingMember& m = r.members.emplace_back();
        m.set_beta(beta);
        m.set_lambda(lambda);
        m.set_seed(static_cast<uint64_t>(seed));
      }
    }
  }

  r.input_checkpoint = absl::GetFlag(FLAGS_input);
  r.output_checkpoint = absl::GetFlag(FLAGS_output);
  r.log_path = absl::GetFlag(FLAGS_log);
  r.resume_dir = absl::GetFlag(FLAGS_resume_dir);
  r.device = absl::GetFlag(FLAGS_device);
  r.threads = absl::GetFlag(FLAGS_threads);
  r.log_every = absl::GetFlag(FLAGS_log_every);
  r.stop_after_steps = absl::GetFlag(FLAGS_stop_after_steps);
  r.nan_at_step = absl::GetFlag(FLAGS_debug_nan_at_step);
  return train::Train(r);
}

}  // namespace
}  // namespace lambdabeta

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return lambdabeta::ExitCode("train", lambdabeta::Run());
}
