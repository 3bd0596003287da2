#include "pipeline/data/npz.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/data/test_files.h"

namespace lambdabeta::data {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// An archive with one array of each type, stored and deflated.
struct Sample {
  std::vector<uint8_t> images = PatternBytes(5 * 4 * 3);
  std::vector<int64_t> classes = {0, -1, 2, INT64_MAX, INT64_MIN, 5};
  std::vector<double> values = {0.5, -1e300, 3.25, 1.0 / 3.0, 0.0, -0.0};
};

NpzWriter SampleWriter(const Sample& sample) {
  NpzWriter writer;
  EXPECT_TRUE(
      writer.AddArray("images", DType::kUint8, {5, 4, 3}, sample.images, ZipCompression::kStore)
          .ok());
  EXPECT_TRUE(
      writer.AddArray("classes", DType::kInt64, {3, 2}, sample.classes, ZipCompression::kDeflate)
          .ok());
  EXPECT_TRUE(
      writer.AddArray("values", DType::kFloat64, {6}, sample.values, ZipCompression::kDeflate)
          .ok());
  return writer;
}

std::unique_ptr<NpzReader> OpenOrDie(const std::string& path) {
  absl::StatusOr<std::unique_ptr<NpzReader>> reader = NpzReader::Open(path);
  EXPECT_TRUE(reader.ok()) << reader.status();
  return reader.ok() ? *std::move(reader) : nullptr;
}

// The offset of the first byte of member `name`'s data in a zip archive, from its local file
// header (signature PK\3\4; name length at +26, extra length at +28; data after +30).
size_t MemberDataOffset(const std::string& archive, const std::string& name) {
  size_t at = 0;
  while ((at = archive.find("PK\x03\x04", at)) != std::string::npos) {
    const auto u16 = [&](size_t i) {
      return static_cast<size_t>(static_cast<uint8_t>(archive[i])) |
             static_cast<size_t>(static_cast<uint8_t>(archive[i + 1])) << 8;
    };
    if (archive.compare(at + 30, name.size(), name) == 0 && u16(at + 26) == name.size()) {
      return at + 30 + u16(at + 26) + u16(at + 28);
    }
    at += 4;
  }
  ADD_FAILURE() << "no member " << name;
  return 0;
}

TEST(NpzTest, RoundTripsStoredAndDeflatedArrays) {
  const Sample sample;
  const std::string path = TestFilePath("round_trip.npz");
  ASSERT_TRUE(SampleWriter(sample).Write(path).ok());
  std::unique_ptr<NpzReader> reader = OpenOrDie(path);
  ASSERT_NE(reader, nullptr);
  EXPECT_THAT(reader->ArrayNames(), UnorderedElementsAre("images", "classes", "values"));

  std::vector<uint8_t> images;
  absl::StatusOr<std::vector<int64_t>> shape =
      reader->ReadArray("images", {DType::kUint8, {5, 4, 3}}, &images);
  ASSERT_TRUE(shape.ok()) << shape.status();
  EXPECT_THAT(*shape, ElementsAre(5, 4, 3));
  EXPECT_EQ(images, sample.images);

  std::vector<int64_t> classes;
  shape = reader->ReadArray("classes", {DType::kInt64, {kAnyExtent, 2}}, &classes);
  ASSERT_TRUE(shape.ok()) << shape.status();
  EXPECT_THAT(*shape, ElementsAre(3, 2));
  EXPECT_EQ(classes, sample.classes);

  std::vector<double> values;
  ASSERT_TRUE(reader->ReadArray("values", {DType::kFloat64, {6}}, &values).ok());
  ASSERT_EQ(values.size(), 6u);
  EXPECT_EQ(std::memcmp(values.data(), sample.values.data(), 6 * sizeof(double)), 0);

  absl::StatusOr<NpyHeader> header = reader->ReadHeader("classes");
  ASSERT_TRUE(header.ok()) << header.status();
  EXPECT_EQ(header->descr, "<i8");
  EXPECT_THAT(header->shape, ElementsAre(3, 2));
}

// Written by Python's zipfile the way NumPy's savez (stored, zip64 forced: the layout of
// MPI3D-real's 12.7 GB member) and savez_compressed write: see testdata/make_numpy_style_npz.py.
TEST(NpzTest, ReadsArchivesWrittenLikeNumpy) {
  for (const char* variant : {"stored", "deflated"}) {
    const std::string path = absl::StrCat("pipeline/data/testdata/numpy_style_", variant, ".npz");
    std::unique_ptr<NpzReader> reader = OpenOrDie(path);
    ASSERT_NE(reader, nullptr) << path;
    EXPECT_THAT(reader->ArrayNames(), UnorderedElementsAre("images", "values"));
    std::vector<uint8_t> images;
    ASSERT_TRUE(reader->ReadArray("images", {DType::kUint8, {4, 8, 8, 3}}, &images).ok());
    ASSERT_EQ(images.size(), 768u);
    for (size_t i = 0; i < images.size(); ++i) ASSERT_EQ(images[i], (i * 7 + 3) % 256) << i;
    std::vector<double> values;
    ASSERT_TRUE(reader->ReadArray("values", {DType::kFloat64, {3, 2}}, &values).ok());
    EXPECT_THAT(values, ElementsAre(0.0, 0.5, -2.25, 1e300, 0.0, 3.0));
    EXPECT_TRUE(std::signbit(values[4]));
  }
}

TEST(NpzTest, ReadsBigMembersAcrossManySlices) {
  // Over 64 MB, so the read goes in several slices (and would report progress).
  const int64_t rows = 1100;
  const int64_t row_bytes = 256 * 256;
  std::vector<uint8_t> big = PatternBytes(rows * row_bytes);
  for (ZipCompression compression : {ZipCompression::kStore, ZipCompression::kDeflate}) {
    NpzWriter writer;
    ASSERT_TRUE(writer.AddArray("big", DType::kUint8, {rows, 256, 256}, big, compression).ok());
    const std::string path = TestFilePath("big.npz");
    ASSERT_TRUE(writer.Write(path).ok());
    std::unique_ptr<NpzReader> reader = OpenOrDie(path);
    ASSERT_NE(reader, nullptr);
    std::vector<uint8_t> read;
    ASSERT_TRUE(reader->ReadArray("big", {DType::kUint8, {rows, 256, 256}}, &read, true).ok());
    EXPECT_TRUE(read == big);
  }
}

TEST(NpzTest, WritesTheSameBytesEveryTimeAndAtomically) {
  const Sample sample;
  absl::StatusOr<std::string> first = SampleWriter(sample).Archive();
  absl::StatusOr<std::string> second = SampleWriter(sample).Archive();
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);

