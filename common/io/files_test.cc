#include "common/io/files.h"

#include <cstdlib>
#include <filesystem>
#include <string>

#include "common/proto/common.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lambdabeta {
namespace {

using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  return std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
}

TEST(Sha256Test, MatchesPublishedVectors) {
  // FIPS 180-2 test vectors.
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256Test, FileDigestEqualsDigestOfContents) {
  const std::string path = TempPath("digest.bin");
  std::string big(3 << 20, 'x');  // spans several read buffers
  big[12345] = 'y';
  ASSERT_TRUE(WriteFileAtomically(path, big).ok());
  absl::StatusOr<std::string> digest = FileSha256Hex(path);
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(*digest, Sha256Hex(big));
}

TEST(AtomicWriteTest, ReplacesContentsAndLeavesNoTemporary) {
  const std::string dir = TempPath("atomic");
  ASSERT_TRUE(MakeDirectories(dir).ok());
  const std::string path = dir + "/out.txt";
  ASSERT_TRUE(WriteFileAtomically(path, "first").ok());
  ASSERT_TRUE(WriteFileAtomically(path, "second").ok());
  EXPECT_EQ(*ReadFile(path), "second");
  int entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    (void)entry;
    ++entries;
  }
  EXPECT_EQ(entries, 1);
}

TEST(AtomicWriteTest, MissingDirectoryIsAnErrorNamingThePath) {
  const absl::Status status = WriteFileAtomically(TempPath("no/such/dir/x"), "x");
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("no/such/dir/x"));
}

TEST(ReadFileTest, MissingFileNamesThePath) {
  const absl::StatusOr<std::string> contents = ReadFile(TempPath("absent.txt"));
  EXPECT_EQ(contents.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(contents.status().message(), HasSubstr("absent.txt"));
}

TEST(TextProtoTest, RoundTrip) {
  Matrix matrix;
  matrix.set_rows(2);
  matrix.set_cols(1);
  matrix.add_values(0.1);
  matrix.add_values(-3e-300);  // text format must keep full precision
  const std::string path = TempPath("matrix.pbtxt");
  ASSERT_TRUE(WriteTextProto(path, matrix).ok());
  Matrix read;
  ASSERT_TRUE(ReadTextProto(path, &read).ok());
  EXPECT_EQ(read.SerializeAsString(), matrix.SerializeAsString());
}

TEST(TextProtoTest, ParseErrorNamesFileLineAndField) {
  const std::string path = TempPath("bad.pbtxt");
  ASSERT_TRUE(WriteFileAtomically(path, "rows: 2\ncols: 1\ncolumns: 3\n").ok());
  Matrix matrix;
  const absl::Status status = ReadTextProto(path, &matrix);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr(path + ":3:"));
  EXPECT_THAT(status.message(), HasSubstr("columns"));
}

TEST(TextProtoTest, BadValueNamesTheLine) {
  const std::string path = TempPath("badvalue.pbtxt");
  ASSERT_TRUE(WriteFileAtomically(path, "rows: 2\ncols: two\n").ok());
  Matrix matrix;
  const absl::Status status = ReadTextProto(path, &matrix);
  EXPECT_THAT(status.message(), HasSubstr(":2:"));
}

}  // namespace
}  // namespace lambdabeta
