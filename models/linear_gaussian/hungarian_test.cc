#include "models/linear_gaussian/hungarian.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "gtest/gtest.h"
#include "models/linear_gaussian/random.h"

namespace lambdabeta::linear_gaussian {
namespace {

// The best total over all ways to give each row (rows <= cols) a distinct column.
double BruteForceRowsToColumns(const Eigen::MatrixXd& weights, int row, std::vector<bool>& used) {
  if (row == weights.rows()) return 0;
  double best = -std::numeric_limits<double>::infinity();
  for (int col = 0; col < weights.cols(); ++col) {
    if (used[col]) continue;
    used[col] = true;
    best = std::max(best, weights(row, col) + BruteForceRowsToColumns(weights, row + 1, used));
    used[col] = false;
  }
  return best;
}

double BruteForce(const Eigen::MatrixXd& weights) {
  const Eigen::MatrixXd tall_side_cols =
      weights.rows() <= weights.cols() ? weights : Eigen::MatrixXd(weights.transpose());
  std::vector<bool> used(tall_side_cols.cols(), false);
  return BruteForceRowsToColumns(tall_side_cols, 0, used);
}

void ExpectValidMatching(const Eigen::MatrixXd& weights, const Matching& matching) {
  ASSERT_EQ(matching.column_of_row.size(), static_cast<size_t>(weights.rows()));
  std::set<int> columns;
  double total = 0;
  int matched = 0;
  for (int row = 0; row < weights.rows(); ++row) {
    const int col = matching.column_of_row[row];
    if (col < 0) continue;
    ASSERT_LT(col, weights.cols());
    EXPECT_TRUE(columns.insert(col).second) << "column " << col << " used twice";
    total += weights(row, col);
    ++matched;
  }
  EXPECT_EQ(matched, std::min(weights.rows(), weights.cols()));
  EXPECT_NEAR(total, matching.total_weight, 1e-12);
}

TEST(MaxWeightMatchingTest, AgreesWithBruteForceOnRandomRectangularMatrices) {
  RandomStream stream(2024);
  int checked = 0;
  for (int rows = 1; rows <= 6; ++rows) {
    for (int cols = 1; cols <= 6; ++cols) {
      for (int trial = 0; trial < 60; ++trial) {
        Eigen::MatrixXd weights(rows, cols);
        for (int i = 0; i < rows; ++i) {
          for (int j = 0; j < cols; ++j) {
            // Alternate continuous weights, small integers (ties), and signed weights.
            const double u = stream.Uniform();
            weights(i, j) = trial % 3 == 0 ? u : trial % 3 == 1 ? std::floor(4 * u) : 2 * u - 1;
          }
        }
        const Matching matching = MaxWeightMatching(weights);
        ExpectValidMatching(weights, matching);
        EXPECT_NEAR(matching.total_weight, BruteForce(weights), 1e-12)
            << rows << " x " << cols << "\n"
            << weights;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 36 * 60);
}

TEST(MaxWeightMatchingTest, PicksTheAntiDiagonalWhenItIsBetter) {
  Eigen::MatrixXd weights(2, 2);
  weights << 1, 3, 3, 1;
  const Matching matching = MaxWeightMatching(weights);
  EXPECT_EQ(matching.total_weight, 6);
  EXPECT_EQ(matching.column_of_row, (std::vector<int>{1, 0}));
}

TEST(MaxWeightMatchingTest, TallMatrixLeavesRowsUnmatched) {
  Eigen::MatrixXd weights(3, 1);
  weights << 0.2, 0.9, 0.5;
  const Matching matching = MaxWeightMatching(weights);
  EXPECT_EQ(matching.total_weight, 0.9);
  EXPECT_EQ(matching.column_of_row, (std::vector<int>{-1, 0, -1}));
}

TEST(MaxWeightMatchingTest, EmptyMatrixHasZeroWeight) {
  EXPECT_EQ(MaxWeightMatching(Eigen::MatrixXd(0, 3)).total_weight, 0);
  EXPECT_EQ(MaxWeightMatching(Eigen::MatrixXd(2, 0)).column_of_row, (std::vector<int>{-1, -1}));
}

}  // namespace
}  // namespace lambdabeta::linear_gaussian
