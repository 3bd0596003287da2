#include "common/io/exit_code.h"

#include "gtest/gtest.h"

namespace lambdabeta {
namespace {

TEST(ExitCodeTest, OkIsZeroAndSilent) {
  testing::internal::CaptureStderr();
  EXPECT_EQ(ExitCode("train", absl::OkStatus()), 0);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(ExitCodeTest, ErrorIsOneWithTheToolAndTheMessage) {
  testing::internal::CaptureStderr();
  EXPECT_EQ(ExitCode("train", absl::DataLossError("a.ckpt: truncated at byte 12")), 1);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "train: a.ckpt: truncated at byte 12\n");
}

}  // namespace
}  // namespace lambdabeta
