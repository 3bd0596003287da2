// Asserts a proof check's record (its path is the first argument): the claim passed and every
// sub-check's residual is within its tolerance. Prints the record.
#include <iostream>
#include <string>

#include "common/io/files.h"
#include "common/proto/results.pb.h"
#include "gtest/gtest.h"

namespace {

std::string record_path;  // NOLINT: set once in main

TEST(ProofCheckRecord, ClaimHolds) {
  lambdabeta::ProofCheckRecord record;
  const absl::Status status = lambdabeta::ReadTextProto(record_path, &record);
  ASSERT_TRUE(status.ok()) << status;
  std::cout << record.DebugString();
  EXPECT_TRUE(record.passed()) << record.claim();
  EXPECT_GT(record.instances(), 0);
  EXPECT_LE(record.max_residual(), record.tolerance());
  EXPECT_GT(record.sub_checks_size(), 0);
  for (const lambdabeta::ProofSubCheck& sub_check : record.sub_checks()) {
    EXPECT_TRUE(sub_check.passed()) << sub_check.name() << " worst: " << sub_check.worst();
    EXPECT_GT(sub_check.instances(), 0) << sub_check.name();
    EXPECT_LE(sub_check.max_residual(), sub_check.tolerance())
        << sub_check.name() << " worst: " << sub_check.worst();
  }
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " RECORD.pbtxt\n";
    return 2;
  }
  record_path = argv[1];
  return RUN_ALL_TESTS();
}
