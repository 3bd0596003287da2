// The convolutional VAE of Table 1 (Section 5.2): Gaussian encoder, Bernoulli decoder, and the
// beta-VAE / lambda-beta-VAE losses, for K models at once.
//
// K members (different seeds, betas or lambdas) are stacked along a leading member dimension of
// every parameter and run as one network: the convolutions are grouped (groups = K) and the
// fully connected layers are batched matmuls. No member sees another member's activations, so a
// K-member model computes what K single models compute (up to float summation order), a GPU is
// kept busy, and Member(k) extracts member k as a single (K = 1) model, e.g. for evaluation.
//
// Layouts: images enter as [B, K*C, H, W] with member k's images in channels [k*C, (k+1)*C)
// (for K = 1 the usual [B, C, H, W]); latents are [K, B, m]; decoder logits are [B, K*C, H, W].
// Parameters: conv weights [K, out, in, k, k], transposed-conv weights [K, in, out, k, k],
// fully connected weights [K, in, out], biases [K, out].
#ifndef LAMBDABETA_MODELS_CONV_VAE_CONV_VAE_H_
#define LAMBDABETA_MODELS_CONV_VAE_CONV_VAE_H_

#include <torch/nn/module.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/proto/deep_study.pb.h"
#include "models/conv_vae/layers.h"

namespace lambdabeta::conv_vae {

// q(x | y) = N(mean, diag(exp(log_var))), each [K, B, m].
struct Posterior {
  torch::Tensor mean;
  torch::Tensor log_var;
};

class ConvVae : public torch::nn::Module {
 public:
  // A model of `init_seeds.size()` members for images with `channels` channels. Member k is
  // initialised as PyTorch initialises nn.Conv2d / nn.ConvTranspose2d / nn.Linear (uniform in
  // +-1/sqrt(fan_in); the authors' code is PyTorch), drawn on the CPU from a generator seeded
  // with init_seeds[k], so a member equals the single model made from its seed on any device.
  static absl::StatusOr<std::shared_ptr<ConvVae>> Create(const Architecture& architecture,
                                                         int channels,
                                                         const std::vector<uint64_t>& init_seeds);

  // One model holding copies of the given models' members, in order (all of one architecture
  // and channel count, on one device).
  static absl::StatusOr<std::shared_ptr<ConvVae>> Stack(
      const std::vector<std::shared_ptr<ConvVae>>& models);

  // Member k alone, as a copy on this model's device.
  std::shared_ptr<ConvVae> Member(int k) const;

  int members() const { return members_; }
  int channels() const { return channels_; }
  int latent_dim() const { return architecture_.latent_dim(); }
  int image_size() const { return architecture_.image_size(); }
  const Architecture& architecture() const { return architecture_; }

  // images: [B, K*C, H, W] in [0, 1]. `trace`, if given, receives one row per layer (K = 1).
  Posterior Encode(const torch::Tensor& images, std::vector<LayerRow>* trace = nullptr) const;

  // latents: [K, B, m] -> Bernoulli logits [B, K*C, H, W].
  torch::Tensor Decode(const torch::Tensor& latents, std::vector<LayerRow>* trace = nullptr) const;

  // Parameters of one member.
  int64_t ParametersPerMember() const;

  // Multiply-adds of one member's forward pass for one image (Encode then Decode), counted from
  // the layer shapes: a convolution's output pixels x in x out x k^2, a transposed
  // convolution's input pixels x in x out x k^2 (the layer as defined, whatever form computes
  // it), a fully connected layer's in x out. Biases and activations are not counted.
  int64_t ForwardMacsPerImage() const;

 private:
  enum class Kind { kConv, kLinear, kConvTranspose };
  struct Layer {
    Kind kind;
    int in;  // channels or features, per member
    int out;
    bool relu;
    std::string label;  // Table 1 wording
    torch::Tensor weight;
    torch::Tensor bias;
  };

  ConvVae(const Architecture& architecture, int channels, int members);
  void AddLayer(std::vector<Layer>& layers, const std::string& name, Kind kind, int in, int out,
                bool relu, std::string label);
  torch::Tensor Apply(const Layer& layer, const torch::Tensor& input) const;
  std::vector<Layer*> AllLayers();
  // Weight then bias of every layer, in initialisation order.
  std::vector<torch::Tensor> OrderedParameters() const;

  Architecture architecture_;
  int channels_;
  int members_;
  int padding_;
  int encoded_size_;  // spatial size after the encoder's convolutions (4 for Table 1)
  std::vector<Layer> encoder_conv_;
  std::vector<Layer> encoder_fc_;
  std::vector<Layer> decoder_fc_;
  std::vector<Layer> decoder_conv_;
};

// Per-image loss terms, each [K, B].
// sum over pixels of BCE-with-logits: -log p(y | x) under the Bernoulli decoder.
torch::Tensor BernoulliNll(const torch::Tensor& images, const torch::Tensor& logits, int members);
// KL(N(mean, exp(log_var)) || N(0, I)), summed over latents.
torch::Tensor GaussianKl(const Posterior& posterior);
// ||y - sigmoid(logits)||^2: the squared error of the decoder mean (eq. 6's lambda term).
torch::Tensor SquaredError(const torch::Tensor& images, const torch::Tensor& logits, int members);

// The objective per member, each term a batch mean, [K] each:
// total = bce + beta * kl + lambda * mse (lambda = 0: the beta-VAE).
struct LossTerms {
  torch::Tensor total;
  torch::Tensor bce;
  torch::Tensor kl;
  torch::Tensor mse;
};
// beta and lambda: [K] on the images' device.
LossTerms VaeLoss(const torch::Tensor& images, const torch::Tensor& logits,
                  const Posterior& posterior, const torch::Tensor& beta,
                  const torch::Tensor& lambda);

// x = mean + exp(log_var / 2) * noise, noise ~ N(0, I) of shape [K, B, m].
torch::Tensor Reparameterise(const Posterior& posterior, const torch::Tensor& noise);

}  // namespace lambdabeta::conv_vae

#endif  // LAMBDABETA_MODELS_CONV_VAE_CONV_VAE_H_