  const std::string directory = TestFilePath("atomic");
  std::filesystem::create_directories(directory);
  ASSERT_TRUE(SampleWriter(sample).Write(directory + "/a.npz").ok());
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    files.push_back(entry.path().filename().string());
  }
  EXPECT_THAT(files, ElementsAre("a.npz"));  // no temporary file left behind
  EXPECT_EQ(*ReadFile(directory + "/a.npz"), *first);
}

TEST(NpzTest, AddArrayRejectsDataOfTheWrongSize) {
  NpzWriter writer;
  const absl::Status status =
      writer.AddArray("a", DType::kFloat64, {2, 2}, std::vector<double>(3), ZipCompression::kStore);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("array 'a'"));
}

std::string WriteBytes(const std::string& name, const std::string& bytes) {
  const std::string path = TestFilePath(name);
  EXPECT_TRUE(WriteFileAtomically(path, bytes).ok());
  return path;
}

// --- Mapping stored members in place.

constexpr MappedRegion::Access kAccess = MappedRegion::Access::kScattered;

std::vector<uint8_t> MappedBytes(const MappedArray& array) {
  return {array.bytes->data(), array.bytes->data() + array.bytes->size()};
}

TEST(NpzMapTest, MapsStoredMembersToTheBytesAReadGives) {
  // Over the 4 KiB that are also read through libzip, and not a multiple of the page size.
  const std::vector<uint8_t> data = PatternBytes(3 * 5000);
  for (const bool verify : {false, true}) {
    NpzWriter writer;
    ASSERT_TRUE(
        writer.AddArray("first", DType::kUint8, {7}, PatternBytes(7), ZipCompression::kStore).ok());
    ASSERT_TRUE(
        writer.AddArray("images", DType::kUint8, {3, 50, 100}, data, ZipCompression::kStore).ok());
    const std::string path = TestFilePath("map_stored.npz");
    ASSERT_TRUE(writer.Write(path).ok());
    std::unique_ptr<NpzReader> reader = OpenOrDie(path);
    ASSERT_NE(reader, nullptr);
    absl::StatusOr<std::optional<MappedArray>> mapped =
        reader->MapArray("images", {DType::kUint8, {3, kAnyExtent, 100}}, kAccess, verify);
    ASSERT_TRUE(mapped.ok()) << mapped.status();
    ASSERT_TRUE(mapped->has_value());
    EXPECT_THAT((*mapped)->shape, ElementsAre(3, 50, 100));
    std::vector<uint8_t> read;
    ASSERT_TRUE(reader->ReadArray("images", {DType::kUint8, {3, 50, 100}}, &read).ok());
    EXPECT_TRUE(read == data);
    EXPECT_TRUE(MappedBytes(**mapped) == read);
    // The map outlives the reader (and its libzip archive).
    reader.reset();
    EXPECT_TRUE(MappedBytes(**mapped) == data);
  }
}

