#include "pipeline/train/train.h"

#include <torch/types.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/io/files.h"
#include "common/io/progress.h"
#include "common/runtime/environment.h"
#include "common/runtime/runtime.h"
#include "common/status/status_macros.h"
#include "google/protobuf/util/message_differencer.h"
#include "models/conv_vae/conv_vae.h"
#include "pipeline/train/batches.h"
#include "pipeline/train/checkpoint.h"
#include "pipeline/train/trainer.h"

namespace lambdabeta::train {

const char kLogHeader[] =
    "phase\tstep_begin\tstep_end\tmember\tbeta\tlambda\tseed\tloss\tbce\tkl\tmse\n";

namespace {

using conv_vae::ConvVae;

std::tuple<double, double, uint64_t> Key(const TrainingMember& m) {
  return {m.beta(), m.lambda(), m.seed()};
}

bool SameMembers(const google::protobuf::RepeatedPtrField<TrainingMember>& a,
                 const std::vector<TrainingMember>& b) {
  if (a.size() != static_cast<int>(b.size())) return false;
  for (size_t i = 0; i < b.size(); ++i) {
    if (Key(a[static_cast<int>(i)]) != Key(b[i])) return false;
  }
  return true;
}

std::string DescribeAll(const std::vector<TrainingMember>& members) {
  std::vector<std::string> parts;
  for (const TrainingMember& m : members) parts.push_back(Describe(m));
  return absl::StrJoin(parts, "; ");
}

absl::Status ValidateRequest(const TrainRequest& r) {
  const TrainingSlice& settings = r.settings;
  if (settings.phase() != 1 && settings.phase() != 2) {
    return absl::InvalidArgumentError(absl::StrCat("phase must be 1 or 2, got ", settings.phase()));
  }
  if (settings.start_step() < 0 || settings.start_step() >= settings.end_step()) {
    return absl::InvalidArgumentError(absl::StrCat("steps [", settings.start_step(), ", ",
                                                   settings.end_step(), ") are not a range"));
  }
  if (settings.phase() == 2 && settings.phase1_steps() < 1) {
    return absl::InvalidArgumentError("phase 2 needs phase1_steps, the step it starts from");
  }
  const Training& t = settings.training();
  if (t.batch_size() < 1 || !(t.learning_rate() > 0) || t.checkpoint_every() < 1) {
    return absl::InvalidArgumentError(
        "training needs batch_size >= 1, learning_rate > 0 and checkpoint_every >= 1");
  }
  if (r.members.empty()) return absl::InvalidArgumentError("no models to train (members)");
  std::set<std::tuple<double, double, uint64_t>> seen;
  for (const TrainingMember& m : r.members) {
    if (!seen.insert(Key(m)).second) {
      return absl::InvalidArgumentError(absl::StrCat("member ", Describe(m), " is listed twice"));
    }
    if (!(m.beta() > 0) || !(m.lambda() >= 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat("member ", Describe(m), ": needs beta > 0 and lambda >= 0"));
    }
    if (r.settings.phase() == 1 && m.lambda() != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("member ", Describe(m), ": phase 1 trains the beta-VAE, lambda must be 0"));
    }
  }
  const bool fresh = r.settings.phase() == 1 && r.settings.start_step() == 0;
  if (fresh && !r.input_checkpoint.empty()) {
    return absl::InvalidArgumentError(
        "phase 1 from step 0 starts from a fresh init: give no input checkpoint");
  }
  if (!fresh && r.input_checkpoint.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "phase ", r.settings.phase(), " from step ", r.settings.start_step(),
        " needs an input checkpoint",
        r.settings.phase() == 2 && r.settings.start_step() == 0 ? " (phase 1's final one)" : ""));
  }
  if (r.output_checkpoint.empty()) return absl::InvalidArgumentError("no output checkpoint path");
  if (r.threads < 1) return absl::InvalidArgumentError("threads must be at least 1");
  if (r.log_every < 1) return absl::InvalidArgumentError("log_every must be at least 1");
  const data::Dataset* d = r.dataset;
  if (d == nullptr || d->num_images < 1) return absl::InvalidArgumentError("no training images");
  const int size = r.settings.architecture().image_size();
  if (d->height != size || d->width != size || d->channels < 1 ||
      static_cast<int64_t>(d->images.size()) != d->num_images * d->image_bytes()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "dataset '%s' is %d images of %dx%dx%d in %d bytes; the model needs %dx%d images", d->name,
        d->num_images, d->height, d->width, d->channels, d->images.size(), size, size));
  }
  return absl::OkStatus();
}

