#include "pipeline/aggregate/aggregate.h"

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "common/io/files.h"
#include "gtest/gtest.h"
#include "pipeline/aggregate/result_grid.h"
#include "pipeline/aggregate/test_results.h"

namespace lambdabeta::aggregate {
namespace {

class AggregateStudyTest : public ::testing::Test {
 protected:
  AggregateStudyTest() : dir_(testing::TempDir("study")) {
    config_ = dir_ + "/small.deep.pbtxt";
    EXPECT_TRUE(WriteTextProto(config_, testing::SmallConfig()).ok());
    // The results carry the SHA-256 of the evaluation slice they were scored with.
    const std::string sha = EvaluationSettingsSha256(testing::SmallConfig());
    request_.config_path = config_;
    request_.out_dir = dir_ + "/out";
    request_.result_paths = testing::WriteAllResults(testing::SmallConfig(), sha, dir_);
    request_.reconstruction_paths = testing::WriteAllReconstructions(testing::SmallConfig(), dir_);
  }
  std::string dir_;
  std::string config_;
  AggregateRequest request_;
};

TEST(AggregateOutputNamesTest, ListsEachOutputOnce) {
  const std::vector<std::string>& names = AggregateOutputNames();
  EXPECT_GE(names.size(), 10u);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
}

TEST_F(AggregateStudyTest, WritesEveryOutput) {
  ASSERT_TRUE(AggregateStudy(request_).ok());
  for (const std::string& name : AggregateOutputNames()) {
    absl::StatusOr<std::string> text = ReadFile(request_.out_dir + "/" + name);
    ASSERT_TRUE(text.ok()) << name;
    EXPECT_GT(text->size(), 40u) << name;
  }
  EXPECT_EQ(*ReadFile(request_.out_dir + "/environment.txt"),
            "LibTorch 1.13.1 · cpu AVX2 · 1 thread · Test CPU");
}

TEST_F(AggregateStudyTest, WritesNothingWhenAnInputIsBad) {
  request_.result_paths.pop_back();
  const absl::Status status = AggregateStudy(request_);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("missing"), std::string::npos) << status;
  EXPECT_FALSE(std::filesystem::exists(request_.out_dir));
}

TEST_F(AggregateStudyTest, NeverMixesCpuAndCudaResults) {
  DeepRunResult result;
  ASSERT_TRUE(ReadTextProto(request_.result_paths[3], &result).ok());
  result.mutable_provenance()->mutable_environment()->set_device_class("cuda");
  ASSERT_TRUE(WriteTextProto(request_.result_paths[3], result).ok());
  const absl::Status status = AggregateStudy(request_);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("different device classes (cpu, cuda)"), std::string::npos)
      << status;
}

TEST_F(AggregateStudyTest, RefusesResultsScoredWithOtherEvaluationSettings) {
  DeepStudyConfig edited = testing::SmallConfig();
  edited.mutable_evaluation()->set_mig_bins(10);
  ASSERT_TRUE(WriteTextProto(config_, edited).ok());
  const absl::Status status = AggregateStudy(request_);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("other evaluation settings"), std::string::npos) << status;
}

TEST_F(AggregateStudyTest, AcceptsResultsAfterAnEditOutsideEvaluation) {
  // A comment and a selection edit change the file, not the evaluation slice.
  DeepStudyConfig edited = testing::SmallConfig();
  edited.mutable_selection()->set_rho(0.5);
  ASSERT_TRUE(WriteFileAtomically(config_, TextProto(edited) + "# edited\n").ok());
  const absl::Status status = AggregateStudy(request_);
  EXPECT_TRUE(status.ok()) << status;
}

}  // namespace
}  // namespace lambdabeta::aggregate
