#include "models/linear_gaussian/test_problems.h"

#include <cmath>

namespace lambdabeta::linear_gaussian::testing {
namespace {

Eigen::MatrixXd Gaussian(int rows, int cols, double stddev, RandomStream& stream) {
  Eigen::MatrixXd matrix(rows, cols);
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < cols; ++j) matrix(i, j) = stddev * stream.Normal();
  }
  return matrix;
}

}  // namespace

Problem RandomProblem(int n, int m, int s, uint64_t seed) {
  RandomStream stream(seed);
  Problem problem;
  problem.m = m;
  problem.sigma2 = 0.05;
  problem.gamma = Gaussian(n, s, 1.0, stream);
  problem.factor_variance.resize(s);
  for (int j = 0; j < s; ++j) problem.factor_variance(j) = stream.Uniform(0.1, 1.0);
  return problem;
}

Eigen::MatrixXd RandomSpd(int n, RandomStream& stream) {
  const Eigen::MatrixXd g = Gaussian(n, n, 1.0 / std::sqrt(3.0 * n), stream);
  Eigen::MatrixXd spd = g * g.transpose();
  spd.diagonal().array() += 0.2;
  return spd;
}

State RandomState(const Problem& problem, uint64_t seed) {
  RandomStream stream(seed ^ 0x5bd1e995ULL);
  const int n = problem.n();
  const int m = problem.m;
  State state;
  state.b = Gaussian(m, n, 1.0 / std::sqrt(n), stream);
  state.a = Gaussian(n, m, 1.0 / std::sqrt(m), stream);
  state.sigma_w = RandomSpd(m, stream);
  state.sigma_z = RandomSpd(n, stream);
  return state;
}

}  // namespace lambdabeta::linear_gaussian::testing