// A checkpoint must come from the same data, architecture and optimiser settings as this run.
absl::Status CheckRecord(const CheckpointInfo& info, const TrainRequest& r,
                         const std::string& path) {
  auto mismatch = [&](const std::string& what, const std::string& has, const std::string& wants) {
    return absl::FailedPreconditionError(absl::StrCat("checkpoint ", path,
                                                      " does not match this run: ", what, " is ",
                                                      has, " there, ", wants, " here"));
  };
  if (info.batch_size() != r.settings.training().batch_size() ||
      info.learning_rate() != r.settings.training().learning_rate()) {
    return mismatch("the batch size and learning rate",
                    absl::StrCat(info.batch_size(), ", ", info.learning_rate()),
                    absl::StrCat(r.settings.training().batch_size(), ", ",
                                 r.settings.training().learning_rate()));
  }
  if (info.dataset() != r.dataset->name || info.dataset_images() != r.dataset->num_images ||
      info.channels() != r.dataset->channels) {
    return mismatch("the dataset",
                    absl::StrCat(info.dataset(), " (", info.dataset_images(),
                                 " images, C = ", info.channels(), ")"),
                    absl::StrCat(r.dataset->name, " (", r.dataset->num_images,
                                 " images, C = ", r.dataset->channels, ")"));
  }
  if (!google::protobuf::util::MessageDifferencer::Equals(info.architecture(),
                                                          r.settings.architecture())) {
    return mismatch("the architecture", info.architecture().ShortDebugString(),
                    r.settings.architecture().ShortDebugString());
  }
  return absl::OkStatus();
}

absl::Status CheckContinues(const CheckpointInfo& info, const TrainRequest& r,
                            const std::string& path, int64_t lowest_step) {
  RETURN_IF_ERROR(CheckRecord(info, r, path));
  if (info.phase() != r.settings.phase() || info.step() < lowest_step ||
      info.step() > r.settings.end_step() || !SameMembers(info.members(), r.members) ||
      !info.has_optimizer_state()) {
    std::vector<TrainingMember> there(info.members().begin(), info.members().end());
    return absl::FailedPreconditionError(absl::StrCat(
        "checkpoint ", path, " does not match this run: it holds phase ", info.phase(), " step ",
        info.step(), " of [", DescribeAll(there), "]",
        info.has_optimizer_state() ? "" : " without Adam state", "; this run continues phase ",
        r.settings.phase(), " from step ", lowest_step, " with [", DescribeAll(r.members), "]"));
  }
  return absl::OkStatus();
}

