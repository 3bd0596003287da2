#include "models/conv_vae/conv_vae.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "google/protobuf/util/message_differencer.h"
#include "models/conv_vae/subpixel.h"

namespace lambdabeta::conv_vae {
namespace {

std::string Square(int k) { return absl::StrCat(k, "×", k); }

absl::Status CheckArchitecture(const Architecture& a, int channels) {
  if (channels < 1)
    return absl::InvalidArgumentError(absl::StrCat("channels must be positive, got ", channels));
  if (a.latent_dim() < 1 || a.fc_hidden() < 1 || a.conv_channels().empty() || a.stride() < 1 ||
      a.kernel_size() < a.stride()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "architecture needs latent_dim, fc_hidden, conv_channels and kernel_size >= stride >= 1: ",
        a.ShortDebugString()));
  }
  // Padding (kernel - stride) / 2 makes each conv divide the size by exactly `stride`
  // (64 -> 32 -> 16 -> 8 -> 4 for Table 1) and each transposed conv multiply it back.
  if ((a.kernel_size() - a.stride()) % 2 != 0) {
    return absl::InvalidArgumentError(absl::StrCat("kernel_size - stride must be even, got ",
                                                   a.kernel_size(), " and ", a.stride()));
  }
  int64_t size = a.image_size();
  for (int i = 0; i < a.conv_channels_size(); ++i) {
    if (size % a.stride() != 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "image_size ", a.image_size(), " is not divisible by stride^", a.conv_channels_size()));
    }
    size /= a.stride();
  }
  if (size < 1) return absl::InvalidArgumentError("image_size too small for the encoder");
  return absl::OkStatus();
}

std::string ImageShape(const torch::Tensor& output, int members, bool image_channels) {
  const int64_t c = output.size(1) / members;
  return absl::StrCat(output.size(2), "×", output.size(3), "×",
                      image_channels ? std::string("C") : absl::StrCat(c));
}

}  // namespace

ConvVae::ConvVae(const Architecture& architecture, int channels, int members)
    : architecture_(architecture), channels_(channels), members_(members) {
  const Architecture& a = architecture_;
  const int k = a.kernel_size();
  padding_ = (k - a.stride()) / 2;
  encoded_size_ = a.image_size();
  for (int i = 0; i < a.conv_channels_size(); ++i) encoded_size_ /= a.stride();
  const int flat = a.conv_channels(a.conv_channels_size() - 1) * encoded_size_ * encoded_size_;
  const int m = a.latent_dim();

  int in = channels;
  for (int i = 0; i < a.conv_channels_size(); ++i) {
    const int out = a.conv_channels(i);
    AddLayer(encoder_conv_, absl::StrCat("encoder_conv", i + 1), Kind::kConv, in, out, true,
             absl::StrCat("Conv (", Square(k), ", ", out, "), stride ", a.stride(), ", ReLU"));
    in = out;
  }
  AddLayer(encoder_fc_, "encoder_fc1", Kind::kLinear, flat, a.fc_hidden(), true,
           absl::StrCat("FC ", a.fc_hidden(), ", ReLU"));
  AddLayer(encoder_fc_, "encoder_fc2", Kind::kLinear, a.fc_hidden(), 2 * m, false,
           absl::StrCat("FC 2m = ", 2 * m, " (mean and log-variance)"));

  AddLayer(decoder_fc_, "decoder_fc1", Kind::kLinear, m, a.fc_hidden(), true,
           absl::StrCat("FC ", a.fc_hidden(), ", ReLU"));
  const int top = a.conv_channels(a.conv_channels_size() - 1);
  AddLayer(decoder_fc_, "decoder_fc2", Kind::kLinear, a.fc_hidden(), flat, true,
           absl::StrCat("FC ", Square(encoded_size_), "×", top, ", ReLU"));
  // The transposed convolutions mirror the encoder: widths 64, 32, 32, then C for Table 1.
  in = top;
  for (int i = a.conv_channels_size() - 1; i >= 0; --i) {
    const bool last = i == 0;
    const int out = last ? channels : a.conv_channels(i - 1);
    AddLayer(decoder_conv_, absl::StrCat("decoder_convt", a.conv_channels_size() - i),
             Kind::kConvTranspose, in, out, !last,
             absl::StrCat("ConvT (", Square(k), ", ", last ? std::string("C") : absl::StrCat(out),
                          "), stride ", a.stride(), last ? "" : ", ReLU"));
    in = out;
  }
}

