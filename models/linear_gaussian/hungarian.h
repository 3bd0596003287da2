// Maximum-weight bipartite matching by the Hungarian algorithm (Kuhn-Munkres with vertex
// potentials, O(r^2 c) for r <= c). Used for the I_m metric (eq. 10).
#ifndef LAMBDABETA_MODELS_LINEAR_GAUSSIAN_HUNGARIAN_H_
#define LAMBDABETA_MODELS_LINEAR_GAUSSIAN_HUNGARIAN_H_

#include <Eigen/Dense>
#include <vector>

namespace lambdabeta::linear_gaussian {

struct Matching {
  double total_weight = 0;
  std::vector<int> column_of_row;  // -1 where a row is left unmatched
};

// Among matchings that pair min(rows, cols) rows with distinct columns, one of largest total
// weight. With non-negative weights (as mutual informations are) this is a maximum-weight
// matching of the bipartite graph. Weights must be finite. An empty matrix gives weight 0.
Matching MaxWeightMatching(const Eigen::MatrixXd& weights);

}  // namespace lambdabeta::linear_gaussian

#endif  // LAMBDABETA_MODELS_LINEAR_GAUSSIAN_HUNGARIAN_H_