TEST(NpzMapTest, CompressedMembersAreNotMapped) {
  const Sample sample;
  NpzWriter writer;
  ASSERT_TRUE(
      writer.AddArray("images", DType::kUint8, {5, 4, 3}, sample.images, ZipCompression::kDeflate)
          .ok());
  const std::string path = TestFilePath("map_deflated.npz");
  ASSERT_TRUE(writer.Write(path).ok());
  std::unique_ptr<NpzReader> reader = OpenOrDie(path);
  absl::StatusOr<std::optional<MappedArray>> mapped =
      reader->MapArray("images", {DType::kUint8, {5, 4, 3}}, kAccess, false);
  ASSERT_TRUE(mapped.ok()) << mapped.status();
  EXPECT_FALSE(mapped->has_value());
}

TEST(NpzMapTest, MapsArchivesWrittenLikeNumpyIncludingZip64) {
  for (const char* name :
       {"numpy_style_stored", "zip64_directory_stored", "numpy_style_deflated"}) {
    const std::string path = absl::StrCat("pipeline/data/testdata/", name, ".npz");
    std::unique_ptr<NpzReader> reader = OpenOrDie(path);
    ASSERT_NE(reader, nullptr) << path;
    absl::StatusOr<std::optional<MappedArray>> mapped =
        reader->MapArray("images", {DType::kUint8, {4, 8, 8, 3}}, kAccess,
                         /*verify_checksum=*/true);
    ASSERT_TRUE(mapped.ok()) << mapped.status();
    if (absl::StrContains(name, "deflated")) {
      EXPECT_FALSE(mapped->has_value());
      continue;
    }
    ASSERT_TRUE(mapped->has_value()) << path;
    const std::vector<uint8_t> images = MappedBytes(**mapped);
    ASSERT_EQ(images.size(), 768u);
    for (size_t i = 0; i < images.size(); ++i) ASSERT_EQ(images[i], (i * 7 + 3) % 256) << i;
  }
}

TEST(NpzMapTest, OnlyUint8ArraysMap) {
  const std::string path = TestFilePath("map_values.npz");
  NpzWriter writer;
  ASSERT_TRUE(writer
                  .AddArray("values", DType::kFloat64, {2}, std::vector<double>{1.0, 2.0},
                            ZipCompression::kStore)
                  .ok());
  ASSERT_TRUE(writer.Write(path).ok());
  EXPECT_EQ(
      OpenOrDie(path)->MapArray("values", {DType::kFloat64, {2}}, kAccess, false).status().code(),
      absl::StatusCode::kInternal);
}

// A stored member whose directory entry and local header claim more bytes than the file holds:
// the map would reach past the end of the file, where touching a page raises SIGBUS.
TEST(NpzMapTest, MemberPastTheEndOfTheFileIsAnErrorNotACrash) {
  const int64_t claimed = 100000;
  NpzWriter writer;
  writer.AddMember("images.npy", FormatNpyHeader("|u1", false, {claimed}) + std::string(5000, '\1'),
                   ZipCompression::kStore);
  absl::StatusOr<std::string> archive = writer.Archive();
  ASSERT_TRUE(archive.ok());
  // Patch both sizes in the local header (at +18, +22) and the central directory (+20, +24).
  const uint32_t size = 128 + claimed;
  const auto patch = [&](size_t at) {
    for (int i = 0; i < 4; ++i) (*archive)[at + i] = static_cast<char>((size >> (8 * i)) & 0xff);
  };
  const size_t local = archive->find("PK\x03\x04");
  const size_t central = archive->find("PK\x01\x02");
  ASSERT_NE(central, std::string::npos);
  for (size_t at : {local + 18, local + 22, central + 20, central + 24}) patch(at);
  const std::string path = WriteBytes("past_the_end.npz", *archive);

  std::unique_ptr<NpzReader> reader = OpenOrDie(path);
  ASSERT_NE(reader, nullptr);
  absl::StatusOr<std::optional<MappedArray>> mapped =
      reader->MapArray("images", {DType::kUint8, {claimed}}, kAccess, false);
  ExpectStatus(mapped.status(), absl::StatusCode::kDataLoss,
               {path, "bytes, but its data should lie in bytes", "truncated", "array 'images'"});
}

