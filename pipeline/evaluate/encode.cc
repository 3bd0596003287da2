#include "pipeline/evaluate/encode.h"

#include <torch/types.h>

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "models/conv_vae/conv_vae.h"
#include "pipeline/train/batches.h"

namespace lambdabeta::evaluate {

BatchScores ScoreBatch(const conv_vae::ConvVae& model, const torch::Tensor& images) {
  TORCH_CHECK(model.members() == 1, "ScoreBatch takes a single model, got ", model.members(),
              " members");
  const conv_vae::Posterior posterior = model.Encode(images);
  const torch::Tensor logits = model.Decode(posterior.mean);
  BatchScores scores;
  scores.codes = posterior.mean[0];
  scores.bce = conv_vae::BernoulliNll(images, logits, 1)[0];
  scores.mse = conv_vae::SquaredError(images, logits, 1)[0];
  scores.kl = conv_vae::GaussianKl(posterior)[0];
  scores.decoder_mean = torch::sigmoid(logits);
  return scores;
}

namespace {

void Append(const torch::Tensor& values, std::vector<double>& out) {
  const torch::Tensor cpu = values.to(torch::kCPU, torch::kDouble).contiguous();
  out.insert(out.end(), cpu.data_ptr<double>(), cpu.data_ptr<double>() + cpu.numel());
}

}  // namespace

absl::StatusOr<EncodedImages> EncodeImages(const conv_vae::ConvVae& model,
                                           const data::Dataset& dataset,
                                           const std::vector<int64_t>& indices,
                                           torch::Device device, int batch_size,
                                           int64_t keep_images, Progress* progress) {
  if (batch_size < 1) return absl::InvalidArgumentError("batch size must be positive");
  if (model.channels() != dataset.channels) {
    return absl::InvalidArgumentError(absl::StrCat("the model takes ", model.channels(),
                                                   "-channel images, dataset '", dataset.name,
                                                   "' has ", dataset.channels));
  }
  const int64_t n = static_cast<int64_t>(indices.size());
  keep_images = std::min(keep_images, n);
  EncodedImages out;
  out.codes.resize(n, model.latent_dim());
  try {
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> originals, reconstructions;
    for (int64_t begin = 0; begin < n; begin += batch_size) {
      const int64_t end = std::min(n, begin + batch_size);
      const std::vector<int64_t> batch(indices.begin() + begin, indices.begin() + end);
      const torch::Tensor images = train::ImageBatch(dataset, batch, device);
      const BatchScores scores = ScoreBatch(model, images);
      const torch::Tensor codes = scores.codes.to(torch::kCPU, torch::kDouble).contiguous();
      out.codes.middleRows(begin, end - begin) =
          Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
              codes.data_ptr<double>(), end - begin, model.latent_dim());
      Append(scores.bce, out.bce);
      Append(scores.mse, out.mse);
      Append(scores.kl, out.kl);
      if (begin < keep_images) {
        const int64_t kept = std::min(end, keep_images) - begin;
        originals.push_back(images.slice(0, 0, kept).to(torch::kCPU));
        reconstructions.push_back(scores.decoder_mean.slice(0, 0, kept).to(torch::kCPU));
      }
      if (progress != nullptr) progress->Update(end);
    }
    if (keep_images > 0) {
      out.originals = torch::cat(originals);
      out.reconstructions = torch::cat(reconstructions);
    }
  } catch (const c10::Error& e) {
    return absl::InternalError(absl::StrCat("encoding images of '", dataset.name,
                                            "' failed: ", e.what_without_backtrace()));
  }
  return out;
}

}  // namespace lambdabeta::evaluate
