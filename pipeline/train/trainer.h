// One Adam step of K conv VAEs trained together (a K-member ConvVae), each with its own beta,
// lambda and seed: member k's batch and noise at step t come from (seed_k, phase, t) alone.
#ifndef LAMBDABETA_PIPELINE_TRAIN_TRAINER_H_
#define LAMBDABETA_PIPELINE_TRAIN_TRAINER_H_

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "common/proto/training.pb.h"
#include "pipeline/data/dataset.h"
#include "pipeline/train/batches.h"
#include "pipeline/train/model_fwd.h"

namespace lambdabeta::train {

// The loss terms of one step, per member, before the update.
struct StepLosses {
  static constexpr int kTerms = 4;
  static constexpr std::array<const char*, kTerms> kNames = {"loss", "bce", "kl", "mse"};
  std::vector<std::array<double, kTerms>> members;  // [k][term]
};

class GroupTrainer {
 public:
  // `model` (on `device`) has members.size() members. A fresh Adam (PyTorch defaults:
  // betas 0.9, 0.999, eps 1e-8) with `learning_rate`.
  GroupTrainer(std::shared_ptr<conv_vae::ConvVae> model, std::vector<TrainingMember> members,
               const data::Dataset& dataset, int phase, int batch_size, double learning_rate,
               c10::Device device);
  ~GroupTrainer();  // in trainer.cc, where torch::optim::Adam is complete

  // Step t of the phase: one Adam step on sum_k loss_k. A non-finite loss term stops before the
  // update with an error naming the step, the term and the member.
  absl::StatusOr<StepLosses> Step(int64_t step);

  conv_vae::ConvVae& model() { return *model_; }
  torch::optim::Adam& optimizer() { return *optimizer_; }

  // Test hook: step `step` sees NaN images, as a diverged run would produce NaN losses.
  void InjectNanAtStep(int64_t step) { nan_step_ = step; }

 private:
  std::shared_ptr<conv_vae::ConvVae> model_;
  std::vector<TrainingMember> members_;
  const data::Dataset& dataset_;
  int phase_;
  int batch_size_;
  c10::Device device_;
  std::unique_ptr<torch::optim::Adam> optimizer_;  // never null
  BatchOrder order_;
  at::Tensor beta_;    // [K] on device
  at::Tensor lambda_;  // [K] on device
  int64_t nan_step_ = -1;
};

}  // namespace lambdabeta::train

#endif  // LAMBDABETA_PIPELINE_TRAIN_TRAINER_H_