TEST(NpzMapTest, CorruptionPastTheFirstBytesNeedsTheChecksum) {
  const std::vector<uint8_t> data = PatternBytes(20000);
  NpzWriter writer;
  ASSERT_TRUE(writer.AddArray("images", DType::kUint8, {20000}, data, ZipCompression::kStore).ok());
  absl::StatusOr<std::string> archive = writer.Archive();
  ASSERT_TRUE(archive.ok());
  const size_t offset = MemberDataOffset(*archive, "images.npy") + 128;
  (*archive)[offset + 15000] ^= 0x40;
  const std::string path = WriteBytes("map_corrupt.npz", *archive);
  std::unique_ptr<NpzReader> reader = OpenOrDie(path);
  // Without the checksum the map shows the file's bytes as they are (documented).
  absl::StatusOr<std::optional<MappedArray>> mapped =
      reader->MapArray("images", {DType::kUint8, {20000}}, kAccess, false);
  ASSERT_TRUE(mapped.ok()) << mapped.status();
  EXPECT_EQ(MappedBytes(**mapped)[15000], data[15000] ^ 0x40);
  ExpectStatus(reader->MapArray("images", {DType::kUint8, {20000}}, kAccess, true).status(),
               absl::StatusCode::kDataLoss, {path, "array 'images'", "CRC"});
}

// --- Bad files: each gives a clear error that names the file (and the array).

absl::Status ReadImages(const std::string& path,
                        const ArraySpec& spec = {DType::kUint8, {5, 4, 3}}) {
  ASSIGN_OR_RETURN(std::unique_ptr<NpzReader> reader, NpzReader::Open(path));
  std::vector<uint8_t> images;
  return reader->ReadArray("images", spec, &images).status();
}

TEST(NpzBadFileTest, MissingFile) {
  const std::string path = TestFilePath("does_not_exist.npz");
  ExpectStatus(ReadImages(path), absl::StatusCode::kNotFound, {path, "no such file"});
}

TEST(NpzBadFileTest, NotAZipArchive) {
  const std::string path = WriteBytes("not_zip.npz", "this is a text file, not an npz\n");
  ExpectStatus(ReadImages(path), absl::StatusCode::kDataLoss, {path, "not a zip archive"});
}

TEST(NpzBadFileTest, TruncatedArchive) {
  absl::StatusOr<std::string> archive = SampleWriter(Sample()).Archive();
  ASSERT_TRUE(archive.ok());
  const std::string path = WriteBytes("truncated.npz", archive->substr(0, archive->size() / 2));
  ExpectStatus(ReadImages(path), absl::StatusCode::kDataLoss, {path, "truncated"});
}

TEST(NpzBadFileTest, MissingArrayListsTheArraysPresent) {
  const std::string path = TestFilePath("missing_member.npz");
  ASSERT_TRUE(SampleWriter(Sample()).Write(path).ok());
  std::unique_ptr<NpzReader> reader = OpenOrDie(path);
  std::vector<double> out;
  ExpectStatus(reader->ReadArray("latents_values", {DType::kFloat64, {6}}, &out).status(),
               absl::StatusCode::kNotFound,
               {path, "no array 'latents_values' (member latents_values.npy)", "images", "classes",
                "values"});
}

TEST(NpzBadFileTest, WrongDtype) {
  const std::string path = TestFilePath("wrong_dtype.npz");
  ASSERT_TRUE(SampleWriter(Sample()).Write(path).ok());
  ExpectStatus(ReadImages(path, {DType::kFloat64, {5, 4, 3}}), absl::StatusCode::kInvalidArgument,
               {path, "array 'images'", "element type is '|u1', expected float64"});
}

TEST(NpzBadFileTest, WrongShape) {
  const std::string path = TestFilePath("wrong_shape.npz");
  ASSERT_TRUE(SampleWriter(Sample()).Write(path).ok());
  ExpectStatus(ReadImages(path, {DType::kUint8, {5, 4, 4}}), absl::StatusCode::kInvalidArgument,
               {path, "array 'images'", "shape is (5, 4, 3), expected (5, 4, 4)"});
}

