#include "pipeline/data/h5.h"

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/data/h5_writer.h"
#include "pipeline/data/test_files.h"

namespace lambdabeta::data {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A Shapes3D-like file in miniature: `images` uint8 (6, 4, 4, 3), `labels` float64 (6, 2).
struct Sample {
  std::vector<uint8_t> images = PatternBytes(6 * 4 * 4 * 3);
  std::vector<double> labels = {0.0, 0.75, 0.1,       1.25,   0.2, -30.0,
                                0.3, 30.0, 1.0 / 3.0, 1e-300, 0.9, 4.0};
  std::vector<int64_t> ids = {-5, 0, INT64_MAX, INT64_MIN, 7, 8};
};

std::string WriteSample(const std::string& name, const Sample& sample) {
  const std::string path = TestFilePath(name);
  const absl::Status status =
      WriteH5(path, {{"images", DType::kUint8, {6, 4, 4, 3}, AsBytes(sample.images)},
                     {"labels", DType::kFloat64, {6, 2}, AsBytes(sample.labels)},
                     {"ids", DType::kInt64, {6}, AsBytes(sample.ids)}});
  EXPECT_TRUE(status.ok()) << status;
  return path;
}

std::unique_ptr<H5Reader> OpenOrDie(const std::string& path) {
  absl::StatusOr<std::unique_ptr<H5Reader>> reader = H5Reader::Open(path);
  EXPECT_TRUE(reader.ok()) << reader.status();
  return reader.ok() ? *std::move(reader) : nullptr;
}

TEST(H5Test, ReadsEachTypeBack) {
  const Sample sample;
  std::unique_ptr<H5Reader> reader = OpenOrDie(WriteSample("sample.h5", sample));
  ASSERT_NE(reader, nullptr);

  std::vector<uint8_t> images;
  absl::StatusOr<std::vector<int64_t>> shape =
      reader->ReadDataset("images", {DType::kUint8, {6, 4, 4, 3}}, &images);
  ASSERT_TRUE(shape.ok()) << shape.status();
  EXPECT_THAT(*shape, ElementsAre(6, 4, 4, 3));
  EXPECT_EQ(images, sample.images);

  std::vector<double> labels;
  ASSERT_TRUE(reader->ReadDataset("labels", {DType::kFloat64, {kAnyExtent, 2}}, &labels).ok());
  ASSERT_EQ(labels.size(), sample.labels.size());
  EXPECT_EQ(std::memcmp(labels.data(), sample.labels.data(), labels.size() * sizeof(double)), 0);

  std::vector<int64_t> ids;
  ASSERT_TRUE(reader->ReadDataset("ids", {DType::kInt64, {6}}, &ids).ok());
  EXPECT_EQ(ids, sample.ids);
}

TEST(H5Test, ReadsBigChunkedDatasetsInManyHyperslabs) {
  // Over 64 MB, so the read goes in several hyperslabs whose edges do not match the chunks.
  const int64_t rows = 1100;
  const std::vector<uint8_t> big = PatternBytes(rows * 256 * 256);
  for (int64_t chunk_rows : {0, 7}) {
    const std::string path = TestFilePath("big.h5");
    ASSERT_TRUE(
        WriteH5(path, {{"big", DType::kUint8, {rows, 256, 256}, AsBytes(big), chunk_rows}}).ok());
    std::unique_ptr<H5Reader> reader = OpenOrDie(path);
    ASSERT_NE(reader, nullptr);
    std::vector<uint8_t> read;
    ASSERT_TRUE(reader->ReadDataset("big", {DType::kUint8, {rows, 256, 256}}, &read, true).ok());
    EXPECT_TRUE(read == big) << "chunk_rows " << chunk_rows;
  }
}

// --- Mapping contiguous datasets in place.

constexpr MappedRegion::Access kAccess = MappedRegion::Access::kScattered;

std::vector<uint8_t> MappedBytes(const MappedArray& array) {
  return {array.bytes->data(), array.bytes->data() + array.bytes->size()};
}

TEST(H5MapTest, MapsContiguousDatasetsToTheBytesAReadGives) {
  const std::vector<uint8_t> big = PatternBytes(3 * 5000);
  // With a user block, HDF5's addresses start 1024 bytes into the file.
  for (const int64_t user_block : {0, 1024}) {
    const std::string path = TestFilePath("map_contiguous.h5");
    ASSERT_TRUE(WriteH5(path,
                        {{"labels", DType::kFloat64, {2}, AsBytes(std::vector<double>{1, 2})},
                         {"images", DType::kUint8, {3, 50, 100}, AsBytes(big)}},
                        user_block)
                    .ok());
    std::unique_ptr<H5Reader> reader = OpenOrDie(path);
    ASSERT_NE(reader, nullptr);
    absl::StatusOr<std::optional<MappedArray>> mapped =
        reader->MapDataset("images", {DType::kUint8, {3, kAnyExtent, 100}}, kAccess);
    ASSERT_TRUE(mapped.ok()) << mapped.status();
    ASSERT_TRUE(mapped->has_value()) << "user block " << user_block;
    EXPECT_THAT((*mapped)->shape, ElementsAre(3, 50, 100));
    std::vector<uint8_t> read;
    ASSERT_TRUE(reader->ReadDataset("images", {DType::kUint8, {3, 50, 100}}, &read).ok());
    EXPECT_TRUE(read == big);
    EXPECT_TRUE(MappedBytes(**mapped) == read) << "user block " << user_block;
    reader.reset();  // the map outlives the HDF5 file handle
    EXPECT_TRUE(MappedBytes(**mapped) == big);
  }
}

TEST(H5MapTest, ChunkedDatasetsAreNotMapped) {
  const std::vector<uint8_t> images = PatternBytes(6 * 4 * 4 * 3);
  const std::string path = TestFilePath("map_chunked.h5");
  ASSERT_TRUE(
      WriteH5(path, {{"images", DType::kUint8, {6, 4, 4, 3}, AsBytes(images), /*chunk_rows=*/2}})
          .ok());
  absl::StatusOr<std::optional<MappedArray>> mapped =
      OpenOrDie(path)->MapDataset("images", {DType::kUint8, {6, 4, 4, 3}}, kAccess);
  ASSERT_TRUE(mapped.ok()) << mapped.status();
  EXPECT_FALSE(mapped->has_value());
}

TEST(H5MapTest, ChecksComeFirstAndOnlyUint8Maps) {
  const std::string path = WriteSample("map_checks.h5", Sample());
  std::unique_ptr<H5Reader> reader = OpenOrDie(path);
  ExpectStatus(reader->MapDataset("images", {DType::kUint8, {6, 4, 4, 4}}, kAccess).status(),
               absl::StatusCode::kInvalidArgument, {path, "dataset 'images'", "shape is"});
  ExpectStatus(reader->MapDataset("pictures", {DType::kUint8, {6, 4, 4, 3}}, kAccess).status(),
               absl::StatusCode::kNotFound, {path, "no dataset 'pictures'"});
  EXPECT_EQ(reader->MapDataset("labels", {DType::kFloat64, {6, 2}}, kAccess).status().code(),
            absl::StatusCode::kInternal);
}

TEST(H5MapTest, DatasetPastTheEndOfTheFileIsAnErrorNotACrash) {
  // The data of a contiguous dataset written last lie at the end of the file: cut them short,
  // and patch the end-of-file address in the superblock (version 0: 8 bytes at offset 40) so
  // that HDF5 itself still opens the file.
  const std::vector<uint8_t> images = PatternBytes(6 * 4 * 4 * 3);
  const std::string whole = TestFilePath("map_whole.h5");
  ASSERT_TRUE(WriteH5(whole, {{"images", DType::kUint8, {6, 4, 4, 3}, AsBytes(images)}}).ok());
  absl::StatusOr<std::string> bytes = ReadFile(whole);
  ASSERT_TRUE(bytes.ok());
  ASSERT_EQ(bytes->substr(bytes->size() - images.size()), std::string(images.begin(), images.end()))
      << "the data are not at the end of the file";
  ASSERT_EQ((*bytes)[8], 0) << "not a version 0 superblock";
  uint64_t end_of_file = 0;
  std::memcpy(&end_of_file, bytes->data() + 40, 8);
  ASSERT_EQ(end_of_file, bytes->size()) << "no end-of-file address at offset 40";
  std::string cut = bytes->substr(0, bytes->size() - 10);
  end_of_file = cut.size();
  std::memcpy(cut.data() + 40, &end_of_file, 8);
  const std::string path = TestFilePath("map_cut.h5");
  ASSERT_TRUE(WriteFileAtomically(path, cut).ok());

  absl::StatusOr<std::unique_ptr<H5Reader>> reader = H5Reader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  ExpectStatus((*reader)->MapDataset("images", {DType::kUint8, {6, 4, 4, 3}}, kAccess).status(),
               absl::StatusCode::kDataLoss,
               {path, "bytes, but its data should lie in bytes", "dataset 'images'"});
}

// --- Bad files: each gives a clear error that names the file (and the dataset), and HDF5
// prints nothing of its own.

absl::Status ReadLabels(const std::string& path,
                        const ArraySpec& spec = {DType::kFloat64, {6, 2}}) {
  ASSIGN_OR_RETURN(std::unique_ptr<H5Reader> reader, H5Reader::Open(path));
  std::vector<double> labels;
  return reader->ReadDataset("labels", spec, &labels).status();
}

void ExpectError(const std::string& path, const ArraySpec& spec, absl::StatusCode code,
                 const std::vector<std::string>& fragments) {
  ::testing::internal::CaptureStderr();
  const absl::Status status = ReadLabels(path, spec);
  const std::string printed = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(printed, "") << "HDF5 printed its error stack";
  ExpectStatus(status, code, fragments);
  EXPECT_THAT(std::string(status.message()), HasSubstr(path));
}

const ArraySpec kLabels = {DType::kFloat64, {6, 2}};

TEST(H5BadFileTest, MissingFile) {
  ExpectError(TestFilePath("does_not_exist.h5"), kLabels, absl::StatusCode::kNotFound,
              {"no such file"});
}

TEST(H5BadFileTest, NotAnHdf5File) {
  const std::string path = TestFilePath("text.h5");
  ASSERT_TRUE(WriteFileAtomically(path, "just some text, not HDF5\n").ok());
  ExpectError(path, kLabels, absl::StatusCode::kDataLoss, {"not an HDF5 file"});
}

TEST(H5BadFileTest, TruncatedFile) {
  const std::string whole = WriteSample("whole.h5", Sample());
  absl::StatusOr<std::string> bytes = ReadFile(whole);
  ASSERT_TRUE(bytes.ok());
  const std::string path = TestFilePath("truncated.h5");
  ASSERT_TRUE(WriteFileAtomically(path, bytes->substr(0, bytes->size() / 2)).ok());
  ExpectError(path, kLabels, absl::StatusCode::kDataLoss, {"HDF5: "});
}

TEST(H5BadFileTest, MissingDatasetListsWhatIsThere) {
  const std::string path = TestFilePath("no_labels.h5");
  const std::vector<uint8_t> images = PatternBytes(6 * 4 * 4 * 3);
  ASSERT_TRUE(WriteH5(path, {{"images", DType::kUint8, {6, 4, 4, 3}, AsBytes(images)}}).ok());
  ExpectError(path, kLabels, absl::StatusCode::kNotFound,
              {"no dataset 'labels'", "the file has: images"});
}

TEST(H5BadFileTest, WrongType) {
  const std::string path = TestFilePath("int_labels.h5");
  const std::vector<int64_t> labels(12, 1);
  ASSERT_TRUE(WriteH5(path, {{"labels", DType::kInt64, {6, 2}, AsBytes(labels)}}).ok());
  ExpectError(path, kLabels, absl::StatusCode::kInvalidArgument,
              {"dataset 'labels'", "element type is int64, expected float64"});
}

TEST(H5BadFileTest, WrongShape) {
  const std::string path = WriteSample("shape.h5", Sample());
  ExpectError(path, {DType::kFloat64, {6, 3}}, absl::StatusCode::kInvalidArgument,
              {"dataset 'labels'", "shape is (6, 2), expected (6, 3)"});
}

}  // namespace
}  // namespace lambdabeta::data
