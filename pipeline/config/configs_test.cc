#include "pipeline/config/configs.h"

#include <cstdlib>
#include <string>

#include "common/io/files.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace lambdabeta {
namespace {

using ::testing::HasSubstr;

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  EXPECT_TRUE(WriteFileAtomically(path, text).ok());
  return path;
}

TEST(ShippedConfigsTest, LinearConfigMatchesSection51) {
  absl::StatusOr<LinearStudyConfig> config =
      LoadLinearStudyConfig("paper/config/paper.linear.pbtxt");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->n(), 100);
  EXPECT_EQ(config->m(), 10);
  EXPECT_EQ(config->s(), 5);
  EXPECT_EQ(config->sigma2(), 0.05);
  EXPECT_EQ(config->trials(), 50);
  EXPECT_EQ(config->factor_variance().low(), 0.1);
  EXPECT_EQ(config->factor_variance().high(), 1.0);
}

TEST(ShippedConfigsTest, PaperDeepConfigMatchesTable2) {
  absl::StatusOr<DeepStudyConfig> config = LoadDeepStudyConfig("paper/config/paper.deep.pbtxt");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->training().learning_rate(), 1e-4);
  EXPECT_EQ(config->training().batch_size(), 64);
  EXPECT_EQ(config->training().beta_vae_steps(), 150000);
  EXPECT_EQ(config->training().lambda_beta_vae_steps(), 50000);
  EXPECT_EQ(config->training().seeds(), 10);
  EXPECT_EQ(config->architecture().latent_dim(), 15);
  EXPECT_THAT(config->beta(), ::testing::ElementsAre(1, 4, 8, 16, 32, 64, 128, 256));
  EXPECT_THAT(config->lambda(), ::testing::ElementsAre(0, 4, 8, 16, 32));
  EXPECT_THAT(config->architecture().conv_channels(), ::testing::ElementsAre(32, 32, 64, 64));
}

TEST(ShippedConfigsTest, AuthorsAndSmokeConfigsAreValid) {
  absl::StatusOr<DeepStudyConfig> authors = LoadDeepStudyConfig("paper/config/authors.deep.pbtxt");
  ASSERT_TRUE(authors.ok()) << authors.status();
  EXPECT_EQ(authors->architecture().latent_dim(), 10);
  EXPECT_THAT(authors->lambda(), ::testing::ElementsAre(0, 2, 4, 6, 8));
  absl::StatusOr<DeepStudyConfig> smoke = LoadDeepStudyConfig("paper/config/smoke.deep.pbtxt");
  ASSERT_TRUE(smoke.ok()) << smoke.status();
  EXPECT_EQ(smoke->datasets(0), BUILTIN_SPRITES);
}

TEST(ConfigRoundTripTest, PrintThenParseGivesTheSameMessage) {
  absl::StatusOr<DeepStudyConfig> config = LoadDeepStudyConfig("paper/config/paper.deep.pbtxt");
  ASSERT_TRUE(config.ok());
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/roundtrip.pbtxt";
  ASSERT_TRUE(WriteTextProto(path, *config).ok());
  absl::StatusOr<DeepStudyConfig> again = LoadDeepStudyConfig(path);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->SerializeAsString(), config->SerializeAsString());
}

TEST(InvalidConfigTest, UnknownFieldNamesFileLineAndField) {
  absl::StatusOr<std::string> text = ReadFile("paper/config/smoke.deep.pbtxt");
  ASSERT_TRUE(text.ok());
  const std::string path = WriteTemp("unknown.pbtxt", "name: \"x\"\nbetta: [1, 2]\n" + *text);
  absl::StatusOr<DeepStudyConfig> config = LoadDeepStudyConfig(path);
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr(path + ":2:"));
  EXPECT_THAT(config.status().message(), HasSubstr("betta"));
}

TEST(InvalidConfigTest, BadValueNamesFileLineAndField) {
  absl::StatusOr<std::string> text = ReadFile("paper/config/smoke.deep.pbtxt");
  ASSERT_TRUE(text.ok());
  // Replace the batch size by 0: parseable, but invalid.
  std::string bad = *text;
  const size_t at = bad.find("batch_size: 64");
  ASSERT_NE(at, std::string::npos);
  bad.replace(at, 14, "batch_size: 0");
  const int line = 1 + static_cast<int>(std::count(bad.begin(), bad.begin() + at, '\n'));
  const std::string path = WriteTemp("zero_batch.pbtxt", bad);
  absl::StatusOr<DeepStudyConfig> config = LoadDeepStudyConfig(path);
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(),
              HasSubstr(path + ":" + std::to_string(line) + ":3: field 'training.batch_size'"));
  EXPECT_THAT(config.status().message(), HasSubstr("must be positive, got 0"));
}

TEST(InvalidConfigTest, RepeatedElementIsLocatedByIndex) {
  const std::string path = WriteTemp("neg_beta.pbtxt",
                                     "name: \"x\"\nn: 4\nm: 2\ns: 1\nsigma2: 0.1\n"
                                     "beta: 1\nbeta: 2\n  beta: -3\n");
  absl::StatusOr<LinearStudyConfig> config = LoadLinearStudyConfig(path);
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(),
              HasSubstr(path + ":8:3: field 'beta[2]': must be positive, got -3"));
}

