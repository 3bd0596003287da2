// Helpers the data tests share: where to put their files, bytes to fill them with, and the
// check of an error Status.
#ifndef LAMBDABETA_PIPELINE_DATA_TEST_FILES_H_
#define LAMBDABETA_PIPELINE_DATA_TEST_FILES_H_

#include <cstddef>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lambdabeta::data {

// A path in the test's private temporary folder.
inline std::string TestFilePath(const std::string& name) {
  return absl::StrCat(::testing::TempDir(), "/", name);
}

// Deterministic bytes with no short period, so that a misplaced slice shows.
inline std::vector<uint8_t> PatternBytes(size_t size) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>((i * 7 + i / 251) & 0xff);
  return bytes;
}

// Expects `status` to have `code` and to contain each fragment; prints the message to the test
// log, so that a reader of the log sees what a user would.
inline void ExpectStatus(const absl::Status& status, absl::StatusCode code,
                         const std::vector<std::string>& fragments) {
  std::cout << "  error: " << status << "\n";
  EXPECT_EQ(status.code(), code) << status;
  for (const std::string& fragment : fragments) {
    EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr(fragment));
  }
}

}  // namespace lambdabeta::data

#endif  // LAMBDABETA_PIPELINE_DATA_TEST_FILES_H_
