#include "pipeline/data/zip_directory.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/io/files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/data/npz.h"
#include "pipeline/data/test_files.h"

namespace lambdabeta::data {
namespace {

ZipMemberLocation LocateOrDie(const std::string& path, const std::string& member) {
  absl::StatusOr<ZipMemberLocation> location = LocateZipMember(path, member);
  EXPECT_TRUE(location.ok()) << location.status();
  return location.ok() ? *location : ZipMemberLocation{};
}

std::string FileBytes(const std::string& path) {
  absl::StatusOr<std::string> bytes = ReadFile(path);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : "";
}

// What the Python fixtures hold (testdata/make_numpy_style_npz.py): images.npy, a 128-byte
// header and 768 pattern bytes, then values.npy, 128 + 48 bytes.
std::string FixtureImages() {
  std::string images;
  for (int i = 0; i < 4 * 8 * 8 * 3; ++i) images.push_back(static_cast<char>((i * 7 + 3) % 256));
  return images;
}

TEST(ZipDirectoryTest, LocatesMembersOfArchivesFromLibzip) {
  const std::vector<uint8_t> stored = PatternBytes(5000);
  const std::vector<uint8_t> packed(3000, 7);
  NpzWriter writer;
  ASSERT_TRUE(writer.AddArray("a", DType::kUint8, {5000}, stored, ZipCompression::kStore).ok());
  ASSERT_TRUE(writer.AddArray("b", DType::kUint8, {3000}, packed, ZipCompression::kDeflate).ok());
  writer.AddMember("c.npy", "", ZipCompression::kStore);
  const std::string path = TestFilePath("libzip.npz");
  ASSERT_TRUE(writer.Write(path).ok());
  const std::string file = FileBytes(path);

  const ZipMemberLocation a = LocateOrDie(path, "a.npy");
  const std::string a_bytes = *NpyBytes(DType::kUint8, {5000}, AsBytes(stored));
  EXPECT_EQ(a.method, 0);
  EXPECT_EQ(a.local_header_offset, 0u);
  EXPECT_EQ(a.compressed_size, a_bytes.size());
  EXPECT_EQ(a.uncompressed_size, a_bytes.size());
  EXPECT_EQ(file.substr(a.data_offset, a.compressed_size), a_bytes);

  const ZipMemberLocation b = LocateOrDie(path, "b.npy");
  EXPECT_EQ(b.method, 8);
  EXPECT_EQ(b.uncompressed_size, 128u + 3000u);
  EXPECT_LT(b.compressed_size, 1000u);
  // Its local header ends where the data start; the next header follows the data.
  EXPECT_EQ(file.substr(b.local_header_offset, 4), "PK\x03\x04");
  EXPECT_EQ(file.substr(b.data_offset - 5, 5), "b.npy");  // libzip writes no local extra here

  const ZipMemberLocation c = LocateOrDie(path, "c.npy");
  EXPECT_EQ(c.compressed_size, 0u);
  EXPECT_EQ(c.local_header_offset, b.data_offset + b.compressed_size);
}

// Python's zipfile as NumPy's savez drives it: zip64 extra fields in the local headers only.
TEST(ZipDirectoryTest, LocatesMembersWithZip64LocalHeaders) {
  const std::string path = "pipeline/data/testdata/numpy_style_stored.npz";
  const std::string file = FileBytes(path);
  const ZipMemberLocation images = LocateOrDie(path, "images.npy");
  EXPECT_EQ(images.method, 0);
  EXPECT_EQ(images.uncompressed_size, 896u);
  EXPECT_EQ(images.data_offset, 30u + 10u + 20u);  // name, zip64 extra
  EXPECT_EQ(file.substr(images.data_offset + 128, 768), FixtureImages());
  const ZipMemberLocation values = LocateOrDie(path, "values.npy");
  EXPECT_EQ(values.local_header_offset, 956u);
  EXPECT_EQ(file.substr(values.data_offset, 6), "\x93NUMPY");
}

// The same, with sizes and offsets in the central directory's zip64 extra fields and zip64
// end records, as in an archive over 4 GiB.
TEST(ZipDirectoryTest, LocatesMembersThroughZip64CentralDirectory) {
  const std::string path = "pipeline/data/testdata/zip64_directory_stored.npz";
  const std::string file = FileBytes(path);
  ASSERT_NE(file.find("PK\x06\x06"), std::string::npos) << "fixture has no zip64 end record";
  const ZipMemberLocation images = LocateOrDie(path, "images.npy");
  EXPECT_EQ(images.uncompressed_size, 896u);
  EXPECT_EQ(images.compressed_size, 896u);
  EXPECT_EQ(file.substr(images.data_offset + 128, 768), FixtureImages());
  const ZipMemberLocation values = LocateOrDie(path, "values.npy");
  EXPECT_EQ(values.local_header_offset, 956u);
  EXPECT_EQ(values.uncompressed_size, 176u);
  EXPECT_EQ(file.substr(values.data_offset, 6), "\x93NUMPY");
}

TEST(ZipDirectoryTest, FindsTheEndRecordBeforeAComment) {
  NpzWriter writer;
  const std::vector<uint8_t> bytes = PatternBytes(100);
  ASSERT_TRUE(writer.AddArray("a", DType::kUint8, {100}, bytes, ZipCompression::kStore).ok());
  std::string archive = *writer.Archive();
  // A comment that itself holds an end record signature with a wrong comment length.
  const std::string comment = std::string("PK\x05\x06", 4) + std::string(30, 'x');
  archive[archive.size() - 2] = static_cast<char>(comment.size());
  archive += comment;
  const std::string path = TestFilePath("comment.npz");
  ASSERT_TRUE(WriteFileAtomically(path, archive).ok());
  const ZipMemberLocation a = LocateOrDie(path, "a.npy");
  EXPECT_EQ(archive.substr(a.data_offset + 128, 100), std::string(bytes.begin(), bytes.end()));
}

TEST(ZipDirectoryTest, Errors) {
  const std::string good = "pipeline/data/testdata/numpy_style_stored.npz";
  ExpectStatus(LocateZipMember(good, "labels.npy").status(), absl::StatusCode::kNotFound,
               {good, "no member labels.npy"});
  const std::string missing = TestFilePath("missing.npz");
  ExpectStatus(LocateZipMember(missing, "a.npy").status(), absl::StatusCode::kNotFound, {missing});

  const std::string text = TestFilePath("text.npz");
  ASSERT_TRUE(WriteFileAtomically(text, "not a zip").ok());
  ExpectStatus(LocateZipMember(text, "a.npy").status(), absl::StatusCode::kDataLoss,
               {text, "no end of central directory record"});

  // The end cut off.
  const std::string file = FileBytes(good);
  const std::string cut = TestFilePath("cut.npz");
  ASSERT_TRUE(WriteFileAtomically(cut, file.substr(0, file.size() - 10)).ok());
  ExpectStatus(LocateZipMember(cut, "images.npy").status(), absl::StatusCode::kDataLoss, {cut});

  // The central directory's offset pointing past the end of the file.
  std::string moved = file;
  const size_t end = moved.rfind("PK\x05\x06");
  moved[end + 19] = '\x7f';
  const std::string past = TestFilePath("past.npz");
  ASSERT_TRUE(WriteFileAtomically(past, moved).ok());
  ExpectStatus(LocateZipMember(past, "images.npy").status(), absl::StatusCode::kDataLoss,
               {past, "the central directory", "past the end of the file"});

  // A central directory entry whose local header offset points at no local header.
  std::string shifted = file;
  const size_t entry = shifted.find("PK\x01\x02");
  shifted[entry + 42] = 5;
  const std::string wrong = TestFilePath("wrong_offset.npz");
  ASSERT_TRUE(WriteFileAtomically(wrong, shifted).ok());
  ExpectStatus(LocateZipMember(wrong, "images.npy").status(), absl::StatusCode::kDataLoss,
               {wrong, "no local header at offset 5"});
}

}  // namespace
}  // namespace lambdabeta::data
