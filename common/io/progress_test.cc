#include "common/io/progress.h"

#include "gtest/gtest.h"

namespace lambdabeta {
namespace {

TEST(ProgressTest, FormatsDurations) {
  EXPECT_EQ(Progress::FormatDuration(0), "0s");
  EXPECT_EQ(Progress::FormatDuration(59.4), "59s");
  EXPECT_EQ(Progress::FormatDuration(185), "3m05s");
  EXPECT_EQ(Progress::FormatDuration(3720), "1h02m");
  EXPECT_EQ(Progress::FormatDuration(-1), "?");
}

TEST(ProgressTest, PrintsDoneTotalAndNote) {
  testing::internal::CaptureStderr();
  Progress progress("unit", 10, "steps", 0, /*interval_seconds=*/0.0);
  progress.Update(5, "loss 1.5");
  progress.Finish();
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("[unit] 5/10 (50.0%)"), std::string::npos) << err;
  EXPECT_NE(err.find("loss 1.5"), std::string::npos) << err;
  EXPECT_NE(err.find("ETA"), std::string::npos) << err;
  EXPECT_NE(err.find("took"), std::string::npos) << err;
}

TEST(ProgressTest, ThrottlesToTheInterval) {
  testing::internal::CaptureStderr();
  Progress progress("unit", 1000, "steps", 0, /*interval_seconds=*/3600.0);
  for (int i = 1; i < 1000; ++i) progress.Update(i);
  progress.Update(1000);  // the end is always printed
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
}

}  // namespace
}  // namespace lambdabeta
