#include "pipeline/select/tchebycheff.h"

#include <cmath>

#include "gtest/gtest.h"

namespace lambdabeta::select {
namespace {

// Hand-made grid:            NLL   MIG  | f1-bar  f2 = 1 - MIG  f2-bar
//   (beta 1,  lambda 0)      100   0.2  |  0       0.8          0.75
//   (beta 4,  lambda 0)      120   0.5  |  0.5     0.5          0
//   (beta 4,  lambda 8)      110   0.4  |  0.25    0.6          0.25
//   (beta 16, lambda 0)      140   0.1  |  1       0.9          1
const std::vector<GridCell> kGrid = {
    {1, 0, 100, 0.2}, {4, 0, 120, 0.5}, {4, 8, 110, 0.4}, {16, 0, 140, 0.1}};

TEST(TchebycheffTest, NormalisesOverTheGrid) {
  const Selection s = *SelectOperatingPoints(kGrid, {0.5}, 1e-3);
  const std::vector<double> f1 = {0, 0.5, 0.25, 1}, f2 = {0.75, 0, 0.25, 1};
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_NEAR(s.f1_normalized[k], f1[k], 1e-15);
    EXPECT_NEAR(s.f2_normalized[k], f2[k], 1e-15);
  }
}

TEST(TchebycheffTest, HandComputedScoresAndMinimisers) {
  const Selection s = *SelectOperatingPoints(kGrid, {0, 0.5, 1}, 1e-3);
  ASSERT_EQ(s.profiles.size(), 3u);
  // w1 = 0.5: S = max(0.5 f1, 0.5 f2) + 1e-3 * 0.5 (f1 + f2)
  //   = 0.375 + 0.000375, 0.25 + 0.00025, 0.125 + 0.00025, 0.5 + 0.001.
  const std::vector<double> balanced = {0.375375, 0.25025, 0.12525, 0.501};
  for (size_t k = 0; k < 4; ++k) EXPECT_NEAR(s.profiles[1].score[k], balanced[k], 1e-15);
  EXPECT_EQ(s.profiles[1].best, 2u);  // (beta 4, lambda 8)
  EXPECT_EQ(s.profiles[1].w2, 0.5);
  // w1 = 0: S = 1.001 f2-bar, minimised where MIG is largest.
  const std::vector<double> disentangle = {1.001 * 0.75, 0, 1.001 * 0.25, 1.001};
  for (size_t k = 0; k < 4; ++k) EXPECT_NEAR(s.profiles[0].score[k], disentangle[k], 1e-15);
  EXPECT_EQ(s.profiles[0].best, 1u);  // (beta 4, lambda 0)
  // w1 = 1: S = 1.001 f1-bar, minimised where NLL is smallest.
  const std::vector<double> reconstruct = {0, 1.001 * 0.5, 1.001 * 0.25, 1.001};
  for (size_t k = 0; k < 4; ++k) EXPECT_NEAR(s.profiles[2].score[k], reconstruct[k], 1e-15);
  EXPECT_EQ(s.profiles[2].best, 0u);  // (beta 1, lambda 0)
}

TEST(TchebycheffTest, AugmentationBreaksMaxTermTies) {
  // Equal max terms (0.5 * 0.5 each); the sum term prefers the cell better on the other objective.
  EXPECT_LT(AugmentedTchebycheff(0.5, 0.2, 0.5, 1e-3), AugmentedTchebycheff(0.5, 0.5, 0.5, 1e-3));
  EXPECT_EQ(AugmentedTchebycheff(0.5, 0.2, 0.5, 0), AugmentedTchebycheff(0.5, 0.5, 0.5, 0));
}

TEST(TchebycheffTest, ExactTiesGoToSmallestBetaThenLambda) {
  // At w1 = 0 only MIG counts: three cells share the best MIG.
  const std::vector<GridCell> grid = {
      {8, 4, 90, 0.6}, {4, 16, 95, 0.6}, {4, 8, 99, 0.6}, {1, 0, 80, 0.3}};
  const Selection s = *SelectOperatingPoints(grid, {0}, 1e-3);
  EXPECT_EQ(s.profiles[0].best, 2u);  // (beta 4, lambda 8)
}

TEST(TchebycheffTest, ConstantObjectiveNormalisesToZero) {
  const std::vector<GridCell> grid = {{1, 0, 100, 0.3}, {4, 0, 120, 0.3}, {8, 0, 110, 0.3}};
  const Selection s = *SelectOperatingPoints(grid, {0.5}, 1e-3);
  EXPECT_EQ(s.f2_normalized, std::vector<double>(3, 0.0));
  EXPECT_EQ(s.profiles[0].best, 0u);  // NLL decides
  EXPECT_EQ(MinMaxNormalize({}), std::vector<double>{});
}

TEST(TchebycheffTest, RejectsBadInput) {
  EXPECT_FALSE(SelectOperatingPoints({}, {0.5}, 1e-3).ok());
  EXPECT_FALSE(SelectOperatingPoints(kGrid, {1.5}, 1e-3).ok());
  EXPECT_FALSE(SelectOperatingPoints(kGrid, {0.5}, -1).ok());
  std::vector<GridCell> twice = kGrid;
  twice.push_back(kGrid[1]);
  EXPECT_FALSE(SelectOperatingPoints(twice, {0.5}, 1e-3).ok());
  std::vector<GridCell> nan = kGrid;
  nan[2].mig = NAN;
  EXPECT_FALSE(SelectOperatingPoints(nan, {0.5}, 1e-3).ok());
}

}  // namespace
}  // namespace lambdabeta::select
