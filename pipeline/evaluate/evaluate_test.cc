#include "pipeline/evaluate/evaluate.h"

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "models/conv_vae/conv_vae.h"
#include "pipeline/evaluate/encode.h"
#include "pipeline/evaluate/sample.h"
#include "pipeline/metrics/mig.h"
#include "pipeline/train/checkpoint.h"
#include "pipeline/train/synthetic_dataset.h"

namespace lambdabeta::evaluate {
namespace {

DeepStudyConfig SmallConfig() {
  DeepStudyConfig c;
  c.set_name("evaluate-test");
  Architecture& a = *c.mutable_architecture();
  a.set_latent_dim(4);
  for (int w : {4, 4, 4, 4}) a.add_conv_channels(w);
  a.set_kernel_size(4);
  a.set_stride(2);
  a.set_fc_hidden(16);
  a.set_image_size(64);
  c.mutable_training()->set_beta_vae_steps(10);
  c.mutable_training()->set_lambda_beta_vae_steps(5);
  ::lambdabeta::Evaluation& e = *c.mutable_evaluation();
  e.set_num_fit(200);
  e.set_num_test(100);
  e.set_mig_bins(20);
  e.set_svm_c(0.01);
  e.set_sap_mode(DISCRETE);
  e.set_sample_seed(5);
  e.set_num_reconstructions(3);
  return c;
}

TrainingMember Member(double beta, double lambda, uint64_t seed) {
  TrainingMember m;
  m.set_beta(beta);
  m.set_lambda(lambda);
  m.set_seed(seed);
  return m;
}

class EvaluateMemberTest : public ::testing::Test {
 protected:
  EvaluateMemberTest() : dataset_(train::SyntheticSquares(400, 1, 9)) {
    checkpoint_ = std::string(std::getenv("TEST_TMPDIR")) + "/two_members.ckpt";
    // A phase-2 checkpoint at step 5 holding two freshly initialised members.
    model_ = *conv_vae::ConvVae::Create(SmallConfig().architecture(), 1, {1, 2});
    CheckpointInfo info;
    info.mutable_provenance()->set_config_name("evaluate-test");
    info.mutable_provenance()->set_config_sha256("sha-of-config");
    info.set_dataset(dataset_.name);
    info.set_dataset_images(dataset_.num_images);
    info.set_channels(1);
    *info.mutable_architecture() = SmallConfig().architecture();
    info.set_phase(2);
    info.set_step(5);
    info.set_phase1_steps(10);
    *info.add_members() = Member(1, 0, 0);
    *info.add_members() = Member(4, 16, 1);
    EXPECT_TRUE(train::SaveCheckpoint(checkpoint_, info, *model_, nullptr, "").ok());
  }

  EvaluationRequest Request() {
    EvaluationRequest r;
    *r.settings.mutable_evaluation() = SmallConfig().evaluation();
    r.settings_path = "evaluation.pbtxt";
    r.settings_sha256 = "sha-of-slice";
    r.dataset_kind = BUILTIN_SPRITES;
    r.dataset = &dataset_;
    r.checkpoint_path = checkpoint_;
    r.member = Member(4, 16, 1);
    r.device = "cpu";
    r.progress = false;
    return r;
  }

