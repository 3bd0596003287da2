// Small random problems and states for the unit tests (not the study's generator: these give
// full, non-diagonal covariances to exercise every term).
#ifndef LAMBDABETA_MODELS_LINEAR_GAUSSIAN_TEST_PROBLEMS_H_
#define LAMBDABETA_MODELS_LINEAR_GAUSSIAN_TEST_PROBLEMS_H_

#include <cstdint>

#include "models/linear_gaussian/problem.h"
#include "models/linear_gaussian/random.h"

namespace lambdabeta::linear_gaussian::testing {

// Gamma ~ N(0, 1) entries, Sigma_V ~ U(0.1, 1), sigma2 = 0.05.
Problem RandomProblem(int n, int m, int s, uint64_t seed);

// A random n x n symmetric positive definite matrix with eigenvalues in about [0.2, 2].
Eigen::MatrixXd RandomSpd(int n, RandomStream& stream);

// B, A ~ N(0, 1/n), N(0, 1/m) entries; Sigma_W, Sigma_Z random SPD (not diagonal).
State RandomState(const Problem& problem, uint64_t seed);

}  // namespace lambdabeta::linear_gaussian::testing

#endif  // LAMBDABETA_MODELS_LINEAR_GAUSSIAN_TEST_PROBLEMS_H_
