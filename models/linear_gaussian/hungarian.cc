#include "models/linear_gaussian/hungarian.h"

#include <limits>

namespace lambdabeta::linear_gaussian {
namespace {

// Minimum-cost assignment of every row of `cost` (rows <= cols) to a distinct column.
// Rows and columns are 1-based inside; column 0 is a virtual column holding the row being
// inserted. u, v are the dual potentials: cost(i, j) - u(i) - v(j) >= 0 throughout, with
// equality on the matched pairs, so the final matching is optimal.
std::vector<int> MinCostAssignment(const Eigen::MatrixXd& cost) {
  const int rows = static_cast<int>(cost.rows());
  const int cols = static_cast<int>(cost.cols());
  const double infinity = std::numeric_limits<double>::infinity();
  std::vector<double> u(rows + 1, 0.0), v(cols + 1, 0.0);
  std::vector<int> row_of_col(cols + 1, 0);  // 0: column free
  std::vector<int> previous(cols + 1, 0);    // the alternating path, column to column
  for (int row = 1; row <= rows; ++row) {
    row_of_col[0] = row;
    int col0 = 0;
    std::vector<double> slack(cols + 1, infinity);
    std::vector<bool> visited(cols + 1, false);
    // Grow a shortest alternating path (Dijkstra on reduced costs) until it reaches a free column.
    do {
      visited[col0] = true;
      const int row0 = row_of_col[col0];
      double delta = infinity;
      int next_col = 0;
      for (int col = 1; col <= cols; ++col) {
        if (visited[col]) continue;
        const double reduced = cost(row0 - 1, col - 1) - u[row0] - v[col];
        if (reduced < slack[col]) {
          slack[col] = reduced;
          previous[col] = col0;
        }
        if (slack[col] < delta) {
          delta = slack[col];
          next_col = col;
        }
      }
      for (int col = 0; col <= cols; ++col) {
        if (visited[col]) {
          u[row_of_col[col]] += delta;
          v[col] -= delta;
        } else {
          slack[col] -= delta;
        }
      }
      col0 = next_col;
    } while (row_of_col[col0] != 0);
    // Flip the path: each column on it takes the row of the column before it.
    do {
      const int col1 = previous[col0];
      row_of_col[col0] = row_of_col[col1];
      col0 = col1;
    } while (col0 != 0);
  }
  std::vector<int> col_of_row(rows, -1);
  for (int col = 1; col <= cols; ++col) {
    if (row_of_col[col] != 0) col_of_row[row_of_col[col] - 1] = col - 1;
  }
  return col_of_row;
}

}  // namespace

Matching MaxWeightMatching(const Eigen::MatrixXd& weights) {
  Matching matching;
  const int rows = static_cast<int>(weights.rows());
  const int cols = static_cast<int>(weights.cols());
  matching.column_of_row.assign(rows, -1);
  if (rows == 0 || cols == 0) return matching;
  if (rows <= cols) {
    matching.column_of_row = MinCostAssignment(-weights);
  } else {
    const std::vector<int> row_of_col = MinCostAssignment(-weights.transpose());
    for (int col = 0; col < cols; ++col) matching.column_of_row[row_of_col[col]] = col;
  }
  for (int row = 0; row < rows; ++row) {
    const int col = matching.column_of_row[row];
    if (col >= 0) matching.total_weight += weights(row, col);
  }
  return matching;
}

}  // namespace lambdabeta::linear_gaussian