// Phase 2 from step 0: each member continues phase 1's model with its (beta, seed).
absl::StatusOr<std::shared_ptr<ConvVae>> SelectPhase1Members(const Checkpoint& phase1,
                                                             const TrainRequest& r,
                                                             const std::string& path) {
  const CheckpointInfo& info = phase1.info;
  RETURN_IF_ERROR(CheckRecord(info, r, path));
  const int64_t final_step = r.settings.phase1_steps();
  if (info.phase() != 1 || info.step() != final_step) {
    return absl::FailedPreconditionError(
        absl::StrCat("phase 2 starts from phase 1's final checkpoint (step ", final_step, "); ",
                     path, " holds phase ", info.phase(), " step ", info.step()));
  }
  std::vector<std::shared_ptr<ConvVae>> picked;
  for (const TrainingMember& m : r.members) {
    int found = -1;
    for (int k = 0; k < info.members_size(); ++k) {
      if (info.members(k).beta() == m.beta() && info.members(k).seed() == m.seed()) found = k;
    }
    if (found < 0) {
      return absl::NotFoundError(absl::StrCat("phase-1 checkpoint ", path,
                                              " has no model with beta=", m.beta(),
                                              " seed=", m.seed(), " (for ", Describe(m), ")"));
    }
    picked.push_back(phase1.model->Member(found));
  }
  return ConvVae::Stack(picked);
}

std::string RunKey(const TrainRequest& r) {
  std::string input = "init";
  if (!r.input_checkpoint.empty()) {
    absl::StatusOr<std::string> sha = FileSha256Hex(r.input_checkpoint);
    input = sha.ok() ? *sha : r.input_checkpoint;
  }
  const std::string identity = absl::StrCat(
      r.settings_sha256, "|", r.dataset->name, "|", r.dataset->num_images, "|", r.dataset->channels,
      "|", r.settings.phase(), "|", r.settings.start_step(), "|", r.settings.end_step(), "|",
      DescribeAll(r.members), "|", input, "|", ExecutableSha256Hex());
  return Sha256Hex(identity).substr(0, 24);
}

absl::Status CheckFinite(ConvVae& model, int64_t step, int phase) {
  for (const auto& item : model.named_parameters()) {
    if (!torch::isfinite(item.value()).all().item<bool>()) {
      return absl::InternalError(absl::StrCat("parameter ", item.key(),
                                              " is not finite after step ", step, " of phase ",
                                              phase, "; no checkpoint written"));
    }
  }
  return absl::OkStatus();
}

// No wall time and no tier name: equal training gives equal bytes, whatever the tier is called.
CheckpointInfo RunRecord(const TrainRequest& r, const std::string& device_name) {
  CheckpointInfo info;
  Provenance& provenance = *info.mutable_provenance();
  provenance.set_config_file(r.settings_path);
  provenance.set_config_sha256(r.settings_sha256);
  provenance.set_code_sha256(ExecutableSha256Hex());
  provenance.set_device(device_name);
  provenance.set_threads(r.threads);
  *provenance.mutable_environment() = runtime::CollectEnvironment(device_name, r.threads);
  info.set_dataset(r.dataset->name);
  info.set_dataset_images(r.dataset->num_images);
  info.set_channels(r.dataset->channels);
  *info.mutable_architecture() = r.settings.architecture();
  info.set_phase(r.settings.phase());
  info.set_phase1_steps(r.settings.phase1_steps());
  for (const TrainingMember& m : r.members) *info.add_members() = m;
  info.set_batch_size(r.settings.training().batch_size());
  info.set_learning_rate(r.settings.training().learning_rate());
  return info;
}

// Where a run starts: a periodic checkpoint of this very run (after a kill), the input
// checkpoint, or a fresh init.
struct StartingPoint {
  std::shared_ptr<ConvVae> model;
  std::optional<Checkpoint> adam_from;  // absent: a fresh Adam
  std::string adam_path;
  int64_t step = 0;
  std::string log_rows;  // of the steps before `step` in this run
};

