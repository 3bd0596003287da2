#include "models/linear_gaussian/generation.h"

#include <cmath>

#include "models/linear_gaussian/random.h"

namespace lambdabeta::linear_gaussian {
namespace {

// An r x c matrix of i.i.d. N(0, stddev^2) entries, drawn row by row.
Eigen::MatrixXd GaussianMatrix(RandomStream& stream, int rows, int cols, double stddev) {
  Eigen::MatrixXd matrix(rows, cols);
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < cols; ++j) matrix(i, j) = stddev * stream.Normal();
  }
  return matrix;
}

Eigen::VectorXd UniformVector(RandomStream& stream, int size, const UniformRange& range) {
  Eigen::VectorXd vector(size);
  for (int i = 0; i < size; ++i) vector(i) = stream.Uniform(range.low(), range.high());
  return vector;
}

}  // namespace

int64_t ProblemStreamIndex(const LinearStudyConfig& config, int64_t trial) {
  return config.problem_sharing() == LinearStudyConfig::ONE_PROBLEM ? -1 : trial;
}

Problem GenerateProblem(const LinearStudyConfig& config, int64_t trial) {
  RandomStream stream(
      StreamSeed(config.seed(), ProblemStreamIndex(config, trial), StreamPurpose::kProblem));
  Problem problem;
  problem.m = config.m();
  problem.sigma2 = config.sigma2();
  problem.factor_variance = UniformVector(stream, config.s(), config.factor_variance());
  const double scale = config.gamma().scale();
  if (config.gamma().kind() == GammaDistribution::ORTHONORMAL_COLUMNS) {
    const Eigen::MatrixXd g = GaussianMatrix(stream, config.n(), config.s(), 1.0);
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(g);
    Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(config.n(), config.s());
    const Eigen::MatrixXd r = qr.matrixQR().topRows(config.s()).triangularView<Eigen::Upper>();
    for (int j = 0; j < config.s(); ++j) {
      if (r(j, j) < 0) q.col(j) *= -1;
    }
    problem.gamma = scale * q;
  } else {
    problem.gamma = GaussianMatrix(stream, config.n(), config.s(), scale);
  }
  return problem;
}

State GenerateInitialState(const InitSettings& init, int n, int m, uint64_t seed, int64_t trial) {
  RandomStream stream(StreamSeed(seed, trial, StreamPurpose::kInitialState));
  State state;
  state.b = GaussianMatrix(stream, m, n, init.gain_scale() / std::sqrt(n));
  state.sigma_w = UniformVector(stream, m, init.noise_variance()).asDiagonal();
  state.a = GaussianMatrix(stream, n, m, init.gain_scale() / std::sqrt(m));
  state.sigma_z = UniformVector(stream, n, init.noise_variance()).asDiagonal();
  return state;
}

}  // namespace lambdabeta::linear_gaussian