TEST(InvalidConfigTest, ListElementIsLocatedAtItsList) {
  const std::string path = WriteTemp("neg_beta_list.pbtxt",
                                     "name: \"x\"\nn: 4\nm: 2\ns: 1\nsigma2: 0.1\n"
                                     "beta: [1,\n 2,\n -3]\n");
  absl::StatusOr<LinearStudyConfig> config = LoadLinearStudyConfig(path);
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(),
              HasSubstr(path + ":6:1: field 'beta[2]': must be positive, got -3"));
}

TEST(InvalidConfigTest, MissingFieldNamesTheFileAndField) {
  const std::string path = WriteTemp("missing.pbtxt", "name: \"x\"\nn: 4\n");
  absl::StatusOr<LinearStudyConfig> config = LoadLinearStudyConfig(path);
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(),
              HasSubstr(path + ": field 'sigma2': must be positive, got 0"));
  EXPECT_THAT(config.status().message(), HasSubstr(path + ": field 'fixed_point.max_iterations'"));
}

TEST(InvalidConfigTest, LinearSolverRulesAreEnforced) {
  absl::StatusOr<std::string> text = ReadFile("paper/config/paper.linear.pbtxt");
  ASSERT_TRUE(text.ok());
  // lambda > 0 with the sampled-decoder reading has no fixed-point solver (Lemma 4.2).
  std::string bad = *text;
  const size_t at = bad.find("reading: DECODER_MEAN");
  ASSERT_NE(at, std::string::npos);
  bad.replace(at, 21, "reading: DECODER_SAMPLE");
  absl::StatusOr<LinearStudyConfig> config = LoadLinearStudyConfig(WriteTemp("sample.pbtxt", bad));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("field 'heatmap_lambda[1]': lambda > 0"));
  // The divergence threshold on Sigma_W's smallest eigenvalue must be set, and m >= 2.
  bad = *text;
  bad.replace(bad.find("min_noise_eigenvalue: 1e-10"), 27, "min_noise_eigenvalue: 0");
  bad.replace(bad.find("m: 10"), 5, "m: 1");
  config = LoadLinearStudyConfig(WriteTemp("threshold.pbtxt", bad));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("field 'fixed_point.min_noise_eigenvalue'"));
  EXPECT_THAT(config.status().message(), HasSubstr("field 'm': must be at least 2"));
}

TEST(InvalidConfigTest, AdamWMomentsAndScheduleAreChecked) {
  absl::StatusOr<std::string> text = ReadFile("paper/config/paper.linear.pbtxt");
  ASSERT_TRUE(text.ok());
  std::string bad = *text;
  const size_t at = bad.find("beta2: 0.9");
  ASSERT_NE(at, std::string::npos);
  bad.replace(at, 10, "beta2: 1.0");
  const size_t schedule = bad.find("  schedule: COSINE\n");
  ASSERT_NE(schedule, std::string::npos);
  bad.erase(schedule, 19);
  const std::string path = WriteTemp("bad_adamw.pbtxt", bad);
  absl::StatusOr<LinearStudyConfig> config = LoadLinearStudyConfig(path);
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(),
              HasSubstr("field 'adamw.beta2': must lie in [0, 1), got 1"));
  EXPECT_THAT(config.status().message(), HasSubstr("field 'adamw.schedule': must be set"));
}

TEST(InvalidConfigTest, TheAdamWBudgetCheckIsChecked) {
  absl::StatusOr<std::string> text = ReadFile("paper/config/paper.linear.pbtxt");
  ASSERT_TRUE(text.ok());
  std::string bad = *text;
  const size_t at = bad.find("adamw_budget_check {");
  ASSERT_NE(at, std::string::npos);
  bad.erase(at);
  bad += "adamw_budget_check { beta: [1.5, 3] trials: 51 steps: 400 }\n";
  absl::StatusOr<LinearStudyConfig> config =
      LoadLinearStudyConfig(WriteTemp("bad_budget.pbtxt", bad));
  ASSERT_FALSE(config.ok());
  const std::string message(config.status().message());
  EXPECT_THAT(message, HasSubstr("field 'adamw_budget_check.beta[1]': 3 is not a beta of the "
                                 "Figure 2 sweep"));
  EXPECT_THAT(message, HasSubstr("field 'adamw_budget_check.beta': must include 1"));
  EXPECT_THAT(message, HasSubstr("field 'adamw_budget_check.trials': must lie in [1, trials = 50]"));
  EXPECT_THAT(message, HasSubstr("field 'adamw_budget_check.steps': must exceed adamw.steps (400)"));
}

TEST(InvalidConfigTest, QualitativeSettingOutsideTheGridIsRejected) {
  absl::StatusOr<std::string> text = ReadFile("paper/config/smoke.deep.pbtxt");
  ASSERT_TRUE(text.ok());
  std::string bad = *text + "mi_heatmap_settings { beta: 3 lambda: 0 }\n";
  const std::string path = WriteTemp("setting.pbtxt", bad);
  absl::StatusOr<DeepStudyConfig> config = LoadDeepStudyConfig(path);
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("field 'mi_heatmap_settings[2].beta'"));
}

TEST(InvalidConfigTest, MissingFileIsNamed) {
  absl::StatusOr<DeepStudyConfig> config = LoadDeepStudyConfig("paper/config/nope.pbtxt");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("paper/config/nope.pbtxt"));
}

}  // namespace
}  // namespace lambdabeta