absl::StatusOr<StartingPoint> FindStart(const TrainRequest& r, const std::string& periodic_path,
                                        torch::Device device) {
  StartingPoint start;
  start.step = r.settings.start_step();
  std::error_code no_file;
  if (!periodic_path.empty() && std::filesystem::exists(periodic_path, no_file)) {
    ASSIGN_OR_RETURN(Checkpoint resumed, LoadCheckpoint(periodic_path, device));
    RETURN_IF_ERROR(CheckContinues(resumed.info, r, periodic_path, r.settings.start_step() + 1));
    start.step = resumed.info.step();
    start.log_rows = resumed.log;
    start.model = resumed.model;
    start.adam_from = std::move(resumed);
    start.adam_path = periodic_path;
    if (r.progress) {
      std::fprintf(stderr, "train: resuming from %s at step %lld\n", periodic_path.c_str(),
                   static_cast<long long>(start.step));
    }
    return start;
  }
  if (!r.input_checkpoint.empty()) {
    ASSIGN_OR_RETURN(Checkpoint input, LoadCheckpoint(r.input_checkpoint, device));
    if (r.settings.phase() == 2 && r.settings.start_step() == 0) {
      ASSIGN_OR_RETURN(std::shared_ptr<ConvVae> picked,
                       SelectPhase1Members(input, r, r.input_checkpoint));
      start.model = picked;  // with a fresh Adam: the restoration phase's own optimizer
      return start;
    }
    RETURN_IF_ERROR(CheckContinues(input.info, r, r.input_checkpoint, r.settings.start_step()));
    if (input.info.step() != r.settings.start_step()) {
      return absl::FailedPreconditionError(
          absl::StrCat("checkpoint ", r.input_checkpoint, " is at step ", input.info.step(),
                       ", this run starts at step ", r.settings.start_step()));
    }
    start.model = input.model;
    start.adam_from = std::move(input);
    start.adam_path = r.input_checkpoint;
    return start;
  }
  std::vector<uint64_t> init_seeds;
  for (const TrainingMember& m : r.members) {
    init_seeds.push_back(StreamSeed(m.seed(), /*phase=*/1, Stream::kInit, 0));
  }
  ASSIGN_OR_RETURN(std::shared_ptr<ConvVae> fresh,
                   ConvVae::Create(r.settings.architecture(), r.dataset->channels, init_seeds));
  start.model = fresh;
  start.model->to(device);
  return start;
}

