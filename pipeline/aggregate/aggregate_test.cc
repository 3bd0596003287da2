#include "pipeline/aggregate/aggregate.h"

#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "pipeline/aggregate/test_results.h"
#include "pipeline/io/files.h"

namespace lambdabeta::aggregate {
namespace {

constexpr const char* kOutputs[] = {"fig4.tsv",          "fig4_numbers.md", "fig5.tsv",
                                    "fig6.tsv",          "fig6_selected.tsv", "selection.md",
                                    "fig7.dat",          "fig8.tsv",        "table2.md",
                                    "table2.tsv"};

class AggregateStudyTest : public ::testing::Test {
 protected:
  AggregateStudyTest() : dir_(testing::TempDir("study")) {
    config_ = dir_ + "/small.deep.pbtxt";
    EXPECT_TRUE(WriteTextProto(config_, testing::SmallConfig()).ok());
    const std::string sha = *FileSha256Hex(config_);
    request_.config_path = config_;
    request_.out_dir = dir_ + "/out";
    request_.result_paths = testing::WriteAllResults(testing::SmallConfig(), sha, dir_);
    request_.reconstruction_paths = testing::WriteAllReconstructions(testing::SmallConfig(), dir_);
  }
  std::string dir_;
  std::string config_;
  AggregateRequest request_;
};

TEST_F(AggregateStudyTest, WritesEveryOutput) {
  ASSERT_TRUE(AggregateStudy(request_).ok());
  for (const char* name : kOutputs) {
    absl::StatusOr<std::string> text = ReadFile(request_.out_dir + "/" + name);
    ASSERT_TRUE(text.ok()) << name;
    EXPECT_GT(text->size(), 50u) << name;
  }
}

TEST_F(AggregateStudyTest, WritesNothingWhenAnInputIsBad) {
  request_.result_paths.pop_back();
  const absl::Status status = AggregateStudy(request_);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("missing"), std::string::npos) << status;
  EXPECT_FALSE(std::filesystem::exists(request_.out_dir));
}

TEST_F(AggregateStudyTest, RefusesResultsOfAnotherConfigFile) {
  // The same config with one more comment line: another file, another SHA-256.
  ASSERT_TRUE(WriteFileAtomically(config_, *ReadFile(config_) + "# edited\n").ok());
  const absl::Status status = AggregateStudy(request_);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("not the config in force"), std::string::npos) << status;
}

}  // namespace
}  // namespace lambdabeta::aggregate