TEST(NpzBadFileTest, FortranOrder) {
  NpzWriter writer;
  writer.AddMember("images.npy", FormatNpyHeader("|u1", true, {5, 4, 3}) + std::string(60, '\1'),
                   ZipCompression::kStore);
  const std::string path = TestFilePath("fortran.npz");
  ASSERT_TRUE(writer.Write(path).ok());
  ExpectStatus(ReadImages(path), absl::StatusCode::kInvalidArgument,
               {path, "array 'images'", "Fortran order"});
}

TEST(NpzBadFileTest, TruncatedMember) {
  for (ZipCompression compression : {ZipCompression::kStore, ZipCompression::kDeflate}) {
    NpzWriter writer;
    // The header promises 60 bytes; 59 follow.
    writer.AddMember("images.npy", FormatNpyHeader("|u1", false, {5, 4, 3}) + std::string(59, '\1'),
                     compression);
    const std::string path = TestFilePath("truncated_member.npz");
    ASSERT_TRUE(writer.Write(path).ok());
    ExpectStatus(ReadImages(path), absl::StatusCode::kDataLoss,
                 {path, "array 'images'", "member holds 59 data bytes but shape (5, 4, 3) needs 60",
                  "truncated or corrupt"});
  }
}

TEST(NpzBadFileTest, MemberLongerThanItsHeaderSays) {
  NpzWriter writer;
  writer.AddMember("images.npy", FormatNpyHeader("|u1", false, {5, 4, 3}) + std::string(61, '\1'),
                   ZipCompression::kDeflate);
  const std::string path = TestFilePath("long_member.npz");
  ASSERT_TRUE(writer.Write(path).ok());
  ExpectStatus(ReadImages(path), absl::StatusCode::kDataLoss, {path, "61 data bytes"});
}

TEST(NpzBadFileTest, HugeShapeInACorruptHeaderIsNotAllocated) {
  NpzWriter writer;
  writer.AddMember("images.npy",
                   FormatNpyHeader("|u1", false, {1000000000, 1000000000, 1000}) + "xyz",
                   ZipCompression::kStore);
  const std::string path = TestFilePath("huge_shape.npz");
  ASSERT_TRUE(writer.Write(path).ok());
  ExpectStatus(ReadImages(path, {DType::kUint8, {kAnyExtent, kAnyExtent, kAnyExtent}}),
               absl::StatusCode::kDataLoss, {path, "implausibly large"});
}

TEST(NpzBadFileTest, BrokenNpyHeaderInsideTheMember) {
  NpzWriter writer;
  writer.AddMember("images.npy", "not an npy array at all", ZipCompression::kDeflate);
  const std::string path = TestFilePath("bad_magic.npz");
  ASSERT_TRUE(writer.Write(path).ok());
  ExpectStatus(ReadImages(path), absl::StatusCode::kDataLoss,
               {path, "array 'images'", "not a .npy array"});
}

TEST(NpzBadFileTest, CorruptStoredMemberFailsItsCrc) {
  absl::StatusOr<std::string> archive = SampleWriter(Sample()).Archive();
  ASSERT_TRUE(archive.ok());
  // The stored member's data appear verbatim: flip one byte of the array, past the header.
  const size_t offset = MemberDataOffset(*archive, "images.npy") + 128 + 10;
  (*archive)[offset] ^= 0x40;
  const std::string path = WriteBytes("corrupt_stored.npz", *archive);
  ExpectStatus(ReadImages(path), absl::StatusCode::kDataLoss,
               {path, "array 'images'", "corrupt member", "CRC"});
}

TEST(NpzBadFileTest, CorruptDeflatedMember) {
  NpzWriter writer;
  ASSERT_TRUE(writer
                  .AddArray("images", DType::kUint8, {64, 64, 3}, PatternBytes(64 * 64 * 3),
                            ZipCompression::kDeflate)
                  .ok());
  absl::StatusOr<std::string> archive = writer.Archive();
  ASSERT_TRUE(archive.ok());
  const size_t offset = MemberDataOffset(*archive, "images.npy");
  for (size_t i = offset + 10; i < offset + 20; ++i) (*archive)[i] ^= 0x5a;
  const std::string path = WriteBytes("corrupt_deflated.npz", *archive);
  ExpectStatus(ReadImages(path, {DType::kUint8, {64, 64, 3}}), absl::StatusCode::kDataLoss,
               {path, "array 'images'"});
}

}  // namespace
}  // namespace lambdabeta::data
