#include "pipeline/train/trainer.h"

#include <torch/optim/adam.h>
#include <torch/types.h>

#include <cmath>
#include <limits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "models/conv_vae/conv_vae.h"
#include "pipeline/train/checkpoint.h"

namespace lambdabeta::train {
namespace {

torch::Tensor PerMember(const std::vector<TrainingMember>& members,
                        double (TrainingMember::*get)() const, torch::Device device) {
  std::vector<float> values;
  for (const TrainingMember& m : members) values.push_back(static_cast<float>((m.*get)()));
  return torch::tensor(values).to(device);
}

}  // namespace

GroupTrainer::GroupTrainer(std::shared_ptr<conv_vae::ConvVae> model,
                           std::vector<TrainingMember> members, const data::Dataset& dataset,
                           int phase, int batch_size, double learning_rate, c10::Device device)
    : model_(std::move(model)),
      members_(std::move(members)),
      dataset_(dataset),
      phase_(phase),
      batch_size_(batch_size),
      device_(device),
      optimizer_(std::make_unique<torch::optim::Adam>(model_->parameters(),
                                                      torch::optim::AdamOptions(learning_rate))),
      order_(dataset.num_images, batch_size, phase),
      beta_(PerMember(members_, &TrainingMember::beta, device)),
      lambda_(PerMember(members_, &TrainingMember::lambda, device)) {
  TORCH_CHECK(static_cast<int>(members_.size()) == model_->members(), "the model has ",
              model_->members(), " members, ", members_.size(), " were described");
}

GroupTrainer::~GroupTrainer() = default;

absl::StatusOr<StepLosses> GroupTrainer::Step(int64_t step) {
  const int members = model_->members();
  std::vector<std::vector<int64_t>> indices;
  std::vector<torch::Tensor> noise;
  for (const TrainingMember& m : members_) {
    indices.push_back(order_.Indices(m.seed(), step));
    noise.push_back(StepNoise(m.seed(), phase_, step, batch_size_, model_->latent_dim()));
  }
  torch::Tensor images = MemberImageBatch(dataset_, indices, device_);
  if (step == nan_step_) images.fill_(std::numeric_limits<float>::quiet_NaN());

  conv_vae::Posterior posterior = model_->Encode(images);
  torch::Tensor logits =
      model_->Decode(conv_vae::Reparameterise(posterior, torch::stack(noise).to(device_)));
  conv_vae::LossTerms terms = conv_vae::VaeLoss(images, logits, posterior, beta_, lambda_);

  // One transfer of the [4, K] terms, checked before any parameter moves.
  const torch::Tensor host = torch::stack({terms.total, terms.bce, terms.kl, terms.mse})
                                 .detach()
                                 .to(torch::kCPU, torch::kDouble);
  const auto values = host.accessor<double, 2>();
  StepLosses losses;
  losses.members.resize(members);
  for (int k = 0; k < members; ++k) {
    std::vector<std::string> bad;
    for (int t = 0; t < StepLosses::kTerms; ++t) {
      losses.members[k][t] = values[t][k];
      if (!std::isfinite(values[t][k]))
        bad.push_back(absl::StrCat(StepLosses::kNames[t], " = ", values[t][k]));
    }
    if (!bad.empty()) {
      return absl::InternalError(
          absl::StrCat("non-finite loss at step ", step, " of phase ", phase_, ", member ", k, " (",
                       Describe(members_[k]), "): ", absl::StrJoin(bad, ", "),
                       "; stopped before the update, no checkpoint written from this state"));
    }
  }
  optimizer_->zero_grad();
  terms.total.sum().backward();
  optimizer_->step();
  return losses;
}

}  // namespace lambdabeta::train
