#include "models/conv_vae/conv_vae.h"

#include <torch/types.h>

#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lambdabeta::conv_vae {
namespace {

using ::testing::HasSubstr;

// Table 1 with the paper's m = 15.
Architecture Table1() {
  Architecture a;
  a.set_latent_dim(15);
  for (int c : {32, 32, 64, 64}) a.add_conv_channels(c);
  a.set_kernel_size(4);
  a.set_stride(2);
  a.set_fc_hidden(256);
  a.set_image_size(64);
  return a;
}

std::shared_ptr<ConvVae> MakeModel(int channels, std::vector<uint64_t> seeds) {
  absl::StatusOr<std::shared_ptr<ConvVae>> model = ConvVae::Create(Table1(), channels, seeds);
  EXPECT_TRUE(model.ok()) << model.status();
  return *model;
}

double MaxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

TEST(ConvVaeTest, ForwardMacsCountedByHandFromTable1) {
  for (int c : {1, 3}) {
    // Encoder convs: output pixels x in x out x 16; FCs in x out; decoder transposed convs:
    // input pixels x in x out x 16 (m = 15).
    const int64_t encoder = 32 * 32 * c * 32 * 16 + 16 * 16 * 32 * 32 * 16 + 8 * 8 * 32 * 64 * 16 +
                            4 * 4 * 64 * 64 * 16;
    const int64_t fc = 1024 * 256 + 256 * 30 + 15 * 256 + 256 * 1024;
    const int64_t decoder = 4 * 4 * 64 * 64 * 16 + 8 * 8 * 64 * 32 * 16 + 16 * 16 * 32 * 32 * 16 +
                            32 * 32 * 32 * c * 16;
    EXPECT_EQ(MakeModel(c, {0, 1})->ForwardMacsPerImage(), encoder + fc + decoder) << c;
  }
}

// The decoder computes its transposed convolutions in the sub-pixel form (subpixel.h); rebuilt
// here from the model's parameters with LibTorch's own conv_transpose2d, in double precision,
// for K = 2 members.
TEST(ConvVaeTest, DecoderEqualsPlainTransposedConvolutions) {
  std::shared_ptr<ConvVae> model = MakeModel(3, {4, 5});
  model->to(torch::kDouble);
  torch::NoGradGuard no_grad;
  const torch::Tensor latents = torch::randn({2, 6, 15}, torch::kDouble);
  torch::OrderedDict<std::string, torch::Tensor> p = model->named_parameters();
  torch::Tensor h = latents;
  for (const char* fc : {"decoder_fc1", "decoder_fc2"}) {
    h = torch::relu(torch::baddbmm(p[std::string(fc) + "_bias"].unsqueeze(1), h,
                                   p[std::string(fc) + "_weight"]));
  }
  h = h.transpose(0, 1).reshape({6, 2 * 64, 4, 4});
  for (int i = 1; i <= 4; ++i) {
    const torch::Tensor weight = p[absl::StrCat("decoder_convt", i, "_weight")];
    const torch::Tensor bias = p[absl::StrCat("decoder_convt", i, "_bias")];
    h = torch::conv_transpose2d(h, weight.reshape({-1, weight.size(2), 4, 4}), bias.reshape({-1}),
                                2, 1, 0, /*groups=*/2);
    if (i < 4) h = torch::relu(h);
  }
  const torch::Tensor logits = model->Decode(latents);
  ASSERT_EQ(logits.sizes(), h.sizes());
  EXPECT_LT(MaxAbsDiff(logits, h), 1e-12);
}

TEST(ConvVaeTest, ShapesFollowTable1) {
  for (int channels : {1, 3}) {
    std::shared_ptr<ConvVae> model = MakeModel(channels, {0});
    torch::Tensor images = torch::rand({5, channels, 64, 64});
    Posterior q = model->Encode(images);
    EXPECT_EQ(q.mean.sizes(), (std::vector<int64_t>{1, 5, 15}));
    EXPECT_EQ(q.log_var.sizes(), (std::vector<int64_t>{1, 5, 15}));
    torch::Tensor logits = model->Decode(q.mean);
    EXPECT_EQ(logits.sizes(), (std::vector<int64_t>{5, channels, 64, 64}));
  }
}

TEST(ConvVaeTest, DescriptionListsTable1WithHandCountedParameters) {
  for (int c : {1, 3}) {
    absl::StatusOr<std::vector<LayerRow>> rows = DescribeArchitecture(Table1(), c);
    ASSERT_TRUE(rows.ok()) << rows.status();
    const int64_t k2 = 16;
    // (layer, shape, parameters), counted by hand from Table 1: weights + biases.
    const std::vector<std::tuple<std::string, std::string, int64_t>> expected = {
        {"Input", "64×64×C", 0},
        {"Conv (4×4, 32), stride 2, ReLU", "32×32×32", c * 32 * k2 + 32},
        {"Conv (4×4, 32), stride 2, ReLU", "16×16×32", 32 * 32 * k2 + 32},
        {"Conv (4×4, 64), stride 2, ReLU", "8×8×64", 32 * 64 * k2 + 64},
        {"Conv (4×4, 64), stride 2, ReLU", "4×4×64", 64 * 64 * k2 + 64},
        {"FC 256, ReLU", "256", 1024 * 256 + 256},
        {"FC 2m = 30 (mean and log-variance)", "30", 256 * 30 + 30},
        {"Input ℝ^m", "15", 0},
        {"FC 256, ReLU", "256", 15 * 256 + 256},
        {"FC 4×4×64, ReLU", "1024", 256 * 1024 + 1024},
        {"ConvT (4×4, 64), stride 2, ReLU", "8×8×64", 64 * 64 * k2 + 64},
        {"ConvT (4×4, 32), stride 2, ReLU", "16×16×32", 64 * 32 * k2 + 32},
        {"ConvT (4×4, 32), stride 2, ReLU", "32×32×32", 32 * 32 * k2 + 32},
        {"ConvT (4×4, C), stride 2", "64×64×C", 32 * c * k2 + c},
    };
    ASSERT_EQ(rows->size(), expected.size());
    int64_t total = 0;
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ((*rows)[i].part, i < 7 ? "Encoder" : "Decoder") << i;
      EXPECT_EQ((*rows)[i].layer, std::get<0>(expected[i])) << i;
      EXPECT_EQ((*rows)[i].output_shape, std::get<1>(expected[i])) << i;
      EXPECT_EQ((*rows)[i].parameters, std::get<2>(expected[i])) << i;
      total += std::get<2>(expected[i]);
    }
    EXPECT_EQ(MakeModel(c, {0})->ParametersPerMember(), total);
  }
}

