#include "pipeline/train/train.h"

#include <torch/types.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "common/io/files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "models/conv_vae/conv_vae.h"
#include "pipeline/train/checkpoint.h"
#include "pipeline/train/synthetic_dataset.h"

namespace lambdabeta::train {
namespace {

using ::testing::HasSubstr;

// Table 1's shape (4 convs 4x4 stride 2, 64x64 in) at a width that trains fast in a test.
// Phase 1 has 12 steps.
TrainingSlice SmallSettings(int phase, int64_t start, int64_t end) {
  TrainingSlice c;
  Architecture& a = *c.mutable_architecture();
  a.set_latent_dim(3);
  for (int w : {8, 8, 8, 8}) a.add_conv_channels(w);
  a.set_kernel_size(4);
  a.set_stride(2);
  a.set_fc_hidden(32);
  a.set_image_size(64);
  Training& t = *c.mutable_training();
  t.set_optimizer(Training::ADAM);
  t.set_learning_rate(1e-3);
  t.set_batch_size(8);
  t.set_checkpoint_every(4);
  c.set_phase(phase);
  c.set_start_step(start);
  c.set_end_step(end);
  if (phase == 2) c.set_phase1_steps(12);
  return c;
}

TrainingMember Member(double beta, double lambda, uint64_t seed) {
  TrainingMember m;
  m.set_beta(beta);
  m.set_lambda(lambda);
  m.set_seed(seed);
  return m;
}

class TrainTest : public ::testing::Test {
 protected:
  // 50 images: batches of 8 straddle epochs.
  TrainTest() : gray_(SyntheticSquares(50, 1, 7)), rgb_(SyntheticSquares(50, 3, 8)) {}

  std::string Path(const std::string& name) {
    return std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  }

  TrainRequest Request(int phase, std::vector<TrainingMember> members, int64_t start, int64_t end,
                       std::string input, const std::string& output) {
    TrainRequest r;
    r.settings = SmallSettings(phase, start, end);
    r.settings_path = "test.pbtxt";
    r.settings_sha256 = "sha-of-test-slice";
    r.dataset = &gray_;
    r.members = std::move(members);
    r.input_checkpoint = std::move(input);
    r.output_checkpoint = Path(output);
    r.log_path = Path(output + ".tsv");
    r.log_every = 3;
    r.progress = false;
    return r;
  }

  Checkpoint Load(const std::string& name) {
    absl::StatusOr<Checkpoint> c = LoadCheckpoint(Path(name), torch::kCPU);
    EXPECT_TRUE(c.ok()) << c.status();
    return *c;
  }

  static void ExpectIdentical(const Checkpoint& a, const Checkpoint& b) {
    auto pa = a.model->named_parameters();
    auto pb = b.model->named_parameters();
    ASSERT_EQ(pa.size(), pb.size());
    for (const auto& item : pa)
      EXPECT_TRUE(torch::equal(item.value(), pb[item.key()])) << item.key();
  }

