#include "pipeline/data/npy.h"

#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lambdabeta::data {
namespace {

using ::testing::HasSubstr;

class StringReader : public ByteReader {
 public:
  explicit StringReader(std::string bytes) : bytes_(std::move(bytes)) {}
  absl::Status ReadExactly(void* destination, size_t size) override {
    if (position_ + size > bytes_.size()) {
      return absl::DataLossError(
          absl::StrCat("test.npy: ends after ", bytes_.size(), " bytes (truncated)"));
    }
    std::memcpy(destination, bytes_.data() + position_, size);
    position_ += size;
    return absl::OkStatus();
  }

 private:
  std::string bytes_;
  size_t position_ = 0;
};

absl::StatusOr<NpyHeader> Parse(const std::string& bytes) {
  StringReader reader(bytes);
  return ReadNpyHeader(reader, "test.npy");
}

// A header with the given version and dict, built by hand from the format's description.
std::string RawHeader(int major, const std::string& dict) {
  std::string header("\x93NUMPY", 6);
  header.push_back(static_cast<char>(major));
  header.push_back('\0');
  const size_t length = dict.size();
  const int length_bytes = major == 1 ? 2 : 4;
  for (int i = 0; i < length_bytes; ++i)
    header.push_back(static_cast<char>((length >> (8 * i)) & 0xff));
  return header + dict;
}

TEST(NpyTest, FormatMatchesTheFormatSpecificationByteForByte) {
  // NumPy's layout: magic, version 1.0, little-endian uint16 length, the dict, spaces and a
  // newline up to a multiple of 64 bytes. 10 + 59 + 1 = 70 bytes -> padded to 128.
  const std::string dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }";
  ASSERT_EQ(dict.size(), 59u);
  const std::string expected = std::string("\x93NUMPY\x01\x00", 8) + std::string("\x76\x00", 2) +
                               dict + std::string(58, ' ') + "\n";
  ASSERT_EQ(expected.size(), 128u);
  EXPECT_EQ(FormatNpyHeader("|u1", false, {2, 3}), expected);
}

TEST(NpyTest, RoundTripsTheHeadersWeWrite) {
  for (const auto& shape : std::vector<std::vector<int64_t>>{{737280, 64, 64}, {5}, {}, {0, 6}}) {
    const std::string header = FormatNpyHeader("<f8", false, shape);
    EXPECT_EQ(header.size() % 64, 0u);
    absl::StatusOr<NpyHeader> parsed = Parse(header);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(parsed->descr, "<f8");
    EXPECT_FALSE(parsed->fortran_order);
    EXPECT_EQ(parsed->shape, shape);
    EXPECT_EQ(parsed->header_bytes, static_cast<int64_t>(header.size()));
  }
}

TEST(NpyTest, ReadsVersions2And3AndPython2Longs) {
  const std::string dict = "{'shape': (737280L, 6L), 'fortran_order': False, 'descr': '<i8'}\n";
  for (int major : {2, 3}) {
    absl::StatusOr<NpyHeader> parsed = Parse(RawHeader(major, dict));
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(parsed->descr, "<i8");
    EXPECT_EQ(parsed->shape, (std::vector<int64_t>{737280, 6}));
    EXPECT_EQ(parsed->header_bytes, static_cast<int64_t>(12 + dict.size()));
  }
}

TEST(NpyTest, ReadsFortranOrderAndDoubleQuotes) {
  absl::StatusOr<NpyHeader> parsed =
      Parse(RawHeader(1, "{\"descr\": \"<f8\", \"fortran_order\": True, \"shape\": (3,), }"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->fortran_order);
  EXPECT_EQ(parsed->shape, std::vector<int64_t>{3});
}

TEST(NpyTest, RejectsMalformedHeaders) {
  const std::string good = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";
  struct Case {
    std::string bytes;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"PK\x03\x04 not npy at all", "bad magic"},
      {RawHeader(4, good), "unsupported format version 4.0"},
      {RawHeader(1, good).substr(0, 30), "truncated"},
      {RawHeader(1, "{'descr': '<f8', 'fortran_order': False}"), "no 'shape' key"},
      {RawHeader(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'x': 1}"),
       "unexpected key 'x'"},
      {RawHeader(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (-3,), }"),
       "non-negative integers"},
      {RawHeader(1, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (3,), }"),
       "structured dtype"},
      {RawHeader(1, "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (3,), }"),
       "not True or False"},
      {RawHeader(1, good + " junk"), "text after the closing"},
      {RawHeader(1, "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': ()}"),
       "appears twice"},
      {RawHeader(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4"), "not closed"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<NpyHeader> parsed = Parse(c.bytes);
    ASSERT_FALSE(parsed.ok()) << c.message;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kDataLoss) << parsed.status();
    EXPECT_THAT(parsed.status().message(), HasSubstr("test.npy"));
    EXPECT_THAT(parsed.status().message(), HasSubstr(c.message));
  }
}

TEST(NpyTest, ChecksOrderTypeAndShapeAgainstTheSpec) {
  NpyHeader header{"<f8", false, {10, 6}, 128};
  EXPECT_TRUE(CheckNpyHeader(header, {DType::kFloat64, {10, 6}}, "a").ok());
  EXPECT_TRUE(CheckNpyHeader(header, {DType::kFloat64, {kAnyExtent, 6}}, "a").ok());

  absl::Status status = CheckNpyHeader(header, {DType::kUint8, {10, 6}}, "x.npz: array 'a'");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(),
              HasSubstr("x.npz: array 'a': element type is '<f8', expected uint8"));

  status = CheckNpyHeader(header, {DType::kFloat64, {10, 7}}, "a");
  EXPECT_THAT(status.message(), HasSubstr("shape is (10, 6), expected (10, 7)"));
  status = CheckNpyHeader(header, {DType::kFloat64, {10}}, "a");
  EXPECT_THAT(status.message(), HasSubstr("shape is (10, 6), expected (10,)"));

  header.fortran_order = true;
  status = CheckNpyHeader(header, {DType::kFloat64, {10, 6}}, "a");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("Fortran order"));

  // Big-endian or single-precision files are not silently reinterpreted.
  for (const char* descr : {">f8", "<f4", "|O"}) {
    header = {descr, false, {10, 6}, 128};
    EXPECT_FALSE(CheckNpyHeader(header, {DType::kFloat64, {10, 6}}, "a").ok()) << descr;
  }
}

TEST(NpyTest, NpyBytesChecksTheDataSize) {
  absl::StatusOr<std::string> bytes = NpyBytes(DType::kInt64, {2, 3}, std::string(48, '\0'));
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->size(), 128u + 48u);
  bytes = NpyBytes(DType::kInt64, {2, 3}, std::string(47, '\0'));
  EXPECT_EQ(bytes.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bytes.status().message(), HasSubstr("needs 48 bytes of data, got 47"));
}

}  // namespace
}  // namespace lambdabeta::data