TEST(ConvVaeTest, InitialisationMatchesPyTorchBounds) {
  std::shared_ptr<ConvVae> model = MakeModel(3, {0});
  for (const auto& item : model->named_parameters()) {
    const std::string& name = item.key();
    const torch::Tensor& p = item.value();
    if (name.find("_bias") != std::string::npos) continue;  // same bounds as the weights
    double fan_in = 0;
    if (name.rfind("encoder_conv", 0) == 0) fan_in = p.size(2) * 16.0;   // [K, out, in, k, k]
    if (name.rfind("decoder_convt", 0) == 0) fan_in = p.size(2) * 16.0;  // [K, in, out, k, k]
    if (name.find("_fc") != std::string::npos) fan_in = p.size(1);       // [K, in, out]
    ASSERT_GT(fan_in, 0) << name;
    const double bound = 1 / std::sqrt(fan_in);
    EXPECT_LE(p.abs().max().item<double>(), bound) << name;
    EXPECT_GE(p.abs().max().item<double>(), 0.95 * bound) << name;
    // Uniform(-b, b) has standard deviation b / sqrt(3).
    EXPECT_NEAR(p.std().item<double>(), bound / std::sqrt(3.0), 0.1 * bound) << name;
  }
}

TEST(ConvVaeTest, RejectsArchitecturesThatDoNotHalveCleanly) {
  Architecture odd = Table1();
  odd.set_kernel_size(5);
  EXPECT_THAT(std::string(ConvVae::Create(odd, 1, {0}).status().message()),
              HasSubstr("kernel_size - stride must be even"));
  Architecture small = Table1();
  small.set_image_size(40);
  EXPECT_THAT(std::string(ConvVae::Create(small, 1, {0}).status().message()),
              HasSubstr("not divisible"));
  EXPECT_FALSE(ConvVae::Create(Table1(), 0, {0}).ok());
  EXPECT_FALSE(ConvVae::Create(Table1(), 1, {}).ok());
}