  data::Dataset gray_;
  data::Dataset rgb_;
};

TEST_F(TrainTest, ChunkedTrainingEqualsOneStraightRun) {
  const std::vector<TrainingMember> phase1 = {Member(4, 0, 1)};
  ASSERT_TRUE(Train(Request(1, phase1, 0, 12, "", "straight1")).ok());
  // Three chunks whose boundaries fall off the checkpoint and log grid.
  ASSERT_TRUE(Train(Request(1, phase1, 0, 5, "", "c1")).ok());
  ASSERT_TRUE(Train(Request(1, phase1, 5, 9, Path("c1"), "c2")).ok());
  ASSERT_TRUE(Train(Request(1, phase1, 9, 12, Path("c2"), "c3")).ok());
  ExpectIdentical(Load("straight1"), Load("c3"));
  EXPECT_EQ(Load("c3").info.step(), 12);

  // Phase 2 from each, with two lambdas at once; again straight vs chunked.
  const std::vector<TrainingMember> phase2 = {Member(4, 0, 1), Member(4, 16, 1)};
  ASSERT_TRUE(Train(Request(2, phase2, 0, 6, Path("straight1"), "straight2")).ok());
  ASSERT_TRUE(Train(Request(2, phase2, 0, 2, Path("c3"), "d1")).ok());
  ASSERT_TRUE(Train(Request(2, phase2, 2, 6, Path("d1"), "d2")).ok());
  ExpectIdentical(Load("straight2"), Load("d2"));

  // Phase 2 really trained: lambda moved the two copies of the same phase-1 model apart.
  Checkpoint two = Load("straight2");
  EXPECT_FALSE(torch::equal(two.model->Member(0)->named_parameters()["decoder_fc1_weight"],
                            two.model->Member(1)->named_parameters()["decoder_fc1_weight"]));
  EXPECT_EQ(two.info.phase(), 2);
  EXPECT_EQ(two.info.provenance().config_sha256(), "sha-of-test-slice");
  EXPECT_EQ(two.info.phase1_steps(), 12);
  EXPECT_EQ(two.info.provenance().environment().device_class(), "cpu");
  EXPECT_EQ(two.info.provenance().wall_seconds(), 0);  // no wall time: equal runs, equal bytes
}

TEST_F(TrainTest, KilledRunResumesFromItsPeriodicCheckpointAndEndsTheSame) {
  const std::vector<TrainingMember> members = {Member(1, 0, 2)};
  ASSERT_TRUE(Train(Request(1, members, 0, 12, "", "uninterrupted")).ok());

  TrainRequest r = Request(1, members, 0, 12, "", "interrupted");
  r.resume_dir = Path("resume");
  r.stop_after_steps = 6;  // periodic checkpoint at step 4, killed at step 6
  absl::Status killed = Train(r);
  EXPECT_TRUE(absl::IsAborted(killed)) << killed;
  EXPECT_FALSE(std::filesystem::exists(r.output_checkpoint));
  ASSERT_EQ(std::distance(std::filesystem::directory_iterator(r.resume_dir),
                          std::filesystem::directory_iterator()),
            1);
  const std::string periodic = std::filesystem::directory_iterator(r.resume_dir)->path();
  absl::StatusOr<Checkpoint> saved = LoadCheckpoint(periodic, torch::kCPU);
  ASSERT_TRUE(saved.ok()) << saved.status();
  EXPECT_EQ(saved->info.step(), 4);

  // Restarted: it resumes at 4 (two more steps stop it at 6, not at 2) ...
  r.stop_after_steps = 2;
  EXPECT_THAT(std::string(Train(r).message()), HasSubstr("at step 6"));
  // ... and, run to the end, matches the uninterrupted run: weights and log.
  r.stop_after_steps = -1;
  ASSERT_TRUE(Train(r).ok());
  ExpectIdentical(Load("uninterrupted"), Load("interrupted"));
  EXPECT_EQ(*ReadFile(Path("uninterrupted.tsv")), *ReadFile(Path("interrupted.tsv")));
  EXPECT_FALSE(std::filesystem::exists(periodic));  // cleaned up after success
}

TEST_F(TrainTest, LogHoldsWindowMeansOfEveryMember) {
  ASSERT_TRUE(Train(Request(1, {Member(1, 0, 0), Member(8, 0, 0)}, 0, 12, "", "logged")).ok());
  absl::StatusOr<std::string> log = ReadFile(Path("logged.tsv"));
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(log->rfind(kLogHeader, 0), 0u);
  // Windows cut at multiples of log_every (3) and checkpoint_every (4): [0,3) [3,4) [4,6) [6,8)
  // [8,9) [9,12), two members each.
  EXPECT_THAT(*log, HasSubstr("\n1\t0\t3\t0\t1\t0\t0\t"));
  EXPECT_THAT(*log, HasSubstr("\n1\t3\t4\t1\t8\t0\t0\t"));
  EXPECT_THAT(*log, HasSubstr("\n1\t9\t12\t1\t8\t0\t0\t"));
  EXPECT_EQ(std::count(log->begin(), log->end(), '\n'), 1 + 6 * 2);
}

TEST_F(TrainTest, GroupedMembersTrainLikeSeparateRuns) {
  const std::vector<TrainingMember> members = {Member(1, 0, 0), Member(4, 0, 1), Member(16, 0, 2)};
  TrainRequest grouped = Request(1, members, 0, 8, "", "grouped");
  grouped.dataset = &rgb_;
  ASSERT_TRUE(Train(grouped).ok());
  Checkpoint together = Load("grouped");
  for (int k = 0; k < 3; ++k) {
    TrainRequest single = Request(1, {members[k]}, 0, 8, "", "single" + std::to_string(k));
    single.dataset = &rgb_;
    ASSERT_TRUE(Train(single).ok());
    Checkpoint alone = Load("single" + std::to_string(k));
    // The same init as a single model from the member's seed: measure each parameter's
    // deviation against how far training moved it.
    TrainRequest untrained = Request(1, {members[k]}, 0, 1, "", "init");
    untrained.dataset = &rgb_;
    untrained.settings.mutable_training()->set_learning_rate(1e-30);
    ASSERT_TRUE(Train(untrained).ok());
    Checkpoint init = Load("init");
    auto member = together.model->Member(k)->named_parameters();
    auto init_params = init.model->named_parameters();
    for (const auto& item : alone.model->named_parameters()) {
      const double moved = (item.value() - init_params[item.key()]).abs().max().item<double>();
      const double deviation = (item.value() - member[item.key()]).abs().max().item<double>();
      EXPECT_GT(moved, 1e-3) << item.key();
      EXPECT_LT(deviation, 1e-3 * moved) << item.key() << " member " << k;
    }
  }
}

// Checkpoints are canonical: the same training gives the same bytes, so Bazel's early cutoff and
// a shared cache see equal outputs as equal.
TEST_F(TrainTest, EqualRunsWriteByteIdenticalCheckpointsAndLogs) {
  const std::vector<TrainingMember> members = {Member(4, 0, 1), Member(8, 0, 2)};
  ASSERT_TRUE(Train(Request(1, members, 0, 5, "", "first")).ok());
  ASSERT_TRUE(Train(Request(1, members, 0, 5, "", "second")).ok());
  EXPECT_EQ(*ReadFile(Path("first")), *ReadFile(Path("second")));
  EXPECT_EQ(*ReadFile(Path("first.tsv")), *ReadFile(Path("second.tsv")));
  // And a continuation from each (which restores the Adam state) again agrees byte for byte.
  ASSERT_TRUE(Train(Request(1, members, 5, 9, Path("first"), "first_more")).ok());
  ASSERT_TRUE(Train(Request(1, members, 5, 9, Path("second"), "second_more")).ok());
  EXPECT_EQ(*ReadFile(Path("first_more")), *ReadFile(Path("second_more")));
}

TEST_F(TrainTest, NonFiniteLossStopsTheRunWithoutACheckpoint) {
  TrainRequest r = Request(1, {Member(4, 0, 3)}, 0, 12, "", "nan");
  r.resume_dir = Path("nan_resume");
  r.nan_at_step = 6;
  absl::Status status = Train(r);
  EXPECT_THAT(std::string(status.message()), HasSubstr("non-finite loss at step 6 of phase 1"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("bce = nan"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("beta=4 lambda=0 seed=3"));
  EXPECT_FALSE(std::filesystem::exists(r.output_checkpoint));
  EXPECT_FALSE(std::filesystem::exists(r.log_path));
  // The last periodic checkpoint is the healthy one from before the NaN.
  const std::string periodic = std::filesystem::directory_iterator(r.resume_dir)->path();
  EXPECT_EQ(LoadCheckpoint(periodic, torch::kCPU)->info.step(), 4);
}

TEST_F(TrainTest, AbsurdLearningRateDivergesIntoAClearError) {
  TrainRequest r = Request(1, {Member(4, 0, 3)}, 0, 12, "", "diverged");
  r.settings.mutable_training()->set_learning_rate(1e12);
  absl::Status status = Train(r);
  EXPECT_THAT(std::string(status.message()), HasSubstr("non-finite"));
  EXPECT_FALSE(std::filesystem::exists(r.output_checkpoint));
}

TEST_F(TrainTest, MismatchedCheckpointsAreClearErrors) {
  const std::vector<TrainingMember> members = {Member(4, 0, 1)};
  ASSERT_TRUE(Train(Request(1, members, 0, 5, "", "at5")).ok());

  auto error = [](const TrainRequest& r) { return std::string(Train(r).message()); };
  EXPECT_THAT(error(Request(1, members, 4, 8, Path("at5"), "x")),
              HasSubstr("is at step 5, this run starts at step 4"));
  TrainRequest other_rate = Request(1, members, 5, 8, Path("at5"), "x");
  other_rate.settings.mutable_training()->set_learning_rate(2e-3);
  EXPECT_THAT(error(other_rate), HasSubstr("the batch size and learning rate is 8, 0.001 there"));
  EXPECT_THAT(error(Request(1, {Member(8, 0, 1)}, 5, 8, Path("at5"), "x")),
              HasSubstr("holds phase 1 step 5 of [beta=4 lambda=0 seed=1]"));
  TrainRequest other_data = Request(1, members, 5, 8, Path("at5"), "x");
  other_data.dataset = &rgb_;
  EXPECT_THAT(error(other_data), HasSubstr("the dataset is synthetic_squares_1ch"));
  EXPECT_THAT(error(Request(2, {Member(4, 8, 1)}, 0, 3, Path("at5"), "x")),
              HasSubstr("phase 2 starts from phase 1's final checkpoint (step 12)"));

  ASSERT_TRUE(Train(Request(1, members, 5, 12, Path("at5"), "at12")).ok());
  EXPECT_THAT(error(Request(2, {Member(8, 8, 1)}, 0, 3, Path("at12"), "x")),
              HasSubstr("has no model with beta=8 seed=1"));
  EXPECT_THAT(error(Request(2, {Member(4, 8, 1)}, 3, 6, Path("at12"), "x")),
              HasSubstr("this run continues phase 2"));

  ASSERT_TRUE(WriteFileAtomically(Path("garbage"), "not a checkpoint").ok());
  EXPECT_THAT(error(Request(1, members, 5, 8, Path("garbage"), "x")),
              HasSubstr("not a conv-VAE checkpoint"));
}

TEST_F(TrainTest, RejectsMalformedRequests) {
  auto error = [](const TrainRequest& r) { return std::string(Train(r).message()); };
  EXPECT_THAT(error(Request(1, {Member(4, 8, 1)}, 0, 4, "", "x")), HasSubstr("lambda must be 0"));
  EXPECT_THAT(error(Request(1, {Member(4, 0, 1)}, 5, 5, "", "x")), HasSubstr("not a range"));
  EXPECT_THAT(error(Request(1, {Member(4, 0, 1)}, 4, 8, "", "x")),
              HasSubstr("needs an input checkpoint"));
  EXPECT_THAT(error(Request(1, {Member(4, 0, 1), Member(4, 0, 1)}, 0, 4, "", "x")),
              HasSubstr("listed twice"));
  TrainRequest cuda = Request(1, {Member(4, 0, 1)}, 0, 4, "", "x");
  cuda.device = "tpu";
  EXPECT_THAT(error(cuda), HasSubstr("auto, cpu or cuda"));
}

TEST_F(TrainTest, LoadMemberPicksOneModelOfAGroup) {
  ASSERT_TRUE(Train(Request(1, {Member(1, 0, 0), Member(8, 0, 5)}, 0, 2, "", "pair")).ok());
  absl::StatusOr<std::shared_ptr<conv_vae::ConvVae>> second =
      LoadMember(Path("pair"), Member(8, 0, 5), torch::kCPU);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ((*second)->members(), 1);
  EXPECT_TRUE(
      torch::equal((*second)->named_parameters()["encoder_fc2_bias"],
                   Load("pair").model->named_parameters()["encoder_fc2_bias"][1].unsqueeze(0)));
  EXPECT_FALSE(LoadMember(Path("pair"), Member(8, 0, 6), torch::kCPU).ok());
}

}  // namespace
}  // namespace lambdabeta::train
