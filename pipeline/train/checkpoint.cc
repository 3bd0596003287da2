#include "pipeline/train/checkpoint.h"

#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "pipeline/io/files.h"

namespace lambdabeta::train {
namespace {

constexpr char kInfo[] = "info";
constexpr char kModel[] = "model";
constexpr char kOptimizer[] = "optimizer";
constexpr char kLog[] = "log";

std::string ReadString(torch::serialize::InputArchive& archive, const std::string& key) {
  c10::IValue value;
  archive.read(key, value);
  return value.toStringRef();
}

}  // namespace

std::string Describe(const TrainingMember& member) {
  return absl::StrFormat("beta=%g lambda=%g seed=%d", member.beta(), member.lambda(),
                         member.seed());
}

absl::Status SaveCheckpoint(const std::string& path, CheckpointInfo info,
                            conv_vae::ConvVae& model, torch::optim::Adam* optimizer,
                            const std::string& log) {
  info.set_has_optimizer_state(optimizer != nullptr);
  try {
    torch::serialize::OutputArchive archive;
    archive.write(kInfo, c10::IValue(info.SerializeAsString()));
    torch::serialize::OutputArchive model_archive;
    model.save(model_archive);
    archive.write(kModel, model_archive);
    if (optimizer != nullptr) {
      torch::serialize::OutputArchive optimizer_archive;
      optimizer->save(optimizer_archive);
      archive.write(kOptimizer, optimizer_archive);
    }
    archive.write(kLog, c10::IValue(log));
    std::ostringstream bytes;
    archive.save_to(bytes);
    return WriteFileAtomically(path, bytes.str());
  } catch (const c10::Error& e) {
    return absl::InternalError(
        absl::StrCat("writing checkpoint ", path, ": ", e.what_without_backtrace()));
  }
}

absl::StatusOr<Checkpoint> LoadCheckpoint(const std::string& path, torch::Device device) {
  Checkpoint checkpoint;
  checkpoint.archive = std::make_shared<torch::serialize::InputArchive>();
  try {
    checkpoint.archive->load_from(path, device);
    if (!checkpoint.info.ParseFromString(ReadString(*checkpoint.archive, kInfo))) {
      return absl::DataLossError(absl::StrCat(path, ": unreadable checkpoint record"));
    }
    checkpoint.log = ReadString(*checkpoint.archive, kLog);
  } catch (const c10::Error& e) {
    return absl::DataLossError(
        absl::StrCat(path, ": not a conv-VAE checkpoint: ", e.what_without_backtrace()));
  }
  const CheckpointInfo& info = checkpoint.info;
  if (info.members().empty()) return absl::DataLossError(absl::StrCat(path, ": no members"));
  absl::StatusOr<std::shared_ptr<conv_vae::ConvVae>> model = conv_vae::ConvVae::Create(
      info.architecture(), info.channels(), std::vector<uint64_t>(info.members_size(), 0));
  if (!model.ok()) {
    return absl::DataLossError(absl::StrCat(path, ": ", model.status().message()));
  }
  try {
    (*model)->to(device);
    // Module::load replaces tensors wholesale, so check that they kept their shapes.
    std::vector<std::vector<int64_t>> shapes;
    for (const torch::Tensor& p : (*model)->parameters()) shapes.push_back(p.sizes().vec());
    torch::serialize::InputArchive model_archive;
    checkpoint.archive->read(kModel, model_archive);
    (*model)->load(model_archive);
    std::vector<torch::Tensor> loaded = (*model)->parameters();
    for (size_t i = 0; i < loaded.size(); ++i) {
      if (loaded[i].sizes().vec() != shapes[i]) {
        return absl::DataLossError(absl::StrCat(path, ": parameter ", i, " has shape ",
                                                c10::str(loaded[i].sizes()),
                                                ", its record implies ", c10::str(shapes[i])));
      }
    }
  } catch (const c10::Error& e) {
    return absl::DataLossError(
        absl::StrCat(path, ": reading the model: ", e.what_without_backtrace()));
  }
  checkpoint.model = *model;
  return checkpoint;
}

absl::Status LoadOptimizerState(const Checkpoint& checkpoint, const std::string& path,
                                torch::optim::Adam& optimizer) {
  if (!checkpoint.info.has_optimizer_state()) {
    return absl::FailedPreconditionError(absl::StrCat(path, " holds no optimizer state"));
  }
  try {
    torch::serialize::InputArchive optimizer_archive;
    checkpoint.archive->read(kOptimizer, optimizer_archive);
    optimizer.load(optimizer_archive);
    return absl::OkStatus();
  } catch (const c10::Error& e) {
    return absl::DataLossError(
        absl::StrCat(path, ": reading the Adam state: ", e.what_without_backtrace()));
  }
}

absl::StatusOr<int> MemberIndex(const CheckpointInfo& info, const TrainingMember& member,
                                const std::string& path) {
  for (int k = 0; k < info.members_size(); ++k) {
    const TrainingMember& m = info.members(k);
    if (m.beta() == member.beta() && m.lambda() == member.lambda() && m.seed() == member.seed()) {
      return k;
    }
  }
  return absl::NotFoundError(absl::StrCat(path, " holds no member ", Describe(member)));
}

absl::StatusOr<std::shared_ptr<conv_vae::ConvVae>> LoadMember(const std::string& path,
                                                              const TrainingMember& member,
                                                              torch::Device device) {
  absl::StatusOr<Checkpoint> checkpoint = LoadCheckpoint(path, device);
  if (!checkpoint.ok()) return checkpoint.status();
  absl::StatusOr<int> k = MemberIndex(checkpoint->info, member, path);
  if (!k.ok()) return k.status();
  return checkpoint->model->Member(*k);
}

}  // namespace lambdabeta::train