TEST(ConvVaeTest, EncodeRejectsWrongShapes) {
  std::shared_ptr<ConvVae> model = MakeModel(3, {0, 1});
  EXPECT_THROW(model->Encode(torch::rand({2, 3, 64, 64})), c10::Error);  // needs K*C = 6
  EXPECT_THROW(model->Decode(torch::rand({1, 2, 15})), c10::Error);
}

TEST(ConvVaeTest, StackedMembersEqualSingleModelsFromTheirSeeds) {
  const std::vector<uint64_t> seeds = {11, 12, 13};
  std::shared_ptr<ConvVae> grouped = MakeModel(3, seeds);
  std::vector<std::shared_ptr<ConvVae>> singles;
  for (uint64_t seed : seeds) singles.push_back(MakeModel(3, {seed}));

  // Initialisation, Stack and Member are exact copies.
  absl::StatusOr<std::shared_ptr<ConvVae>> stacked = ConvVae::Stack(singles);
  ASSERT_TRUE(stacked.ok()) << stacked.status();
  auto grouped_params = grouped->named_parameters();
  auto stacked_params = (*stacked)->named_parameters();
  for (const auto& item : grouped_params) {
    EXPECT_TRUE(torch::equal(item.value(), stacked_params[item.key()])) << item.key();
    for (int k = 0; k < 3; ++k) {
      EXPECT_TRUE(
          torch::equal(item.value()[k].unsqueeze(0), singles[k]->named_parameters()[item.key()]))
          << item.key() << " member " << k;
      EXPECT_TRUE(torch::equal(grouped->Member(k)->named_parameters()[item.key()],
                               singles[k]->named_parameters()[item.key()]));
    }
  }
  EXPECT_FALSE(torch::equal(singles[0]->named_parameters()["encoder_fc1_weight"],
                            singles[1]->named_parameters()["encoder_fc1_weight"]));

  // Forward and backward: member k of the grouped model computes what single model k does.
  torch::manual_seed(0);
  std::vector<torch::Tensor> images, noise;
  for (int k = 0; k < 3; ++k) {
    images.push_back(torch::rand({4, 3, 64, 64}));
    noise.push_back(torch::randn({1, 4, 15}));
  }
  const torch::Tensor beta = torch::tensor({1.0f, 4.0f, 16.0f});
  const torch::Tensor lambda = torch::tensor({0.0f, 8.0f, 2.0f});
  torch::Tensor x = torch::cat(images, 1);
  Posterior q = grouped->Encode(x);
  torch::Tensor logits = grouped->Decode(Reparameterise(q, torch::cat(noise, 0)));
  LossTerms grouped_terms = VaeLoss(x, logits, q, beta, lambda);
  grouped_terms.total.sum().backward();
  for (int k = 0; k < 3; ++k) {
    Posterior qk = singles[k]->Encode(images[k]);
    torch::Tensor logits_k = singles[k]->Decode(Reparameterise(qk, noise[k]));
    LossTerms terms =
        VaeLoss(images[k], logits_k, qk, beta.narrow(0, k, 1), lambda.narrow(0, k, 1));
    terms.total.sum().backward();
    EXPECT_LT(MaxAbsDiff(qk.mean[0], q.mean[k]), 1e-5);
    EXPECT_LT(MaxAbsDiff(logits_k, logits.narrow(1, 3 * k, 3)), 1e-4);
    EXPECT_NEAR(terms.total.item<double>(), grouped_terms.total[k].item<double>(),
                1e-5 * std::abs(terms.total.item<double>()));
    for (const auto& item : singles[k]->named_parameters()) {
      const torch::Tensor single_grad = item.value().grad();
      const torch::Tensor grouped_grad = grouped_params[item.key()].grad()[k].unsqueeze(0);
      EXPECT_LT(MaxAbsDiff(single_grad, grouped_grad),
                1e-4 * (1e-3 + single_grad.abs().max().item<double>()))
          << item.key() << " member " << k;
    }
  }
}