absl::Status TrainOrThrow(const TrainRequest& r) {
  ASSIGN_OR_RETURN(std::string device_name, runtime::ResolveDevice(r.device));
  const torch::Device device(device_name);
  runtime::SetIntraOpThreads(r.threads);
  runtime::KeepFreedMemory();
  if (device.is_cuda()) {
    // Reproducible convolutions, so a resumed or chunked run matches a straight one.
    at::globalContext().setDeterministicCuDNN(true);
    at::globalContext().setBenchmarkCuDNN(false);
  }
  if (r.progress) {
    std::fprintf(stderr,
                 "train: device %s%s, %d intra-op thread%s; phase %d steps [%lld, %lld) of %d "
                 "model%s\n",
                 device_name.c_str(),
                 r.device == "auto" && !device.is_cuda() ? " (no CUDA in this LibTorch)" : "",
                 r.threads, r.threads == 1 ? "" : "s", r.settings.phase(),
                 static_cast<long long>(r.settings.start_step()),
                 static_cast<long long>(r.settings.end_step()), static_cast<int>(r.members.size()),
                 r.members.size() == 1 ? "" : "s");
  }

  CheckpointInfo info = RunRecord(r, device_name);
  std::string periodic_path;
  if (!r.resume_dir.empty()) {
    RETURN_IF_ERROR(MakeDirectories(r.resume_dir));
    periodic_path = absl::StrCat(r.resume_dir, "/train-", RunKey(r), ".ckpt");
  }
  ASSIGN_OR_RETURN(StartingPoint start, FindStart(r, periodic_path, device));
  std::shared_ptr<ConvVae> model = start.model;
  const int64_t first = start.step;
  std::string log_rows = std::move(start.log_rows);

  // Training draws batches from all of the images: a mapped dataset is best read from disk in
  // big pieces, not image by image as batches touch them.
  r.dataset->images.WillReadAll();
  GroupTrainer trainer(model, r.members, *r.dataset, r.settings.phase(),
                       r.settings.training().batch_size(), r.settings.training().learning_rate(),
                       device);
  if (start.adam_from) {
    RETURN_IF_ERROR(LoadOptimizerState(*start.adam_from, start.adam_path, trainer.optimizer()));
    start.adam_from.reset();
  }
  if (r.nan_at_step >= 0) trainer.InjectNanAtStep(r.nan_at_step);

  const int members = static_cast<int>(r.members.size());
  const int64_t checkpoint_every = r.settings.training().checkpoint_every();
  auto save = [&](const std::string& path, int64_t step) {
    RETURN_IF_ERROR(CheckFinite(*model, step, r.settings.phase()));
    info.set_step(step);
    return SaveCheckpoint(path, info, *model, &trainer.optimizer(), log_rows);
  };

  Progress progress(absl::StrFormat("train %s phase %d, %d model%s", r.dataset->name,
                                    r.settings.phase(), members, members == 1 ? "" : "s"),
                    r.settings.end_step(), "steps", first);
  std::vector<std::array<double, StepLosses::kTerms>> window(members);
  int64_t window_begin = first;
  for (int64_t step = first; step < r.settings.end_step(); ++step) {
    ASSIGN_OR_RETURN(StepLosses losses, trainer.Step(step));
    std::array<double, StepLosses::kTerms> mean{};
    for (int k = 0; k < members; ++k) {
      for (int t = 0; t < StepLosses::kTerms; ++t) {
        window[k][t] += losses.members[k][t];
        mean[t] += losses.members[k][t] / members;
      }
    }
    const int64_t done = step + 1;
    if (done % r.log_every == 0 || done % checkpoint_every == 0 || done == r.settings.end_step()) {
      const double n = static_cast<double>(done - window_begin);
      for (int k = 0; k < members; ++k) {
        const TrainingMember& m = r.members[k];
        absl::StrAppendFormat(&log_rows, "%d\t%d\t%d\t%d\t%.9g\t%.9g\t%d\t%.9g\t%.9g\t%.9g\t%.9g\n",
                              r.settings.phase(), window_begin, done, k, m.beta(), m.lambda(),
                              m.seed(), window[k][0] / n, window[k][1] / n, window[k][2] / n,
                              window[k][3] / n);
        window[k] = {};
      }
      window_begin = done;
    }
    if (r.progress) {
      progress.Update(done, absl::StrFormat("%sloss %.2f  bce %.2f  kl %.3f  mse %.2f",
                                            members == 1 ? "" : "mean over models: ", mean[0],
                                            mean[1], mean[2], mean[3]));
    }
    if (!periodic_path.empty() && done % checkpoint_every == 0 && done < r.settings.end_step()) {
      RETURN_IF_ERROR(save(periodic_path, done));
    }
    if (r.stop_after_steps >= 0 && done - first >= r.stop_after_steps &&
        done < r.settings.end_step()) {
      return absl::AbortedError(absl::StrCat("stopped after ", done - first, " steps, at step ",
                                             done, ", as asked (simulating a kill)"));
    }
  }
  if (r.progress) progress.Finish();

  RETURN_IF_ERROR(save(r.output_checkpoint, r.settings.end_step()));
  if (!r.log_path.empty()) {
    RETURN_IF_ERROR(WriteFileAtomically(r.log_path, kLogHeader + log_rows));
  }
  std::error_code ignored;
  if (!periodic_path.empty()) std::filesystem::remove(periodic_path, ignored);  // done with it
  return absl::OkStatus();
}

}  // namespace

absl::Status Train(const TrainRequest& request) {
  RETURN_IF_ERROR(ValidateRequest(request));
  try {
    return TrainOrThrow(request);
  } catch (const c10::Error& e) {
    return absl::InternalError(absl::StrCat("training failed: ", e.what_without_backtrace()));
  }
}

}  // namespace lambdabeta::train
