#include "models/linear_gaussian/test_instances.h"

#include <cmath>
#include <random>
#include <utility>

namespace lambdabeta::linear_gaussian {
namespace {

Eigen::MatrixXd Gaussian(int rows, int cols, double stddev, std::mt19937_64& engine) {
  std::normal_distribution<double> normal(0.0, stddev);
  Eigen::MatrixXd matrix(rows, cols);
  for (int j = 0; j < cols; ++j) {
    for (int i = 0; i < rows; ++i) matrix(i, j) = normal(engine);
  }
  return matrix;
}

}  // namespace

Problem RandomProblem(int n, int m, int s, double sigma2, uint64_t seed) {
  std::mt19937_64 engine(seed);
  Problem problem;
  problem.gamma = Gaussian(n, s, 1.0, engine);
  std::uniform_real_distribution<double> uniform(0.1, 1.0);
  problem.factor_variance.resize(s);
  for (int j = 0; j < s; ++j) problem.factor_variance(j) = uniform(engine);
  problem.sigma2 = sigma2;
  problem.m = m;
  return problem;
}

Eigen::MatrixXd RandomCovariance(int size, double floor, uint64_t seed) {
  std::mt19937_64 engine(seed);
  const Eigen::MatrixXd r = Gaussian(size, size, 1.0, engine);
  return r * r.transpose() / size + floor * Eigen::MatrixXd::Identity(size, size);
}

RandomTrials MakeRandomTrials(int count, int n, int m, int s, uint64_t seed,
                              InitialCovariances covariances) {
  RandomTrials trials;
  for (int k = 0; k < count; ++k) {
    const uint64_t base = seed + 100 * static_cast<uint64_t>(k);
    trials.problems.push_back(RandomProblem(n, m, s, 0.05, base));
    State state = RandomState(trials.problems.back(), base + 1);
    if (covariances == InitialCovariances::kDiagonal) {
      std::mt19937_64 engine(base + 3);
      std::uniform_real_distribution<double> uniform(0.1, 1.0);
      state.sigma_z = Eigen::MatrixXd::Zero(n, n);
      state.sigma_w = Eigen::MatrixXd::Zero(m, m);
      for (int i = 0; i < n; ++i) state.sigma_z(i, i) = uniform(engine);
      for (int i = 0; i < m; ++i) state.sigma_w(i, i) = uniform(engine);
    }
    trials.states.push_back(std::move(state));
    trials.seeds.push_back(base + 2);
  }
  return trials;
}

double ObservationEntropy(const Problem& problem) {
  const Eigen::LLT<Eigen::MatrixXd> chol(ObservationCovariance(problem));
  const double half_log_det = chol.matrixLLT().diagonal().array().log().sum();
  return 0.5 * problem.n() * std::log(2 * M_PI * M_E) + half_log_det;
}

State RandomState(const Problem& problem, uint64_t seed) {
  std::mt19937_64 engine(seed);
  const int n = problem.n();
  const int m = problem.m;
  State state;
  state.a = Gaussian(n, m, 1.0 / std::sqrt(m), engine);
  state.b = Gaussian(m, n, 1.0 / std::sqrt(n), engine);
  state.sigma_z = RandomCovariance(n, 0.2, engine());
  state.sigma_w = RandomCovariance(m, 0.2, engine());
  return state;
}

}  // namespace lambdabeta::linear_gaussian
