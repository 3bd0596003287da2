#include "paper/claims/statistics.h"

#include <cmath>

#include "gtest/gtest.h"

namespace lambdabeta::claims {
namespace {

// The density of Student's t, integrated by Simpson's rule: an independent route to the CDF.
double IntegratedCentralProbability(double t, int dof) {
  const double nu = dof;
  const double log_norm =
      std::lgamma((nu + 1) / 2) - std::lgamma(nu / 2) - 0.5 * std::log(nu * M_PI);
  const auto density = [&](double x) {
    return std::exp(log_norm - (nu + 1) / 2 * std::log1p(x * x / nu));
  };
  const int steps = 20000;
  const double h = t / steps;
  double sum = density(0) + density(t);
  for (int i = 1; i < steps; ++i) sum += density(i * h) * (i % 2 ? 4 : 2);
  return 2 * sum * h / 3;
}

TEST(StudentT, ClosedFormMatchesIntegratedDensity) {
  for (int dof : {1, 2, 3, 4, 5, 6, 9, 10, 29, 49}) {
    for (double t : {0.3, 1.0, 2.0, 4.5}) {
      EXPECT_NEAR(StudentTCentralProbability(t, dof), IntegratedCentralProbability(t, dof), 1e-9)
          << "dof " << dof << " t " << t;
    }
  }
}

TEST(StudentT, QuantilesMatchPublishedTable) {
  // Two-sided 95 % critical values, as printed in standard tables (3 decimals).
  const struct {
    int dof;
    double t;
  } table[] = {{1, 12.706}, {2, 4.303},  {3, 3.182},  {4, 2.776},  {5, 2.571},
               {9, 2.262},  {10, 2.228}, {30, 2.042}, {60, 2.000}, {120, 1.980}};
  for (const auto& row : table) {
    EXPECT_NEAR(StudentTQuantile(0.95, row.dof), row.t, 6e-4) << "dof " << row.dof;
  }
  EXPECT_NEAR(StudentTQuantile(0.95, 100000), 1.95996, 1e-4);  // the normal limit
}

TEST(MeanInterval, HandComputed) {
  // mean 2, sample std 1, n 3: half-width t(2) / sqrt(3) = 4.303 / 1.732.
  const Interval i = MeanInterval({1, 2, 3});
  EXPECT_DOUBLE_EQ(i.mean, 2);
  EXPECT_NEAR(i.high - i.mean, StudentTQuantile(0.95, 2) / std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(i.mean - i.low, i.high - i.mean, 1e-12);
  EXPECT_EQ(i.n, 3);
}

TEST(MeanInterval, OneValueKnowsNoSpreadAndNoneIsNan) {
  const Interval one = MeanInterval({5});
  EXPECT_EQ(one.mean, 5);
  EXPECT_TRUE(std::isinf(one.low) && one.low < 0);
  EXPECT_TRUE(std::isinf(one.high) && one.high > 0);
  EXPECT_TRUE(std::isnan(MeanInterval({}).mean));
}

TEST(PairedDifference, RemovesTheSharedPart) {
  // Large seed effects shared by both arms cancel: the difference is exactly 1 with no spread.
  const Interval d = PairedDifference({101, 11, 51}, {100, 10, 50});
  EXPECT_DOUBLE_EQ(d.mean, 1);
  EXPECT_DOUBLE_EQ(d.low, 1);
  EXPECT_DOUBLE_EQ(d.high, 1);
  EXPECT_EQ(Compare(d, 0), Side::kAbove);
  EXPECT_EQ(Compare(d, 2), Side::kBelow);
  EXPECT_EQ(Compare(MeanInterval({-1, 1}), 0), Side::kStraddles);
}

}  // namespace
}  // namespace lambdabeta::claims
