#include "pipeline/evaluate/reconstructions.h"

#include <cstdlib>
#include <string>

#include "common/io/files.h"
#include "gtest/gtest.h"

namespace lambdabeta::evaluate {
namespace {

std::string TempPath(const std::string& name) {
  return std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
}

ReconstructionSet SmallSet() {
  ReconstructionSet set;
  set.dataset = SHAPES3D;
  set.beta = 0.1;  // not exact in binary: must survive the round trip
  set.lambda = 16;
  set.seed = 3;
  set.height = 2;
  set.width = 3;
  set.channels = 3;
  set.originals = {{0, 1, 2, 3, 4, 5}, {16777215, 0, 65536, 256, 1, 7}};
  set.reconstructions = {{5, 4, 3, 2, 1, 0}, {9, 9, 9, 9, 9, 9}};
  return set;
}

TEST(PackRgb, RoundsAndClampsEachChannel) {
  EXPECT_EQ(PackRgb(1, 0, 0), 255u << 16);
  EXPECT_EQ(PackRgb(0, 1, 0), 255u << 8);
  EXPECT_EQ(PackRgb(0, 0, 1), 255u);
  EXPECT_EQ(PackRgb(0.5, 0.5, 0.5), 128u * 65536 + 128u * 256 + 128u);  // 127.5 rounds up
  EXPECT_EQ(PackRgb(-3, 2, 0.2), 255u * 256 + 51u);
}

TEST(Reconstructions, RoundTrip) {
  const std::string path = TempPath("round_trip.dat");
  ASSERT_TRUE(WriteReconstructions(path, SmallSet()).ok());
  absl::StatusOr<ReconstructionSet> read = ReadReconstructions(path);
  ASSERT_TRUE(read.ok()) << read.status();
  const ReconstructionSet expected = SmallSet();
  EXPECT_EQ(read->dataset, SHAPES3D);
  EXPECT_EQ(read->beta, expected.beta);
  EXPECT_EQ(read->lambda, 16);
  EXPECT_EQ(read->seed, 3u);
  EXPECT_EQ(read->height, 2);
  EXPECT_EQ(read->width, 3);
  EXPECT_EQ(read->channels, 3);
  EXPECT_EQ(read->originals, expected.originals);
  EXPECT_EQ(read->reconstructions, expected.reconstructions);
}

TEST(Reconstructions, FileIsTabSeparatedRowsInGnuplotBlocks) {
  const std::string path = TempPath("layout.dat");
  ASSERT_TRUE(WriteReconstructions(path, SmallSet()).ok());
  absl::StatusOr<std::string> text = ReadFile(path);
  ASSERT_TRUE(text.ok());
  // Block 0 right after the comments, then two blank lines before each further block.
  EXPECT_NE(text->find("top\n# row first"), std::string::npos);
  EXPECT_NE(text->find("B in 0..255).\n0\t1\t2\n3\t4\t5\n\n\n5\t4\t3\n2\t1\t0\n\n\n16777215\t0"),
            std::string::npos)
      << *text;
}

TEST(Reconstructions, WriterRefusesMismatchedImages) {
  ReconstructionSet set = SmallSet();
  set.reconstructions.pop_back();
  EXPECT_FALSE(WriteReconstructions(TempPath("bad1.dat"), set).ok());
  set = SmallSet();
  set.originals[1].pop_back();
  absl::Status s = WriteReconstructions(TempPath("bad2.dat"), set);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("image 1 has 5 pixels"), std::string::npos) << s;
}

// Each corruption of a good file must fail with the file's name and the problem.
TEST(Reconstructions, ReaderNamesTheFileAndTheFault) {
  const std::string good_path = TempPath("good.dat");
  ASSERT_TRUE(WriteReconstructions(good_path, SmallSet()).ok());
  const std::string good = *ReadFile(good_path);
  struct Case {
    std::string from, to, expected;
  };
  const Case cases[] = {
      {"# lambdabeta reconstructions v1", "# something else", "not a reconstruction file"},
      {"seed=3", "seed=x", "missing or bad field"},
      {"0\t1\t2\n", "0\t1\n", "2 values, not 3"},
      {"3\t4\t5\n", "3\t4\tz\n", "'z' is not a packed RGB value"},
      {"3\t4\t5\n", "3\t4\t16777216\n", "not a packed RGB value"},
      {"images=2", "images=3", "4 image blocks, expected 2 x 3"},
      {"5\t4\t3\n2\t1\t0\n", "5\t4\t3\n", "image block has 1 rows, not 2"},
  };
  for (const Case& c : cases) {
    std::string text = good;
    const size_t at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    text.replace(at, c.from.size(), c.to);
    const std::string path = TempPath("corrupt.dat");
    ASSERT_TRUE(WriteFileAtomically(path, text).ok());
    absl::StatusOr<ReconstructionSet> read = ReadReconstructions(path);
    ASSERT_FALSE(read.ok()) << "accepted: " << c.to;
    EXPECT_NE(read.status().message().find(path), std::string::npos) << read.status();
    EXPECT_NE(read.status().message().find(c.expected), std::string::npos) << read.status();
  }
  EXPECT_FALSE(ReadReconstructions(TempPath("missing.dat")).ok());
}

}  // namespace
}  // namespace lambdabeta::evaluate
