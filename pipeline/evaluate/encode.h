// A trained model applied to evaluation images: encoder means (the codes the metrics score) and
// the per-image reconstruction terms.
//
// Reconstruction numbers decode the encoder MEAN, not a sampled latent: that is the
// deterministic reading of "how well does the model reconstruct this image", the same for every
// run, and the one the disentanglement metrics see (they score the means too). A sampled latent
// would add noise of the posterior's width and make the numbers depend on a noise seed; the
// training log (pipeline/train) reports the sampled-latent terms of the objective.
#ifndef LAMBDABETA_PIPELINE_EVALUATE_ENCODE_H_
#define LAMBDABETA_PIPELINE_EVALUATE_ENCODE_H_

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/io/progress.h"
#include "pipeline/data/dataset.h"

// Named here by reference only: the header stays free of models/conv_vae/conv_vae.h (LibTorch's
// nn headers).
namespace lambdabeta::conv_vae {
class ConvVae;
}  // namespace lambdabeta::conv_vae

namespace lambdabeta::evaluate {

// One batch through a single-member model: images [B, C, H, W] in [0, 1].
struct BatchScores {
  at::Tensor codes;         // [B, m] encoder means
  at::Tensor bce;           // [B] Bernoulli NLL of the image given the decoded mean, nats
  at::Tensor mse;           // [B] squared error of the decoder mean, summed over pixels
  at::Tensor kl;            // [B] KL(q(x | y) || N(0, I)), nats
  at::Tensor decoder_mean;  // [B, C, H, W] sigmoid of the decoded mean's logits
};
BatchScores ScoreBatch(const conv_vae::ConvVae& model, const at::Tensor& images);

struct EncodedImages {
  Eigen::MatrixXd codes;             // N x m, in the order of the indices
  std::vector<double> bce, mse, kl;  // per image
  // The first `keep_images` images and their reconstructions, each [n, C, H, W] in [0, 1], CPU.
  at::Tensor originals;
  at::Tensor reconstructions;
};

// Runs `indices` of `dataset` through `model` (one member) in batches of `batch_size` on
// `device`, without gradients. `progress` may be null. LibTorch errors become a Status.
absl::StatusOr<EncodedImages> EncodeImages(const conv_vae::ConvVae& model,
                                           const data::Dataset& dataset,
                                           const std::vector<int64_t>& indices, c10::Device device,
                                           int batch_size, int64_t keep_images, Progress* progress);

}  // namespace lambdabeta::evaluate

#endif  // LAMBDABETA_PIPELINE_EVALUATE_ENCODE_H_
