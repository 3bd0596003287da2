// Random linear-Gaussian problems and model states for tests and benchmarks: Gamma entries
// N(0, 1), Sigma_V diagonal U(0.1, 1), A ~ N(0, 1/m), B ~ N(0, 1/n), and covariances that are
// random symmetric positive definite matrices (not diagonal, so that off-diagonal terms count).
#ifndef LAMBDABETA_MODELS_LINEAR_GAUSSIAN_TEST_INSTANCES_H_
#define LAMBDABETA_MODELS_LINEAR_GAUSSIAN_TEST_INSTANCES_H_

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "models/linear_gaussian/closed_forms.h"  // ObservationCovariance
#include "models/linear_gaussian/problem.h"

namespace lambdabeta::linear_gaussian {

Problem RandomProblem(int n, int m, int s, double sigma2, uint64_t seed);

State RandomState(const Problem& problem, uint64_t seed);

// R R^T / size + floor I with R standard normal: well conditioned for small sizes.
Eigen::MatrixXd RandomCovariance(int size, double floor, uint64_t seed);

// `count` independent trials with sigma2 = 0.05: problem, initial state and noise seed each.
// Dense covariances by default; diagonal ones with entries U(0.1, 1) as the study draws them.
struct RandomTrials {
  std::vector<Problem> problems;
  std::vector<State> states;
  std::vector<uint64_t> seeds;
};
enum class InitialCovariances { kDense, kDiagonal };
RandomTrials MakeRandomTrials(int count, int n, int m, int s, uint64_t seed,
                              InitialCovariances covariances = InitialCovariances::kDense);

// H(Y) = n/2 log(2 pi e) + 1/2 log det Sigma_Y: the minimum of L_beta for lambda = 0, beta >= 1
// (-ELBO >= -log-likelihood >= H(Y), with equality at the trivial solution).
double ObservationEntropy(const Problem& problem);

}  // namespace lambdabeta::linear_gaussian

#endif  // LAMBDABETA_MODELS_LINEAR_GAUSSIAN_TEST_INSTANCES_H_
