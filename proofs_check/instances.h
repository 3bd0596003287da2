// The random instances of the proof checks: problems, initial states and weights drawn from a
// recorded 64-bit seed, so that any failing instance can be rebuilt from its description.
//
// Instance seed S (recorded in every failure's description) -> RandomStream(MixBits(S)), from
// which, in this order:
//   Gamma:   n x s, entries N(0, g^2) with g log-uniform in [0.3, 3];
//   Sigma_V: diagonal, s draws of U(0.1, 1) (the paper's factor variances);
//   sigma2:  log-uniform in [0.01, 1];
//   B:       m x n, entries N(0, b^2 / n) with b log-uniform in [0.1, 3];
//   Sigma_W: Q diag(e) Q^T, Q Haar-orthogonal (QR of a Gaussian matrix, signs fixed by R's
//            diagonal), e log-uniform in [0.05, 4]: often ||Sigma_W||_2 > 1 (Lemma A.1's t = 0);
//   A:       n x m, entries N(0, 1 / m);
//   Sigma_Z: like Sigma_W, n x n.
#ifndef LAMBDABETA_PROOFS_CHECK_INSTANCES_H_
#define LAMBDABETA_PROOFS_CHECK_INSTANCES_H_

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "models/linear_gaussian/problem.h"
#include "models/linear_gaussian/random.h"

namespace lambdabeta::proofs_check {

using linear_gaussian::Problem;
using linear_gaussian::State;
using linear_gaussian::Weights;

struct Size {
  int n = 0;  // observations
  int m = 0;  // latents
  int s = 0;  // factors
};

// From tiny, (2, 1, 1), to the paper's (100, 10, 5).
const std::vector<Size>& CheckSizes();
// The sizes with m >= 2 (the metrics need two latents).
std::vector<Size> SizesWithTwoLatents();

struct Instance {
  uint64_t seed = 0;
  Problem problem;
  State initial;
  Weights weights;

  // "seed=0x...  (n,m,s)=(..)  sigma2=..  beta=..  lambda=..".
  std::string Describe() const;
};

Instance MakeInstance(uint64_t seed, const Size& size, const Weights& weights);

// The seed of instance `index` of the check `claim_id`: (claim_id << 32) | index.
uint64_t InstanceSeed(uint32_t claim_id, uint32_t index);

// Haar-distributed n x n orthogonal matrix.
Eigen::MatrixXd RandomOrthogonal(int n, linear_gaussian::RandomStream& stream);
// Q diag(e) Q^T with e log-uniform in [low, high].
Eigen::MatrixXd RandomSpd(int n, double low, double high, linear_gaussian::RandomStream& stream);
// i.i.d. N(0, stddev^2) entries, row by row.
Eigen::MatrixXd RandomGaussian(int rows, int cols, double stddev,
                               linear_gaussian::RandomStream& stream);

}  // namespace lambdabeta::proofs_check

#endif  // LAMBDABETA_PROOFS_CHECK_INSTANCES_H_
