#include "pipeline/metrics/aggregate.h"

#include <cmath>
#include <string>
#include <tuple>

#include "gtest/gtest.h"

namespace lambdabeta::metrics {
namespace {

TEST(SummarizeTest, MeanAndSampleStd) {
  // Values 1, 2, 4, 9: mean 4, squared deviations 9 + 4 + 0 + 25 = 38, sample variance 38 / 3.
  const Summary s = *Summarize({1.0, 2.0, 4.0, 9.0});
  EXPECT_EQ(s.count, 4);
  EXPECT_DOUBLE_EQ(s.mean, 4.0);
  EXPECT_DOUBLE_EQ(s.std, std::sqrt(38.0 / 3.0));
}

TEST(SummarizeTest, OneValueHasZeroSpreadAndCountOne) {
  const Summary s = *Summarize({0.25});
  EXPECT_EQ(s.count, 1);
  EXPECT_EQ(s.mean, 0.25);
  EXPECT_EQ(s.std, 0.0);
}

TEST(SummarizeTest, NoCancellationForTinySpreadAroundLargeMean) {
  const Summary s = *Summarize({1e9 + 1, 1e9 + 2, 1e9 + 3});
  EXPECT_DOUBLE_EQ(s.std, 1.0);
}

TEST(SummarizeTest, RejectsEmptyAndNonFinite) {
  EXPECT_FALSE(Summarize({}).ok());
  EXPECT_FALSE(Summarize({1.0, std::nan("")}).ok());
  EXPECT_FALSE(Summarize({INFINITY}).ok());
}

TEST(GroupedValuesTest, SummarisesEachKey) {
  using Cell = std::tuple<std::string, double, double>;  // dataset, beta, lambda
  GroupedValues<Cell> grid;
  grid.Add({"dsprites", 4, 0}, 0.2);
  grid.Add({"dsprites", 4, 0}, 0.4);
  grid.Add({"dsprites", 4, 8}, 0.5);
  grid.Add({"shapes3d", 1, 0}, 0.1);
  const std::map<Cell, Summary> s = *grid.Summaries();
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s.at({"dsprites", 4, 0}).count, 2);
  EXPECT_NEAR(s.at({"dsprites", 4, 0}).mean, 0.3, 1e-15);
  EXPECT_NEAR(s.at({"dsprites", 4, 0}).std, std::sqrt(0.02), 1e-15);
  EXPECT_EQ(s.at({"dsprites", 4, 8}).count, 1);
  grid.Add({"shapes3d", 1, 0}, NAN);
  EXPECT_FALSE(grid.Summaries().ok());
}

}  // namespace
}  // namespace lambdabeta::metrics
