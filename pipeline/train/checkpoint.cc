#include "pipeline/train/checkpoint.h"

#include <torch/optim/adam.h>
#include <torch/types.h>

#include <cstring>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "models/conv_vae/conv_vae.h"

namespace lambdabeta::train {
namespace {

StoredTensor Store(const std::string& name, const torch::Tensor& tensor) {
  const torch::Tensor cpu = tensor.detach().to(torch::kCPU, torch::kFloat32).contiguous();
  StoredTensor stored;
  stored.set_name(name);
  for (int64_t size : cpu.sizes()) stored.add_shape(size);
  stored.set_float32_data(cpu.data_ptr(), static_cast<size_t>(cpu.numel()) * sizeof(float));
  return stored;
}

// `stored` into `target` (same name and shape), in place.
absl::Status Restore(const StoredTensor& stored, const std::string& name, torch::Tensor target,
                     const std::string& path) {
  if (stored.name() != name) {
    return absl::DataLossError(
        absl::StrCat(path, ": expected tensor '", name, "', found '", stored.name(), "'"));
  }
  const std::vector<int64_t> shape(stored.shape().begin(), stored.shape().end());
  if (shape != target.sizes().vec() ||
      stored.float32_data().size() != static_cast<size_t>(target.numel()) * sizeof(float)) {
    return absl::DataLossError(absl::StrCat(
        path, ": tensor ", name, " is ", c10::str(shape), " in ", stored.float32_data().size(),
        " bytes, its record implies ", c10::str(target.sizes())));
  }
  torch::Tensor cpu = torch::empty(target.sizes(), torch::kFloat32);
  std::memcpy(cpu.data_ptr(), stored.float32_data().data(), stored.float32_data().size());
  torch::NoGradGuard no_grad;
  target.copy_(cpu);
  return absl::OkStatus();
}

}  // namespace

std::string Describe(const TrainingMember& member) {
  return absl::StrFormat("beta=%g lambda=%g seed=%d", member.beta(), member.lambda(),
                         member.seed());
}

absl::Status SaveCheckpoint(const std::string& path, CheckpointInfo info, conv_vae::ConvVae& model,
                            torch::optim::Adam* optimizer, const std::string& log) {
  info.set_has_optimizer_state(optimizer != nullptr);
  CheckpointFile file;
  *file.mutable_info() = std::move(info);
  file.set_log(log);
  try {
    for (const auto& item : model.named_parameters()) {
      *file.add_parameters() = Store(item.key(), item.value());
      if (optimizer == nullptr) continue;
      auto found =
          optimizer->state().find(c10::guts::to_string(item.value().unsafeGetTensorImpl()));
      if (found == optimizer->state().end()) {  // no step taken yet: Adam's zero state
        *file.add_adam_state() = Store(item.key() + ".exp_avg", torch::zeros_like(item.value()));
        *file.add_adam_state() = Store(item.key() + ".exp_avg_sq", torch::zeros_like(item.value()));
        continue;
      }
      const auto& state = static_cast<const torch::optim::AdamParamState&>(*found->second);
      *file.add_adam_state() = Store(item.key() + ".exp_avg", state.exp_avg());
      *file.add_adam_state() = Store(item.key() + ".exp_avg_sq", state.exp_avg_sq());
      file.set_adam_step(state.step());
    }
  } catch (const c10::Error& e) {
    return absl::InternalError(
        absl::StrCat("writing checkpoint ", path, ": ", e.what_without_backtrace()));
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    file.SerializeToCodedStream(&coded);
  }
  return WriteFileAtomically(path, bytes);
}

absl::StatusOr<Checkpoint> LoadCheckpoint(const std::string& path, torch::Device device) {
  Checkpoint checkpoint;
  checkpoint.file = std::make_shared<CheckpointFile>();
  ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  if (!checkpoint.file->ParseFromString(bytes) || !checkpoint.file->has_info()) {
    return absl::DataLossError(absl::StrCat(path, ": not a conv-VAE checkpoint (unreadable)"));
  }
  checkpoint.info = checkpoint.file->info();
  checkpoint.log = checkpoint.file->log();
  const CheckpointInfo& info = checkpoint.info;
  if (info.members().empty()) return absl::DataLossError(absl::StrCat(path, ": no members"));
  absl::StatusOr<std::shared_ptr<conv_vae::ConvVae>> model = conv_vae::ConvVae::Create(
      info.architecture(), info.channels(), std::vector<uint64_t>(info.members_size(), 0));
  if (!model.ok()) {
    return absl::DataLossError(absl::StrCat(path, ": ", model.status().message()));
  }
  auto parameters = (*model)->named_parameters();
  if (static_cast<int>(parameters.size()) != checkpoint.file->parameters_size()) {
    return absl::DataLossError(absl::StrCat(path, ": ", checkpoint.file->parameters_size(),
                                            " tensors, its record implies ", parameters.size()));
  }
  try {
    for (size_t i = 0; i < parameters.size(); ++i) {
      const auto& item = parameters[i];
      RETURN_IF_ERROR(Restore(checkpoint.file->parameters(static_cast<int>(i)), item.key(),
                              item.value(), path));
    }
    (*model)->to(device);
  } catch (const c10::Error& e) {
    return absl::DataLossError(
        absl::StrCat(path, ": reading the model: ", e.what_without_backtrace()));
  }
  checkpoint.model = *model;
  return checkpoint;
}

absl::Status LoadOptimizerState(const Checkpoint& checkpoint, const std::string& path,
                                torch::optim::Adam& optimizer) {
  const CheckpointFile& file = *checkpoint.file;
  if (!checkpoint.info.has_optimizer_state()) {
    return absl::FailedPreconditionError(absl::StrCat(path, " holds no optimizer state"));
  }
  auto parameters = checkpoint.model->named_parameters();
  if (file.adam_state_size() != 2 * static_cast<int>(parameters.size())) {
    return absl::DataLossError(absl::StrCat(path, ": ", file.adam_state_size(),
                                            " Adam tensors for ", parameters.size(),
                                            " parameters"));
  }
  if (optimizer.param_groups().size() != 1 ||
      optimizer.param_groups()[0].params().size() != parameters.size()) {
    return absl::InvalidArgumentError("the optimizer is not an Adam over the checkpoint's model");
  }
  try {
    for (size_t i = 0; i < parameters.size(); ++i) {
      const torch::Tensor& p = optimizer.param_groups()[0].params()[i];
      auto state = std::make_unique<torch::optim::AdamParamState>();
      state->step(file.adam_step());
      state->exp_avg(torch::zeros_like(p));
      state->exp_avg_sq(torch::zeros_like(p));
      const std::string& name = parameters[i].key();
      const int at = 2 * static_cast<int>(i);
      RETURN_IF_ERROR(Restore(file.adam_state(at), name + ".exp_avg", state->exp_avg(), path));
      RETURN_IF_ERROR(
          Restore(file.adam_state(at + 1), name + ".exp_avg_sq", state->exp_avg_sq(), path));
      optimizer.state()[c10::guts::to_string(p.unsafeGetTensorImpl())] = std::move(state);
    }
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
  ASSIGN_OR_RETURN(Checkpoint checkpoint, LoadCheckpoint(path, device));
  ASSIGN_OR_RETURN(int k, MemberIndex(checkpoint.info, member, path));
  return checkpoint.model->Member(k);
}

}  // namespace lambdabeta::train
