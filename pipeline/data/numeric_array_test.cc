#include "pipeline/data/numeric_array.h"

#include <cstdint>
#include <string>
#include <vector>

#include "common/io/files.h"
#include "gtest/gtest.h"
#include "pipeline/data/npy.h"
#include "pipeline/data/npz.h"
#include "pipeline/data/test_files.h"

namespace lambdabeta::data {
namespace {

// Writes `values` as a .npy file of `dtype` through NpyBytes (the writer the npy tests check
// byte for byte against the format) and returns its path.
template <typename T>
std::string WriteNpy(const std::string& name, DType dtype, const std::vector<int64_t>& shape,
                     const std::vector<T>& values) {
  const std::string path = TestFilePath(name);
  absl::StatusOr<std::string> bytes = NpyBytes(dtype, shape, AsBytes(values));
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_TRUE(WriteFileAtomically(path, *bytes).ok());
  return path;
}

TEST(NumericArrayTest, ReadsEveryElementTypeAsDoubles) {
  const std::vector<double> expected = {0, 1, 2, 250, 7, 3};
  std::vector<NumericArray> arrays;
  for (const std::string& path :
       {WriteNpy<uint8_t>("u1.npy", DType::kUint8, {2, 3}, {0, 1, 2, 250, 7, 3}),
        WriteNpy<int32_t>("i4.npy", DType::kInt32, {2, 3}, {0, 1, 2, 250, 7, 3}),
        WriteNpy<int64_t>("i8.npy", DType::kInt64, {2, 3}, {0, 1, 2, 250, 7, 3}),
        WriteNpy<float>("f4.npy", DType::kFloat32, {2, 3}, {0, 1, 2, 250, 7, 3}),
        WriteNpy<double>("f8.npy", DType::kFloat64, {2, 3}, {0, 1, 2, 250, 7, 3})}) {
    absl::StatusOr<NumericArray> array = ReadNumericArray(path);
    ASSERT_TRUE(array.ok()) << array.status();
    EXPECT_EQ(array->where, path);
    EXPECT_EQ(array->file, path);
    EXPECT_EQ(array->shape, (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(array->values, expected) << path;
    arrays.push_back(*array);
  }
  EXPECT_EQ(arrays[3].dtype, DType::kFloat32);
  EXPECT_EQ(arrays[1].dtype, DType::kInt32);
}

TEST(NumericArrayTest, Float32KeepsItsOwnRounding) {
  const std::string path = WriteNpy<float>("tenth.npy", DType::kFloat32, {1}, {0.1f});
  absl::StatusOr<NumericArray> array = ReadNumericArray(path);
  ASSERT_TRUE(array.ok()) << array.status();
  EXPECT_EQ(array->values[0], static_cast<double>(0.1f));
  EXPECT_NE(array->values[0], 0.1);
}

TEST(NumericArrayTest, ReadsTheOnlyArrayOfAnNpzOrTheNamedOne) {
  NpzWriter writer;
  ASSERT_TRUE(writer
                  .AddArray("a", DType::kFloat32, {2}, std::vector<float>{1.5f, -2},
                            ZipCompression::kDeflate)
                  .ok());
  const std::string one = TestFilePath("one.npz");
  ASSERT_TRUE(writer.Write(one).ok());
  absl::StatusOr<NumericArray> array = ReadNumericArray(one);
  ASSERT_TRUE(array.ok()) << array.status();
  EXPECT_EQ(array->values, (std::vector<double>{1.5, -2}));
  EXPECT_EQ(array->where, one + ": array 'a'");
  EXPECT_EQ(array->file, one);

  ASSERT_TRUE(writer
                  .AddArray("b", DType::kInt64, {1, 3}, std::vector<int64_t>{4, 5, 6},
                            ZipCompression::kStore)
                  .ok());
  const std::string two = TestFilePath("two.npz");
  ASSERT_TRUE(writer.Write(two).ok());
  array = ReadNumericArray(two + ":b");
  ASSERT_TRUE(array.ok()) << array.status();
  EXPECT_EQ(array->shape, (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(array->values, (std::vector<double>{4, 5, 6}));
  EXPECT_EQ(array->dtype, DType::kInt64);

  ExpectStatus(ReadNumericArray(two).status(), absl::StatusCode::kInvalidArgument,
               {two, "holds 2 arrays (a, b)", ":<array>"});
  ExpectStatus(ReadNumericArray(two + ":c").status(), absl::StatusCode::kNotFound,
               {two, "no array 'c'"});
}

TEST(NumericArrayTest, RejectsWhatItCannotReadFaithfully) {
  struct Case {
    std::string name, descr;
    bool fortran_order;
    std::vector<std::string> fragments;
  };
  const std::vector<Case> cases = {
      {"big_endian.npy", ">f8", false, {"element type '>f8'", "little-endian"}},
      {"bool.npy", "|b1", false, {"element type '|b1'"}},
      {"int16.npy", "<i2", false, {"element type '<i2'"}},
      {"fortran.npy", "<f8", true, {"Fortran order"}},
  };
  for (const Case& c : cases) {
    const std::string path = TestFilePath(c.name);
    ASSERT_TRUE(WriteFileAtomically(
                    path, FormatNpyHeader(c.descr, c.fortran_order, {2, 2}) + std::string(32, '\0'))
                    .ok());
    std::vector<std::string> fragments = c.fragments;
    fragments.push_back(path);
    ExpectStatus(ReadNumericArray(path).status(), absl::StatusCode::kInvalidArgument, fragments);
  }
}

TEST(NumericArrayTest, TruncatedOrMissingFilesNameTheFile) {
  const std::string path = TestFilePath("short.npy");
  ASSERT_TRUE(
      WriteFileAtomically(path, FormatNpyHeader("<f8", false, {2, 2}) + std::string(31, '\0'))
          .ok());
  ExpectStatus(ReadNumericArray(path).status(), absl::StatusCode::kDataLoss,
               {path, "shape (2, 2) needs 32 bytes of data, the file holds 31"});
  const std::string header_only = TestFilePath("header_only.npy");
  ASSERT_TRUE(WriteFileAtomically(header_only, std::string("\x93NUMPY\x01", 7)).ok());
  ExpectStatus(ReadNumericArray(header_only).status(), absl::StatusCode::kDataLoss,
               {header_only, "truncated"});
  ExpectStatus(ReadNumericArray(TestFilePath("absent.npy")).status(), absl::StatusCode::kNotFound,
               {"absent.npy"});
}

}  // namespace
}  // namespace lambdabeta::data