void ConvVae::AddLayer(std::vector<Layer>& layers, const std::string& name, Kind kind, int in,
                       int out, bool relu, std::string label) {
  const int64_t k = architecture_.kernel_size();
  std::vector<int64_t> weight_shape;
  switch (kind) {
    case Kind::kConv:
      weight_shape = {members_, out, in, k, k};
      break;
    case Kind::kConvTranspose:
      weight_shape = {members_, in, out, k, k};
      break;
    case Kind::kLinear:
      weight_shape = {members_, in, out};
      break;
  }
  Layer layer{kind, in, out, relu, std::move(label), torch::Tensor(), torch::Tensor()};
  layer.weight = register_parameter(name + "_weight", torch::zeros(weight_shape));
  layer.bias = register_parameter(name + "_bias", torch::zeros({members_, out}));
  layers.push_back(std::move(layer));
}

std::vector<ConvVae::Layer*> ConvVae::AllLayers() {
  std::vector<Layer*> all;
  for (auto* group : {&encoder_conv_, &encoder_fc_, &decoder_fc_, &decoder_conv_}) {
    for (Layer& layer : *group) all.push_back(&layer);
  }
  return all;
}

std::vector<torch::Tensor> ConvVae::OrderedParameters() const {
  std::vector<torch::Tensor> all;
  for (auto* group : {&encoder_conv_, &encoder_fc_, &decoder_fc_, &decoder_conv_}) {
    for (const Layer& layer : *group) {
      all.push_back(layer.weight);
      all.push_back(layer.bias);
    }
  }
  return all;
}

absl::StatusOr<std::shared_ptr<ConvVae>> ConvVae::Create(const Architecture& architecture,
                                                         int channels,
                                                         const std::vector<uint64_t>& init_seeds) {
  RETURN_IF_ERROR(CheckArchitecture(architecture, channels));
  if (init_seeds.empty()) return absl::InvalidArgumentError("a model needs at least one member");
  try {
    std::shared_ptr<ConvVae> model(
        new ConvVae(architecture, channels, static_cast<int>(init_seeds.size())));
    torch::NoGradGuard no_grad;
    const int64_t k2 =
        static_cast<int64_t>(architecture.kernel_size()) * architecture.kernel_size();
    for (size_t member = 0; member < init_seeds.size(); ++member) {
      at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(init_seeds[member]);
      for (Layer* layer : model->AllLayers()) {
        // PyTorch's fan_in: Linear in; Conv2d in*k*k; ConvTranspose2d reads its weight's
        // dimension 1, which is `out`, so out*k*k.
        const double fan_in = layer->kind == Kind::kLinear ? layer->in
                              : layer->kind == Kind::kConv ? layer->in * k2
                                                           : layer->out * k2;
        const double bound = 1.0 / std::sqrt(fan_in);
        for (torch::Tensor* tensor : {&layer->weight, &layer->bias}) {
          torch::Tensor slice = tensor->select(0, static_cast<int64_t>(member));
          slice.copy_(torch::empty_like(slice).uniform_(-bound, bound, generator));
        }
      }
    }
    return model;
  } catch (const c10::Error& e) {
    return absl::InternalError(absl::StrCat("building the conv VAE: ", e.what_without_backtrace()));
  }
}

absl::StatusOr<std::shared_ptr<ConvVae>> ConvVae::Stack(
    const std::vector<std::shared_ptr<ConvVae>>& models) {
  if (models.empty()) return absl::InvalidArgumentError("nothing to stack");
  int total = 0;
  for (const auto& model : models) {
    if (!google::protobuf::util::MessageDifferencer::Equals(model->architecture_,
                                                            models[0]->architecture_) ||
        model->channels_ != models[0]->channels_) {
      return absl::InvalidArgumentError("stacked models must share architecture and channels");
    }
    total += model->members_;
  }
  try {
    std::shared_ptr<ConvVae> stacked(
        new ConvVae(models[0]->architecture_, models[0]->channels_, total));
    stacked->to(models[0]->encoder_conv_[0].weight.device());
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> destination = stacked->OrderedParameters();
    int64_t offset = 0;
    for (const auto& model : models) {
      std::vector<torch::Tensor> source = model->OrderedParameters();
      for (size_t i = 0; i < source.size(); ++i) {
        destination[i].narrow(0, offset, model->members_).copy_(source[i]);
      }
      offset += model->members_;
    }
    return stacked;
  } catch (const c10::Error& e) {
    return absl::InternalError(absl::StrCat("stacking conv VAEs: ", e.what_without_backtrace()));
  }
}

