#include "pipeline/metrics/factor_classes.h"

#include <cmath>

#include "gtest/gtest.h"

namespace lambdabeta::metrics {
namespace {

TEST(ClassesFromValuesTest, RanksAmongRoundedUniqueValues) {
  Eigen::MatrixXd v(5, 2);
  // Column 0: Shapes3D-like hues with float noise below the 6th decimal.
  v << 0.3, 2.0,           //
      0.1, -1.0,           //
      0.30000000001, 2.0,  //
      0.7, 0.5,            //
      0.0999999999, -1.0;
  Eigen::MatrixXi expected(5, 2);
  expected << 1, 2, 0, 0, 1, 2, 2, 1, 0, 0;
  EXPECT_EQ(*ClassesFromValues(v), expected);
}

TEST(ClassesFromValuesTest, RoundsHalfToEvenLikeNumpy) {
  // numpy.round(x, 6) = rint(x * 1e6) / 1e6: 2.5e-6 * 1e6 = 2.5 rounds to 2; 3.5 rounds to 4.
  Eigen::MatrixXd v(4, 1);
  v << 2.5e-6, 2e-6, 3.5e-6, 4e-6;
  Eigen::MatrixXi expected(4, 1);
  expected << 0, 0, 1, 1;
  EXPECT_EQ(*ClassesFromValues(v), expected);
}

TEST(ClassesFromValuesTest, RejectsNonFinite) {
  Eigen::MatrixXd v(2, 1);
  v << 1, std::nan("");
  EXPECT_FALSE(ClassesFromValues(v).ok());
}

}  // namespace
}  // namespace lambdabeta::metrics