  data::Dataset dataset_;
  std::string checkpoint_;
  std::shared_ptr<conv_vae::ConvVae> model_;
};

TEST_F(EvaluateMemberTest, ResultIsCompleteAndScoresTheFitSplit) {
  absl::StatusOr<MemberEvaluation> evaluation = EvaluateMember(Request());
  ASSERT_TRUE(evaluation.ok()) << evaluation.status();
  const DeepRunResult& r = evaluation->result;
  EXPECT_EQ(r.provenance().config_name(), "");  // no tier name: results do not depend on it
  EXPECT_EQ(r.provenance().config_file(), "evaluation.pbtxt");
  EXPECT_EQ(r.provenance().config_sha256(), "sha-of-slice");
  EXPECT_EQ(r.provenance().environment().device_class(), "cpu");
  EXPECT_EQ(r.provenance().code_sha256().size(), 64u);
  EXPECT_EQ(r.provenance().seed(), 1u);
  EXPECT_EQ(r.provenance().wall_seconds(), 0);  // equal evaluations, equal bytes
  EXPECT_EQ(r.provenance().device(), "cpu");
  EXPECT_EQ(r.provenance().threads(), 1);
  EXPECT_EQ(r.dataset(), BUILTIN_SPRITES);
  EXPECT_EQ(r.beta(), 4);
  EXPECT_EQ(r.lambda(), 16);
  EXPECT_EQ(r.seed(), 1);
  EXPECT_EQ(r.steps(), 15);  // 10 of phase 1 + 5 of phase 2
  EXPECT_EQ(r.checkpoint_sha256().size(), 64u);

  const DeepMetrics& m = r.metrics();
  for (double v : {m.bce(), m.mse(), m.kl(), m.mig(), m.sap()}) EXPECT_TRUE(std::isfinite(v));
  EXPECT_GT(m.bce(), 0);
  EXPECT_GT(m.mse(), 0);
  EXPECT_GE(m.sap(), 0);
  EXPECT_EQ(m.sap_mode(), DISCRETE);
  EXPECT_GT(m.sap_binary_fits(), 0);
  EXPECT_EQ(m.num_fit(), 200);
  EXPECT_EQ(m.num_test(), 100);
  ASSERT_EQ(m.factor_names_size(), 3);
  EXPECT_EQ(m.factor_names(0), dataset_.factors[0].name);
  EXPECT_EQ(m.mutual_information().rows(), 4);
  EXPECT_EQ(m.mutual_information().cols(), 3);
  EXPECT_EQ(m.mutual_information().values_size(), 12);
  EXPECT_EQ(m.factor_entropy_size(), 3);

  // A second route to the same numbers: the member alone, the fit images, ComputeMig.
  const std::shared_ptr<conv_vae::ConvVae> alone = model_->Member(1);
  const EvaluationSample sample = *DrawEvaluationSample(400, 200, 100, 5);
  std::vector<int64_t> all = sample.fit;
  all.insert(all.end(), sample.test.begin(), sample.test.end());
  const EncodedImages encoded = *EncodeImages(*alone, dataset_, all, torch::kCPU, 64, 0, nullptr);
  Eigen::MatrixXi classes(200, 3);
  for (int n = 0; n < 200; ++n) {
    for (int f = 0; f < 3; ++f) classes(n, f) = dataset_.factor_class(sample.fit[n], f);
  }
  const metrics::MigResult mig = *metrics::ComputeMig(encoded.codes.topRows(200), classes, 20);
  EXPECT_NEAR(m.mig(), mig.mig, 1e-12);
  for (int i = 0; i < 12; ++i) {
    EXPECT_NEAR(m.mutual_information().values(i), mig.mutual_information(i / 3, i % 3), 1e-12);
  }
  double bce = 0;
  for (double b : encoded.bce) bce += b;
  EXPECT_NEAR(m.bce(), bce / 300, 1e-6 * m.bce());

  const ReconstructionSet& set = evaluation->reconstructions;
  EXPECT_EQ(set.dataset, BUILTIN_SPRITES);
  EXPECT_EQ(set.beta, 4);
  EXPECT_EQ(set.lambda, 16);
  EXPECT_EQ(set.seed, 1u);
  ASSERT_EQ(set.originals.size(), 3u);
  ASSERT_EQ(set.reconstructions.size(), 3u);
  EXPECT_EQ(set.originals[0].size(), 64u * 64u);
  // The first original is the first fit image, grey (R = G = B), pixels 0 or 255.
  for (size_t p = 0; p < set.originals[0].size(); ++p) {
    const uint8_t grey = dataset_.image(sample.fit[0])[p] ? 255 : 0;
    ASSERT_EQ(set.originals[0][p], grey * 65793u) << "pixel " << p;
  }
}

TEST_F(EvaluateMemberTest, MembersDifferAndContinuousSapWorks) {
  EvaluationRequest other = Request();
  other.member = Member(1, 0, 0);
  other.settings.mutable_evaluation()->set_sap_mode(CONTINUOUS);
  absl::StatusOr<MemberEvaluation> a = EvaluateMember(Request());
  absl::StatusOr<MemberEvaluation> b = EvaluateMember(other);
  ASSERT_TRUE(a.ok() && b.ok()) << a.status() << b.status();
  EXPECT_NE(a->result.metrics().bce(), b->result.metrics().bce());
  EXPECT_EQ(b->result.metrics().sap_mode(), CONTINUOUS);
  EXPECT_EQ(b->result.metrics().sap_binary_fits(), 0);
  EXPECT_GE(b->result.metrics().sap(), 0);
  EXPECT_LE(b->result.metrics().sap(), 1);
}

TEST_F(EvaluateMemberTest, RefusesAnotherDatasetOrMember) {
  auto expect_error = [&](const EvaluationRequest& r, const std::string& text) {
    absl::StatusOr<MemberEvaluation> e = EvaluateMember(r);
    ASSERT_FALSE(e.ok()) << text;
    EXPECT_NE(e.status().message().find(text), std::string::npos) << e.status();
    EXPECT_NE(e.status().message().find(checkpoint_), std::string::npos) << e.status();
  };
  EvaluationRequest r = Request();
  r.member = Member(4, 8, 1);
  expect_error(r, "holds no member beta=4 lambda=8 seed=1");
  const data::Dataset rgb = train::SyntheticSquares(400, 3, 9);
  r = Request();
  r.dataset = &rgb;
  expect_error(r, "(1 channels), not on");

  r = Request();
  r.settings.mutable_evaluation()->set_num_fit(350);
  absl::StatusOr<MemberEvaluation> too_many = EvaluateMember(r);
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.status().message().find("only 400"), std::string::npos) << too_many.status();
}

}  // namespace
}  // namespace lambdabeta::evaluate
