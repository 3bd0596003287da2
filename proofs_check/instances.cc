#include "proofs_check/instances.h"

#include <cmath>

#include "absl/strings/str_format.h"

namespace lambdabeta::proofs_check {
namespace {

using linear_gaussian::RandomStream;

double LogUniform(double low, double high, RandomStream& stream) {
  return std::exp(stream.Uniform(std::log(low), std::log(high)));
}

}  // namespace

const std::vector<Size>& CheckSizes() {
  static const std::vector<Size> sizes = {
      {2, 1, 1}, {2, 1, 2},  {3, 2, 1},  {4, 2, 3},  {6, 3, 2},
      {8, 4, 4}, {12, 5, 3}, {20, 4, 6}, {40, 8, 5}, {100, 10, 5},
  };
  return sizes;
}

std::vector<Size> SizesWithTwoLatents() {
  std::vector<Size> sizes;
  for (const Size& size : CheckSizes()) {
    if (size.m >= 2) sizes.push_back(size);
  }
  return sizes;
}

std::string Instance::Describe() const {
  return absl::StrFormat("seed=0x%016x (n,m,s)=(%d,%d,%d) sigma2=%.4g beta=%g lambda=%g", seed,
                         problem.n(), problem.m, problem.s(), problem.sigma2, weights.beta,
                         weights.lambda);
}

uint64_t InstanceSeed(uint32_t claim_id, uint32_t index) {
  return (static_cast<uint64_t>(claim_id) << 32) | index;
}

Eigen::MatrixXd RandomGaussian(int rows, int cols, double stddev, RandomStream& stream) {
  Eigen::MatrixXd matrix(rows, cols);
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < cols; ++j) matrix(i, j) = stddev * stream.Normal();
  }
  return matrix;
}

Eigen::MatrixXd RandomOrthogonal(int n, RandomStream& stream) {
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(RandomGaussian(n, n, 1.0, stream));
  Eigen::MatrixXd q = qr.householderQ();
  const Eigen::MatrixXd r = qr.matrixQR().triangularView<Eigen::Upper>();
  for (int j = 0; j < n; ++j) {
    if (r(j, j) < 0) q.col(j) = -q.col(j);
  }
  return q;
}

Eigen::MatrixXd RandomSpd(int n, double low, double high, RandomStream& stream) {
  const Eigen::MatrixXd q = RandomOrthogonal(n, stream);
  Eigen::VectorXd eigenvalues(n);
  for (int i = 0; i < n; ++i) eigenvalues(i) = LogUniform(low, high, stream);
  const Eigen::MatrixXd spd = q * eigenvalues.asDiagonal() * q.transpose();
  return 0.5 * (spd + spd.transpose());
}

Instance MakeInstance(uint64_t seed, const Size& size, const Weights& weights) {
  RandomStream stream(linear_gaussian::MixBits(seed));
  Instance instance;
  instance.seed = seed;
  instance.weights = weights;
  Problem& problem = instance.problem;
  problem.m = size.m;
  problem.gamma = RandomGaussian(size.n, size.s, LogUniform(0.3, 3.0, stream), stream);
  problem.factor_variance.resize(size.s);
  for (int j = 0; j < size.s; ++j) problem.factor_variance(j) = stream.Uniform(0.1, 1.0);
  problem.sigma2 = LogUniform(0.01, 1.0, stream);
  State& state = instance.initial;
  state.b =
      RandomGaussian(size.m, size.n, LogUniform(0.1, 3.0, stream) / std::sqrt(size.n), stream);
  state.sigma_w = RandomSpd(size.m, 0.05, 4.0, stream);
  state.a = RandomGaussian(size.n, size.m, 1.0 / std::sqrt(size.m), stream);
  state.sigma_z = RandomSpd(size.n, 0.05, 4.0, stream);
  return instance;
}

}  // namespace lambdabeta::proofs_check
