#include "pipeline/config/slices.h"

#include <cstdlib>
#include <string>

#include "common/io/files.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "pipeline/config/configs.h"

namespace lambdabeta {
namespace {

using ::testing::HasSubstr;

DeepStudyConfig Smoke() {
  absl::StatusOr<DeepStudyConfig> config = LoadDeepStudyConfig("paper/config/smoke.deep.pbtxt");
  EXPECT_TRUE(config.ok()) << config.status();
  return *config;
}

std::string Text(const google::protobuf::Message& message) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(message, &text);
  return text;
}

std::string TrainingText(const DeepStudyConfig& config, int phase, int64_t chunk) {
  absl::StatusOr<TrainingSlice> slice = TrainingSliceOf(config, phase, chunk);
  EXPECT_TRUE(slice.ok()) << slice.status();
  return slice.ok() ? Text(*slice) : "";
}

TEST(TrainingSliceTest, ChunksCoverThePhaseInOrder) {
  DeepStudyConfig config = Smoke();
  config.mutable_training()->set_beta_vae_steps(450);
  config.mutable_training()->set_chunk_steps(200);
  int64_t next = 0;
  for (int64_t chunk = 0; chunk < 3; ++chunk) {
    absl::StatusOr<TrainingSlice> slice = TrainingSliceOf(config, 1, chunk);
    ASSERT_TRUE(slice.ok()) << slice.status();
    EXPECT_EQ(slice->start_step(), next);
    next = slice->end_step();
  }
  EXPECT_EQ(next, 450);
  EXPECT_THAT(TrainingSliceOf(config, 1, 3).status().message(), HasSubstr("outside phase 1"));
  absl::StatusOr<TrainingSlice> whole = TrainingSliceOf(config, 1, -1);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->start_step(), 0);
  EXPECT_EQ(whole->end_step(), 450);
  EXPECT_EQ(whole->phase1_steps(), 0);
  absl::StatusOr<TrainingSlice> phase2 = TrainingSliceOf(config, 2, 0);
  ASSERT_TRUE(phase2.ok());
  EXPECT_EQ(phase2->phase1_steps(), 450);
}

// Edits that must not retrain: the slice's bytes stay the same.
TEST(TrainingSliceTest, EditsOutsideTrainingLeaveEverySliceAsItWas) {
  const DeepStudyConfig base = Smoke();
  std::vector<DeepStudyConfig> edits(6, base);
  edits[0].set_name("renamed-tier");
  edits[1].mutable_evaluation()->set_num_reconstructions(6);
  edits[2].mutable_selection()->set_rho(0.5);
  edits[3].add_beta(128);
  edits[4].mutable_training()->set_seeds(5);
  edits[5].clear_reconstruction_settings();
  for (size_t i = 0; i < edits.size(); ++i) {
    EXPECT_EQ(TrainingText(edits[i], 1, 0), TrainingText(base, 1, 0)) << "edit " << i;
    EXPECT_EQ(TrainingText(edits[i], 1, 1), TrainingText(base, 1, 1)) << "edit " << i;
    EXPECT_EQ(TrainingText(edits[i], 2, 0), TrainingText(base, 2, 0)) << "edit " << i;
  }
}

TEST(TrainingSliceTest, MorePhase2StepsKeepPhase1AndWholePhase2Chunks) {
  DeepStudyConfig base = Smoke();
  base.mutable_training()->set_lambda_beta_vae_steps(400);  // two full chunks of 200
  DeepStudyConfig longer = base;
  longer.mutable_training()->set_lambda_beta_vae_steps(1000);
  EXPECT_EQ(TrainingText(longer, 1, 1), TrainingText(base, 1, 1));
  EXPECT_EQ(TrainingText(longer, 2, 0), TrainingText(base, 2, 0));
  EXPECT_EQ(TrainingText(longer, 2, 1), TrainingText(base, 2, 1));
}

// Edits that must retrain.
TEST(TrainingSliceTest, TrainingEditsChangeTheSlice) {
  const DeepStudyConfig base = Smoke();
  DeepStudyConfig lr = base, width = base, steps1 = base;
  lr.mutable_training()->set_learning_rate(5e-4);
  width.mutable_architecture()->set_fc_hidden(128);
  steps1.mutable_training()->set_beta_vae_steps(600);
  EXPECT_NE(TrainingText(lr, 1, 0), TrainingText(base, 1, 0));
  EXPECT_NE(TrainingText(width, 1, 0), TrainingText(base, 1, 0));
  EXPECT_EQ(TrainingText(steps1, 1, 0), TrainingText(base, 1, 0));  // same first chunk
  EXPECT_NE(TrainingText(steps1, 2, 0), TrainingText(base, 2, 0));  // from another checkpoint
}

TEST(EvaluationSliceTest, HoldsTheEvaluationSettingsOnly) {
  const DeepStudyConfig base = Smoke();
  DeepStudyConfig training = base, evaluation = base;
  training.mutable_training()->set_learning_rate(5e-4);
  training.set_name("other");
  evaluation.mutable_evaluation()->set_mig_bins(10);
  EXPECT_EQ(Text(EvaluationSliceOf(training)), Text(EvaluationSliceOf(base)));
  EXPECT_NE(Text(EvaluationSliceOf(evaluation)), Text(EvaluationSliceOf(base)));
}

TEST(SliceFilesTest, RoundTripAndBadFilesNameThePath) {
  const std::string dir = std::getenv("TEST_TMPDIR");
  absl::StatusOr<TrainingSlice> slice = TrainingSliceOf(Smoke(), 2, 0);
  ASSERT_TRUE(slice.ok());
  ASSERT_TRUE(WriteTextProto(dir + "/t.pbtxt", *slice).ok());
  absl::StatusOr<TrainingSlice> back = LoadTrainingSlice(dir + "/t.pbtxt");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(Text(*back), Text(*slice));

  ASSERT_TRUE(WriteFileAtomically(dir + "/bad.pbtxt", "phase: 3\nend_step: 5\n").ok());
  EXPECT_THAT(LoadTrainingSlice(dir + "/bad.pbtxt").status().message(),
              HasSubstr(dir + "/bad.pbtxt: not a training slice"));
  EXPECT_THAT(LoadEvaluationSlice(dir + "/bad.pbtxt").status().message(),
              HasSubstr(dir + "/bad.pbtxt"));
  ASSERT_TRUE(WriteTextProto(dir + "/e.pbtxt", EvaluationSliceOf(Smoke())).ok());
  EXPECT_TRUE(LoadEvaluationSlice(dir + "/e.pbtxt").ok());
}

}  // namespace
}  // namespace lambdabeta
