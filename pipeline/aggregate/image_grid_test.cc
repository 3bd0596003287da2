#include "pipeline/aggregate/image_grid.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "pipeline/aggregate/test_results.h"
#include "pipeline/evaluate/reconstructions.h"

namespace lambdabeta::aggregate {
namespace {

using testing::Rows;
using testing::SmallConfig;

TEST(Figure7Data, LaysOutInputsAndReconstructionsPerDataset) {
  const DeepStudyConfig config = SmallConfig();
  const std::vector<std::string> paths =
      testing::WriteAllReconstructions(config, testing::TempDir("grid"));
  absl::StatusOr<std::string> data = Figure7Data(config, paths);
  ASSERT_TRUE(data.ok()) << data.status();
  const std::vector<Rows> blocks = testing::ReadBlocks(*data);
  ASSERT_EQ(blocks.size(), 3u);  // 2 datasets + labels

  // Images are 2 x 3; 2 columns, 3 rows (inputs + 2 settings), gaps of kTileGap.
  const int width = 2 * 3 + kTileGap, height = 3 * 2 + 2 * kTileGap;
  const Rows& labels = blocks[2];
  ASSERT_EQ(labels.size(), 2u * (2 + 3));
  EXPECT_EQ(labels[0], (std::vector<std::string>{"0", "2", std::to_string(width),
                                                 std::to_string(height), "size"}));
  EXPECT_EQ(labels[1][4], "dSprites");
  EXPECT_EQ(labels[2][4], "input");
  EXPECT_EQ(labels[4][4], "β = 16, λ = 8");
  EXPECT_EQ(labels[4][3], std::to_string(2 * (2 + kTileGap) + 1));  // row 2's centre
  EXPECT_EQ(labels[6][4], "Shapes3D");

  for (int d = 0; d < 2; ++d) {
    const Rows& grid = blocks[d];
    ASSERT_EQ(static_cast<int>(grid.size()), height);
    for (const auto& row : grid) ASSERT_EQ(static_cast<int>(row.size()), width);
    // Pixel (r, c) of tile (row, column) sits at (row * (2 + gap) + r, column * (3 + gap) + c).
    auto at = [&](int tile_row, int column, int r, int c) {
      return grid[tile_row * (2 + kTileGap) + r][column * (3 + kTileGap) + c];
    };
    EXPECT_EQ(at(0, 1, 1, 2), std::to_string(1000 * d + 100 * 1 + 5));  // input 1, pixel 5
    EXPECT_EQ(at(2, 0, 0, 1), std::to_string(100000 + 10000 * d + 1000 * 1 + 1));
    EXPECT_EQ(grid[2][0], "16777215");  // the gap below the inputs is white
    EXPECT_EQ(grid[0][3], "16777215");  // and between columns
  }
}

TEST(Figure7Data, RefusesWrongFilesNamingThem) {
  const DeepStudyConfig config = SmallConfig();
  const std::string dir = testing::TempDir("bad_grid");
  std::vector<std::string> paths = testing::WriteAllReconstructions(config, dir);

  absl::StatusOr<std::string> short_list =
      Figure7Data(config, std::vector<std::string>(paths.begin(), paths.end() - 1));
  ASSERT_FALSE(short_list.ok());
  EXPECT_NE(short_list.status().message().find("lists 3 files; the config asks for 4"),
            std::string::npos)
      << short_list.status();

  std::vector<std::string> swapped = paths;
  std::swap(swapped[0], swapped[1]);
  absl::StatusOr<std::string> order = Figure7Data(config, swapped);
  ASSERT_FALSE(order.ok());
  EXPECT_NE(order.status().message().find(paths[1] + " holds dataset=DSPRITES beta=16 lambda=8"),
            std::string::npos)
      << order.status();

  evaluate::ReconstructionSet other_seed = testing::MakeReconstructions(SHAPES3D, 1, 16, 8, 1, 2);
  other_seed.seed = 1;
  ASSERT_TRUE(evaluate::WriteReconstructions(paths[3], other_seed).ok());
  absl::StatusOr<std::string> seed = Figure7Data(config, paths);
  ASSERT_FALSE(seed.ok());
  EXPECT_NE(seed.status().message().find("seed=1"), std::string::npos) << seed.status();

  // Other evaluation images than the dataset's first file: the sample was not shared.
  evaluate::ReconstructionSet moved = testing::MakeReconstructions(SHAPES3D, 1, 16, 8, 1, 2);
  moved.originals[1][0] += 1;
  ASSERT_TRUE(evaluate::WriteReconstructions(paths[3], moved).ok());
  absl::StatusOr<std::string> images = Figure7Data(config, paths);
  ASSERT_FALSE(images.ok());
  EXPECT_NE(images.status().message().find("show different evaluation images"), std::string::npos)
      << images.status();

  evaluate::ReconstructionSet few = testing::MakeReconstructions(SHAPES3D, 1, 16, 8, 1, 1);
  ASSERT_TRUE(evaluate::WriteReconstructions(paths[3], few).ok());
  absl::StatusOr<std::string> count = Figure7Data(config, paths);
  ASSERT_FALSE(count.ok());
  EXPECT_NE(count.status().message().find("holds 1 images, the config asks for 2"),
            std::string::npos)
      << count.status();
}

}  // namespace
}  // namespace lambdabeta::aggregate