std::shared_ptr<ConvVae> ConvVae::Member(int k) const {
  TORCH_CHECK(k >= 0 && k < members_, "member ", k, " of a ", members_, "-member model");
  std::shared_ptr<ConvVae> single(new ConvVae(architecture_, channels_, 1));
  single->to(encoder_conv_[0].weight.device());
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> source = OrderedParameters();
  std::vector<torch::Tensor> destination = single->OrderedParameters();
  for (size_t i = 0; i < source.size(); ++i) destination[i].copy_(source[i].narrow(0, k, 1));
  return single;
}

int64_t ConvVae::ParametersPerMember() const {
  int64_t total = 0;
  for (const torch::Tensor& p : OrderedParameters()) total += p.numel() / members_;
  return total;
}

int64_t ConvVae::ForwardMacsPerImage() const {
  const int64_t k = architecture_.kernel_size();
  const int64_t k2 = k * k;
  int64_t macs = 0;
  int64_t size = image_size();
  for (const Layer& layer : encoder_conv_) {
    size /= architecture_.stride();  // a convolution's output pixels
    macs += size * size * layer.in * layer.out * k2;
  }
  for (const auto* group : {&encoder_fc_, &decoder_fc_}) {
    for (const Layer& layer : *group) macs += static_cast<int64_t>(layer.in) * layer.out;
  }
  for (const Layer& layer : decoder_conv_) {  // `size` is now the transposed conv's input size
    macs += size * size * layer.in * layer.out * k2;
    size *= architecture_.stride();
  }
  return macs;
}

torch::Tensor ConvVae::Apply(const Layer& layer, const torch::Tensor& input) const {
  const int64_t k = architecture_.kernel_size();
  const int64_t groups = members_;
  torch::Tensor output;
  switch (layer.kind) {
    case Kind::kConv:
      output = torch::conv2d(input, layer.weight.reshape({groups * layer.out, layer.in, k, k}),
                             layer.bias.reshape({groups * layer.out}), architecture_.stride(),
                             padding_, /*dilation=*/1, groups);
      break;
    case Kind::kConvTranspose: {
      const torch::Tensor weight = layer.weight.reshape({groups * layer.in, layer.out, k, k});
      const torch::Tensor bias = layer.bias.reshape({groups * layer.out});
      // Table 1's layers take the sub-pixel form: oneDNN instead of LibTorch's im2col path.
      output = k == 4 && architecture_.stride() == 2
                   ? SubPixelConvTranspose2d(input, weight, bias, groups)
                   : torch::conv_transpose2d(input, weight, bias, architecture_.stride(), padding_,
                                             /*output_padding=*/0, groups, /*dilation=*/1);
      break;
    }
    case Kind::kLinear:
      output = torch::baddbmm(layer.bias.unsqueeze(1), input, layer.weight);
      break;
  }
  return layer.relu ? torch::relu(output) : output;
}

Posterior ConvVae::Encode(const torch::Tensor& images, std::vector<LayerRow>* trace) const {
  const int64_t size = image_size();
  TORCH_CHECK(images.dim() == 4 && images.size(1) == members_ * channels_ &&
                  images.size(2) == size && images.size(3) == size,
              "the conv VAE expects images [B, ", members_ * channels_, ", ", size, ", ", size,
              "], got ", images.sizes());
  if (trace) trace->push_back({"Encoder", "Input", ImageShape(images, members_, true), 0});
  torch::Tensor h = images;
  for (const Layer& layer : encoder_conv_) {
    h = Apply(layer, h);
    if (trace) {
      trace->push_back({"Encoder", layer.label, ImageShape(h, members_, false),
                        (layer.weight.numel() + layer.bias.numel()) / members_});
    }
  }
  const int64_t batch = h.size(0);
  h = h.reshape({batch, members_, -1}).transpose(0, 1);  // [K, B, c*h*w], C-order per image
  for (const Layer& layer : encoder_fc_) {
    h = Apply(layer, h);
    if (trace) {
      trace->push_back({"Encoder", layer.label, absl::StrCat(h.size(2)),
                        (layer.weight.numel() + layer.bias.numel()) / members_});
    }
  }
  const int64_t m = latent_dim();
  return Posterior{h.narrow(2, 0, m), h.narrow(2, m, m)};
}

