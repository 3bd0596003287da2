#include "common/score_gap/score_gap.h"

#include "gtest/gtest.h"

namespace lambdabeta::metrics {
namespace {

TEST(TopTwoGapTest, LargestMinusSecondLargest) {
  Eigen::VectorXd v(4);
  v << 0.2, 0.9, -1.0, 0.5;
  EXPECT_DOUBLE_EQ(TopTwoGap(v), 0.4);
  v << 0.9, 0.2, 0.9, 0.5;  // a tie at the top
  EXPECT_EQ(TopTwoGap(v), 0.0);
  v << -3, -2, -5, -4;
  EXPECT_DOUBLE_EQ(TopTwoGap(v), 1.0);
}

TEST(MeanOverKeptFactorsTest, SkipsListedFactors) {
  Eigen::VectorXd v(3);
  v << 0.5, 100, 0.25;
  EXPECT_DOUBLE_EQ(*MeanOverKeptFactors(v, {1}), 0.375);
  EXPECT_NEAR(*MeanOverKeptFactors(v, {}), 100.75 / 3, 1e-12);
  EXPECT_FALSE(MeanOverKeptFactors(v, {0, 1, 2}).ok());
}

}  // namespace
}  // namespace lambdabeta::metrics
