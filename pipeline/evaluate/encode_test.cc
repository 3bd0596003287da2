#include "pipeline/evaluate/encode.h"

#include <torch/types.h>

#include <cmath>
#include <vector>

#include "gtest/gtest.h"
#include "models/conv_vae/conv_vae.h"
#include "pipeline/train/batches.h"
#include "pipeline/train/synthetic_dataset.h"

namespace lambdabeta::evaluate {
namespace {

// Table 1's shape at a width that runs fast in a test.
Architecture SmallArchitecture() {
  Architecture a;
  a.set_latent_dim(3);
  for (int w : {4, 4, 4, 4}) a.add_conv_channels(w);
  a.set_kernel_size(4);
  a.set_stride(2);
  a.set_fc_hidden(16);
  a.set_image_size(64);
  return a;
}

struct HandTerms {
  std::vector<double> bce, mse, kl;
};

// The per-image terms written out from their definitions, in double, from the model's raw
// outputs on all images at once.
HandTerms ByHand(const conv_vae::ConvVae& model, const torch::Tensor& images) {
  torch::NoGradGuard no_grad;
  const conv_vae::Posterior q = model.Encode(images);
  const torch::Tensor logits = model.Decode(q.mean).to(torch::kDouble).contiguous();
  const torch::Tensor y = images.to(torch::kDouble).contiguous();
  const torch::Tensor mean = q.mean[0].to(torch::kDouble).contiguous();
  const torch::Tensor log_var = q.log_var[0].to(torch::kDouble).contiguous();
  const int64_t n = y.size(0), pixels = y.numel() / n, m = mean.size(1);
  HandTerms hand;
  for (int64_t i = 0; i < n; ++i) {
    double bce = 0, mse = 0, kl = 0;
    for (int64_t p = 0; p < pixels; ++p) {
      const double l = logits.data_ptr<double>()[i * pixels + p];
      const double t = y.data_ptr<double>()[i * pixels + p];
      const double s = 1 / (1 + std::exp(-l));
      bce -= t * std::log(s) + (1 - t) * std::log(1 - s);
      mse += (t - s) * (t - s);
    }
    for (int64_t j = 0; j < m; ++j) {
      const double mu = mean.data_ptr<double>()[i * m + j];
      const double lv = log_var.data_ptr<double>()[i * m + j];
      kl += 0.5 * (mu * mu + std::exp(lv) - lv - 1);
    }
    hand.bce.push_back(bce);
    hand.mse.push_back(mse);
    hand.kl.push_back(kl);
  }
  return hand;
}

class EncodeImagesTest : public ::testing::TestWithParam<int> {};

TEST_P(EncodeImagesTest, MatchesAHandComputationAcrossBatches) {
  const int channels = GetParam();
  const data::Dataset dataset = train::SyntheticSquares(20, channels, 3);
  absl::StatusOr<std::shared_ptr<conv_vae::ConvVae>> model =
      conv_vae::ConvVae::Create(SmallArchitecture(), channels, {11});
  ASSERT_TRUE(model.ok()) << model.status();
  const std::vector<int64_t> indices = {4, 0, 19, 7, 7, 12, 3};  // a repeat is allowed here

  // Batches of 3 (the last one partial); keep the first 4 images.
  absl::StatusOr<EncodedImages> encoded =
      EncodeImages(**model, dataset, indices, torch::kCPU, 3, 4, nullptr);
  ASSERT_TRUE(encoded.ok()) << encoded.status();

  const torch::Tensor images = train::ImageBatch(dataset, indices, torch::kCPU);
  const HandTerms hand = ByHand(**model, images);
  ASSERT_EQ(encoded->bce.size(), indices.size());
  for (size_t i = 0; i < indices.size(); ++i) {
    EXPECT_NEAR(encoded->bce[i], hand.bce[i], 1e-5 * hand.bce[i]) << "image " << i;
    EXPECT_NEAR(encoded->mse[i], hand.mse[i], 1e-5 * hand.mse[i]) << "image " << i;
    EXPECT_NEAR(encoded->kl[i], hand.kl[i], 1e-5 * hand.kl[i] + 1e-7) << "image " << i;
    EXPECT_GT(hand.bce[i], 0);
  }
  EXPECT_EQ(encoded->bce[3], encoded->bce[4]);  // the same image twice

  // Codes are the encoder means, row by row.
  torch::NoGradGuard no_grad;
  const torch::Tensor mean = (*model)->Encode(images).mean[0].to(torch::kDouble).contiguous();
  ASSERT_EQ(encoded->codes.rows(), 7);
  ASSERT_EQ(encoded->codes.cols(), 3);
  for (int i = 0; i < 7; ++i) {
    for (int j = 0; j < 3; ++j) {
      EXPECT_NEAR(encoded->codes(i, j), mean.data_ptr<double>()[i * 3 + j], 1e-6);
    }
  }

  // The kept images and their reconstructions: the decoder mean of the decoded encoder mean.
  ASSERT_EQ(encoded->originals.size(0), 4);
  EXPECT_TRUE(torch::equal(encoded->originals, images.slice(0, 0, 4)));
  const torch::Tensor expected =
      torch::sigmoid((*model)->Decode((*model)->Encode(images.slice(0, 0, 4)).mean));
  EXPECT_TRUE(torch::allclose(encoded->reconstructions, expected, 1e-5, 1e-6));
  EXPECT_EQ(encoded->reconstructions.sizes(), images.slice(0, 0, 4).sizes());
}

INSTANTIATE_TEST_SUITE_P(GreyAndColour, EncodeImagesTest, ::testing::Values(1, 3));

TEST(EncodeImages, RefusesAModelForOtherChannels) {
  const data::Dataset dataset = train::SyntheticSquares(5, 3, 3);
  absl::StatusOr<std::shared_ptr<conv_vae::ConvVae>> model =
      conv_vae::ConvVae::Create(SmallArchitecture(), 1, {11});
  ASSERT_TRUE(model.ok());
  absl::StatusOr<EncodedImages> encoded =
      EncodeImages(**model, dataset, {0, 1}, torch::kCPU, 2, 0, nullptr);
  ASSERT_FALSE(encoded.ok());
  EXPECT_NE(encoded.status().message().find("1-channel"), std::string::npos) << encoded.status();
}

}  // namespace
}  // namespace lambdabeta::evaluate
