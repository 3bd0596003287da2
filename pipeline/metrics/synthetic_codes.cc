#include "pipeline/metrics/synthetic_codes.h"

#include <random>

namespace lambdabeta::metrics {
namespace {

Eigen::MatrixXd ScaledFactors(const Eigen::MatrixXi& factors, const std::vector<int>& num_classes) {
  Eigen::MatrixXd scaled(factors.rows(), factors.cols());
  for (Eigen::Index j = 0; j < factors.cols(); ++j) {
    const double top = num_classes[j] > 1 ? num_classes[j] - 1 : 1;
    scaled.col(j) =
        factors.col(j).cast<double>() * (2.0 / top) - Eigen::VectorXd::Ones(factors.rows());
  }
  return scaled;
}

Eigen::MatrixXd Normal(Eigen::Index rows, Eigen::Index cols, std::mt19937_64& rng) {
  std::normal_distribution<double> normal;
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j) {
    for (Eigen::Index i = 0; i < rows; ++i) m(i, j) = normal(rng);
  }
  return m;
}

}  // namespace

Eigen::MatrixXi UniformFactors(int num_samples, const std::vector<int>& num_classes,
                               uint64_t seed) {
  std::mt19937_64 rng(seed);
  Eigen::MatrixXi factors(num_samples, static_cast<Eigen::Index>(num_classes.size()));
  for (size_t j = 0; j < num_classes.size(); ++j) {
    std::uniform_int_distribution<int> pick(0, num_classes[j] - 1);
    for (int i = 0; i < num_samples; ++i) factors(i, j) = pick(rng);
  }
  return factors;
}

Eigen::MatrixXd DisentangledCodes(const Eigen::MatrixXi& factors,
                                  const std::vector<int>& num_classes, int num_latents,
                                  double noise, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Eigen::MatrixXd codes = Normal(factors.rows(), num_latents, rng);
  const Eigen::MatrixXd scaled = ScaledFactors(factors, num_classes);
  for (Eigen::Index j = 0; j < std::min<Eigen::Index>(factors.cols(), num_latents); ++j) {
    codes.col(j) = scaled.col(j) + noise * codes.col(j);
  }
  return codes;
}

Eigen::MatrixXd EntangledCodes(const Eigen::MatrixXi& factors, const std::vector<int>& num_classes,
                               int num_latents, double noise, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const Eigen::MatrixXd mixing = Normal(factors.cols(), num_latents, rng);
  return ScaledFactors(factors, num_classes) * mixing +
         noise * Normal(factors.rows(), num_latents, rng);
}

}  // namespace lambdabeta::metrics
