// The metrics of Section 4.1 for a linear-Gaussian state, in closed form.
//   S_ij = (B Gamma Sigma_V)_ij^2 / ((Sigma_X)_ii (Sigma_V)_jj)                    (eq. 7)
//   SAP  = 1/s sum_j (S_(i(j), j) - S_(i'(j), j)), the top two entries of column j (eq. 8)
//   I(X_i; V_j) = -1/2 log(1 - S_ij)   ((X_i, V_j) is bivariate Gaussian with correlation^2 S_ij)
//   MIG  = 1/s sum_j (I(X_i(j); V_j) - I(X_i'(j); V_j)) / H(V_j),
//          H(V_j) = 1/2 log(2 pi e Sigma_V,jj)                                       (eq. 9)
//   I_m  = max over matchings of latents to factors of the total I(X_k; V_j), nats   (eq. 10)
// MIG is ill-posed for continuous factors: the differential entropy H(V_j) depends on the units
// of V_j (rescaling V_j changes MIG but no other metric) and is <= 0 for
// Sigma_V,jj <= 1/(2 pi e). We report it with that caveat (see LinearMetrics).
#ifndef LAMBDABETA_MODELS_LINEAR_GAUSSIAN_METRICS_H_
#define LAMBDABETA_MODELS_LINEAR_GAUSSIAN_METRICS_H_

#include <Eigen/Dense>

#include "absl/status/statusor.h"
#include "common/proto/linear_study.pb.h"
#include "common/proto/results.pb.h"
#include "models/linear_gaussian/problem.h"

namespace lambdabeta::linear_gaussian {

// S (m x s), eq. 7, with entries clamped to [0, 1 - 1e-15].
Eigen::MatrixXd SquaredCorrelations(const Problem& problem, const Eigen::MatrixXd& b,
                                    const Eigen::MatrixXd& sigma_w);

// I(X_i; V_j) = -1/2 log(1 - S_ij), element-wise.
Eigen::MatrixXd PairwiseMutualInformation(const Eigen::MatrixXd& squared_correlations);

// SAP (eq. 8) from S; 0 for a single latent (the gap is undefined).
double SeparatedAttributePredictability(const Eigen::MatrixXd& squared_correlations);

// MIG (eq. 9) from the I(X_i; V_j) matrix. Returns 0 and sets *entropy_nonpositive if some
// H(V_j) <= 0.
double MutualInformationGap(const Eigen::MatrixXd& pairwise_information,
                            const Eigen::VectorXd& factor_variance, bool* entropy_nonpositive);

// I_m (eq. 10) from the I(X_i; V_j) matrix, by maximum-weight bipartite matching.
double LatentInformativeness(const Eigen::MatrixXd& pairwise_information);

// Every metric of LinearMetrics; `loss` is the objective under `weights` and `reading`.
// Fails if the state's covariances are not positive definite or m < 2.
absl::StatusOr<LinearMetrics> ComputeMetrics(const Problem& problem, const State& state,
                                             const Weights& weights, ReconstructionReading reading);

}  // namespace lambdabeta::linear_gaussian

#endif  // LAMBDABETA_MODELS_LINEAR_GAUSSIAN_METRICS_H_
