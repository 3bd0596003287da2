#include "common/io/mapped_region.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/io/files.h"
#include "common/io/process_maps.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lambdabeta {
namespace {

using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  return absl::StrCat(::testing::TempDir(), "/", name);
}

// Bytes with no short period, so that an off-by-some offset shows.
std::string Pattern(size_t size) {
  std::string bytes(size, '\0');
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 7 + i / 251) & 0xff);
  return bytes;
}

TEST(MappedRegionTest, MapsAnyByteRangeAndUnmapsOnDestruction) {
  const std::string path = TempPath("region.bin");
  const std::string bytes = Pattern(3 * 4096 + 123);
  ASSERT_TRUE(WriteFileAtomically(path, bytes).ok());
  // Offsets on and off page boundaries, up to the very end of the file.
  for (const auto& [offset, size] : std::vector<std::pair<int64_t, int64_t>>{
           {0, 10}, {4096, 4096}, {4095, 2}, {5000, 7000}, {0, 12411}, {12400, 11}}) {
    absl::StatusOr<std::unique_ptr<const MappedRegion>> region =
        MappedRegion::Map(path, offset, size, MappedRegion::Access::kAll);
    ASSERT_TRUE(region.ok()) << region.status();
    ASSERT_EQ((*region)->size(), size);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>((*region)->data()), size),
              bytes.substr(offset, size))
        << offset << " " << size;
    (*region)->Advise(MappedRegion::Access::kScattered);  // advice: the bytes stay the same
    EXPECT_EQ(std::string(reinterpret_cast<const char*>((*region)->data()), size),
              bytes.substr(offset, size));
    EXPECT_EQ(MappingsOf(path), 1);
    region->reset();
    EXPECT_EQ(MappingsOf(path), 0) << "still mapped after destruction";
  }
}

TEST(MappedRegionTest, ScatteredAccessTurnsReadAroundOff) {
  const std::string path = TempPath("advice.bin");
  ASSERT_TRUE(WriteFileAtomically(path, Pattern(3 * 4096)).ok());
  for (const MappedRegion::Access access :
       {MappedRegion::Access::kAll, MappedRegion::Access::kScattered}) {
    absl::StatusOr<std::unique_ptr<const MappedRegion>> region =
        MappedRegion::Map(path, 100, 8000, access);
    ASSERT_TRUE(region.ok()) << region.status();
    const std::string flags = VmFlagsOf(path);
    ASSERT_THAT(flags, HasSubstr("rd"));  // readable: the flags are this map's
    EXPECT_EQ(flags.find(" rr") != std::string::npos, access == MappedRegion::Access::kScattered)
        << flags;
    // And back.
    const MappedRegion::Access other = access == MappedRegion::Access::kAll
                                           ? MappedRegion::Access::kScattered
                                           : MappedRegion::Access::kAll;
    (*region)->Advise(other);
    EXPECT_EQ(VmFlagsOf(path).find(" rr") != std::string::npos,
              other == MappedRegion::Access::kScattered);
  }
}

TEST(MappedRegionTest, EmptyRegionNeedsNoMap) {
  const std::string path = TempPath("empty_region.bin");
  ASSERT_TRUE(WriteFileAtomically(path, "abc").ok());
  absl::StatusOr<std::unique_ptr<const MappedRegion>> region =
      MappedRegion::Map(path, 3, 0, MappedRegion::Access::kScattered);
  ASSERT_TRUE(region.ok()) << region.status();
  EXPECT_EQ((*region)->size(), 0);
  EXPECT_NE((*region)->data(), nullptr);
  (*region)->Advise(MappedRegion::Access::kAll);  // nothing to advise
  EXPECT_EQ(MappingsOf(path), 0);
}

TEST(MappedRegionTest, RefusesRegionsPastTheEndOfTheFile) {
  // Mapping them would succeed, and touching the pages past the end would raise SIGBUS.
  const std::string path = TempPath("short.bin");
  ASSERT_TRUE(WriteFileAtomically(path, Pattern(10000)).ok());
  for (const auto& [offset, size] : std::vector<std::pair<int64_t, int64_t>>{
           {0, 10001}, {9999, 2}, {10001, 0}, {5000, int64_t{1} << 40}, {1, INT64_MAX}}) {
    absl::StatusOr<std::unique_ptr<const MappedRegion>> region =
        MappedRegion::Map(path, offset, size, MappedRegion::Access::kScattered);
    ASSERT_FALSE(region.ok()) << offset << " " << size;
    EXPECT_EQ(region.status().code(), absl::StatusCode::kDataLoss) << region.status();
    EXPECT_THAT(std::string(region.status().message()), HasSubstr(path));
    EXPECT_THAT(std::string(region.status().message()), HasSubstr("has 10000 bytes"));
  }
  EXPECT_EQ(MappedRegion::Map(path, -1, 5, MappedRegion::Access::kScattered).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MappingsOf(path), 0);
}

TEST(MappedRegionTest, MissingFile) {
  const std::string path = TempPath("no_such_file.bin");
  absl::StatusOr<std::unique_ptr<const MappedRegion>> region =
      MappedRegion::Map(path, 0, 1, MappedRegion::Access::kScattered);
  EXPECT_EQ(region.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(region.status().message()), HasSubstr(path));
}

}  // namespace
}  // namespace lambdabeta