TEST(LossTest, BernoulliNllAndSquaredErrorMatchHandComputation) {
  // K = 2 members, B = 2 images, C = 1 channel: [B, K*C, H, W] = [2, 2, 64, 64].
  torch::manual_seed(1);
  torch::Tensor images = torch::rand({2, 2, 64, 64}, torch::kDouble);
  torch::Tensor logits = 4 * torch::randn({2, 2, 64, 64}, torch::kDouble);
  torch::Tensor bce = BernoulliNll(images, logits, 2);
  torch::Tensor se = SquaredError(images, logits, 2);
  ASSERT_EQ(bce.sizes(), (std::vector<int64_t>{2, 2}));
  auto y = images.accessor<double, 4>();
  auto l = logits.accessor<double, 4>();
  for (int k = 0; k < 2; ++k) {
    for (int b = 0; b < 2; ++b) {
      double nll = 0, squared = 0;
      for (int i = 0; i < 64; ++i) {
        for (int j = 0; j < 64; ++j) {
          const double p = 1 / (1 + std::exp(-l[b][k][i][j]));
          nll -= y[b][k][i][j] * std::log(p) + (1 - y[b][k][i][j]) * std::log(1 - p);
          squared += (y[b][k][i][j] - p) * (y[b][k][i][j] - p);
        }
      }
      EXPECT_NEAR(bce[k][b].item<double>(), nll, 1e-9 * nll);
      EXPECT_NEAR(se[k][b].item<double>(), squared, 1e-9 * squared);
    }
  }
}

TEST(LossTest, GaussianKlMatchesMonteCarlo) {
  torch::manual_seed(2);
  const int64_t m = 4, samples = 400000;
  Posterior q{torch::randn({2, 3, m}, torch::kDouble), torch::randn({2, 3, m}, torch::kDouble)};
  torch::Tensor kl = GaussianKl(q);
  ASSERT_EQ(kl.sizes(), (std::vector<int64_t>{2, 3}));
  for (int k = 0; k < 2; ++k) {
    for (int b = 0; b < 3; ++b) {
      torch::Tensor mean = q.mean[k][b], log_var = q.log_var[k][b];
      torch::Tensor z =
          mean + torch::exp(0.5 * log_var) * torch::randn({samples, m}, torch::kDouble);
      // log q(z) - log p(z); the log(2 pi) terms cancel.
      torch::Tensor log_ratio =
          (-0.5 * (log_var + (z - mean).square() / log_var.exp()) + 0.5 * z.square()).sum(1);
      const double estimate = log_ratio.mean().item<double>();
      const double standard_error = log_ratio.std().item<double>() / std::sqrt(double(samples));
      EXPECT_NEAR(kl[k][b].item<double>(), estimate, 5 * standard_error) << k << "," << b;
      EXPECT_LT(standard_error, 0.05 * kl[k][b].item<double>() + 0.01);
    }
  }
}

TEST(LossTest, VaeLossCombinesBatchMeansWithEachMembersBetaAndLambda) {
  torch::manual_seed(3);
  torch::Tensor images = torch::rand({5, 2, 64, 64}, torch::kDouble);
  torch::Tensor logits = torch::randn({5, 2, 64, 64}, torch::kDouble);
  Posterior q{torch::randn({2, 5, 3}, torch::kDouble), torch::randn({2, 5, 3}, torch::kDouble)};
  torch::Tensor beta = torch::tensor({2.0, 8.0}, torch::kDouble);
  torch::Tensor lambda = torch::tensor({0.0, 16.0}, torch::kDouble);
  LossTerms terms = VaeLoss(images, logits, q, beta, lambda);
  for (int k = 0; k < 2; ++k) {
    const double bce = BernoulliNll(images, logits, 2)[k].mean().item<double>();
    const double kl = GaussianKl(q)[k].mean().item<double>();
    const double mse = SquaredError(images, logits, 2)[k].mean().item<double>();
    EXPECT_DOUBLE_EQ(terms.bce[k].item<double>(), bce);
    EXPECT_DOUBLE_EQ(terms.kl[k].item<double>(), kl);
    EXPECT_DOUBLE_EQ(terms.mse[k].item<double>(), mse);
    EXPECT_NEAR(terms.total[k].item<double>(),
                bce + beta[k].item<double>() * kl + lambda[k].item<double>() * mse, 1e-9 * bce);
  }
}

TEST(LossTest, ReparameteriseScalesNoiseByTheStandardDeviation) {
  Posterior q{torch::tensor({1.0, -2.0}).reshape({1, 1, 2}),
              torch::tensor({0.0, std::log(4.0)}).reshape({1, 1, 2})};
  torch::Tensor x = Reparameterise(q, torch::tensor({0.5, -1.0}).reshape({1, 1, 2}));
  EXPECT_DOUBLE_EQ(x[0][0][0].item<double>(), 1.5);
  EXPECT_DOUBLE_EQ(x[0][0][1].item<double>(), -4.0);
}

}  // namespace
}  // namespace lambdabeta::conv_vae