torch::Tensor ConvVae::Decode(const torch::Tensor& latents, std::vector<LayerRow>* trace) const {
  TORCH_CHECK(latents.dim() == 3 && latents.size(0) == members_ && latents.size(2) == latent_dim(),
              "the conv VAE decoder expects latents [", members_, ", B, ", latent_dim(), "], got ",
              latents.sizes());
  if (trace) trace->push_back({"Decoder", "Input ℝ^m", absl::StrCat(latent_dim()), 0});
  torch::Tensor h = latents;
  for (const Layer& layer : decoder_fc_) {
    h = Apply(layer, h);
    if (trace) {
      trace->push_back({"Decoder", layer.label, absl::StrCat(h.size(2)),
                        (layer.weight.numel() + layer.bias.numel()) / members_});
    }
  }
  const int64_t batch = h.size(1);
  const int64_t top = architecture_.conv_channels(architecture_.conv_channels_size() - 1);
  h = h.transpose(0, 1).reshape({batch, members_ * top, encoded_size_, encoded_size_});
  for (const Layer& layer : decoder_conv_) {
    h = Apply(layer, h);
    if (trace) {
      trace->push_back({"Decoder", layer.label,
                        ImageShape(h, members_, &layer == &decoder_conv_.back()),
                        (layer.weight.numel() + layer.bias.numel()) / members_});
    }
  }
  return h;
}

absl::StatusOr<std::vector<LayerRow>> DescribeArchitecture(const Architecture& architecture,
                                                           int channels) {
  ASSIGN_OR_RETURN(std::shared_ptr<ConvVae> model, ConvVae::Create(architecture, channels, {0}));
  try {
    torch::NoGradGuard no_grad;
    std::vector<LayerRow> rows;
    const int64_t size = architecture.image_size();
    model->Encode(torch::zeros({1, channels, size, size}), &rows);
    model->Decode(torch::zeros({1, 1, architecture.latent_dim()}), &rows);
    return rows;
  } catch (const c10::Error& e) {
    return absl::InternalError(absl::StrCat("tracing the conv VAE: ", e.what_without_backtrace()));
  }
}

namespace {

// [B, K*C, H, W] -> [K, B] sums over each image's pixels.
torch::Tensor SumPerImage(const torch::Tensor& per_pixel, int members) {
  return per_pixel.reshape({per_pixel.size(0), members, -1}).sum(2).t();
}

}  // namespace

torch::Tensor BernoulliNll(const torch::Tensor& images, const torch::Tensor& logits, int members) {
  return SumPerImage(
      torch::binary_cross_entropy_with_logits(logits, images, /*weight=*/{},
                                              /*pos_weight=*/{}, at::Reduction::None),
      members);
}

torch::Tensor GaussianKl(const Posterior& q) {
  return 0.5 * (q.mean.square() + q.log_var.exp() - q.log_var - 1.0).sum(2);
}

torch::Tensor SquaredError(const torch::Tensor& images, const torch::Tensor& logits, int members) {
  return SumPerImage((images - torch::sigmoid(logits)).square(), members);
}

LossTerms VaeLoss(const torch::Tensor& images, const torch::Tensor& logits,
                  const Posterior& posterior, const torch::Tensor& beta,
                  const torch::Tensor& lambda) {
  const int members = static_cast<int>(posterior.mean.size(0));
  LossTerms terms;
  terms.bce = BernoulliNll(images, logits, members).mean(1);
  terms.kl = GaussianKl(posterior).mean(1);
  terms.mse = SquaredError(images, logits, members).mean(1);
  terms.total = terms.bce + beta * terms.kl + lambda * terms.mse;
  return terms;
}

torch::Tensor Reparameterise(const Posterior& posterior, const torch::Tensor& noise) {
  return posterior.mean + torch::exp(0.5 * posterior.log_var) * noise;
}

}  // namespace lambdabeta::conv_vae
