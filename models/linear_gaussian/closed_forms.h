// Closed forms of the linear-Gaussian VAE (Section 3): covariances, the objectives L_beta and
// L_lambda_beta (eq. 5-6), the reconstruction error and I(X; V).
//
// Derivations. With Y = Gamma V + Z~ and X = B Y + W (W independent of Y):
//   Sigma_Y = Gamma Sigma_V Gamma^T + sigma2 I_n,          Sigma_X = B Sigma_Y B^T + Sigma_W.
// The residual is Y - A X = (I - A B) Y - A W, a zero-mean Gaussian with covariance
//   C = E[(Y - AX)(Y - AX)^T] = (I - AB) Sigma_Y (I - AB)^T + A Sigma_W A^T
//     = Sigma_Y - A G^T - G A^T + A Sigma_X A^T,   G = Sigma_Y B^T      (O(n^2 m)).
// Reconstruction term: -log p(y|x) = 1/2 (y - Ax)^T Sigma_Z^-1 (y - Ax) + 1/2 log det Sigma_Z
//   + n/2 log 2pi, whose expectation is 1/2 tr(Sigma_Z^-1 C) + 1/2 log det Sigma_Z + n/2 log 2pi.
// KL term: KL(N(By, Sigma_W) || N(0, I_m)) = 1/2 [tr Sigma_W + |By|^2 - m - log det Sigma_W],
//   whose expectation over Y replaces |By|^2 by tr(B Sigma_Y B^T).
// So  L_beta = 1/2 tr(Sigma_Z^-1 C) + 1/2 log det Sigma_Z + n/2 log 2pi
//              + beta/2 [tr Sigma_W + tr(B Sigma_Y B^T) - m - log det Sigma_W].
// The lambda penalty E|Y - Y-hat|^2 reads Y-hat either as the decoder mean A X (DECODER_MEAN:
// tr C) or as a decoder sample A X + Z with Z independent of (X, Y) (DECODER_SAMPLE:
// tr C + tr Sigma_Z):   L_lambda_beta = L_beta + lambda * penalty.
// Mutual information (Gaussian): I(X; V) = 1/2 log(det Sigma_X det Sigma_V / det Sigma_(X,V))
// with Sigma_(X,V) of eq. 4. We evaluate it as -1/2 sum_k log(1 - rho_k), rho_k the squared
// canonical correlations of (X, V): the eigenvalues of K = R^T R, R = L^-1 B Gamma Sigma_V^1/2,
// Sigma_X = L L^T (Schur complement: det Sigma_(X,V) = det Sigma_V det(Sigma_X - Sigma_XV
// Sigma_V^-1 Sigma_VX) = det Sigma_V det Sigma_X det(I - R R^T)). log1p keeps it accurate when
// the encoder has collapsed and I(X; V) is tiny.
#ifndef LAMBDABETA_MODELS_LINEAR_GAUSSIAN_CLOSED_FORMS_H_
#define LAMBDABETA_MODELS_LINEAR_GAUSSIAN_CLOSED_FORMS_H_

#include <Eigen/Dense>

#include "absl/status/statusor.h"
#include "common/proto/linear_study.pb.h"
#include "models/linear_gaussian/problem.h"

namespace lambdabeta::linear_gaussian {

// Sigma_Y (n x n).
Eigen::MatrixXd ObservationCovariance(const Problem& problem);

// Sigma_Y x for an n x k matrix x in O(n s k): Gamma (Sigma_V (Gamma^T x)) + sigma2 x.
Eigen::MatrixXd ObservationCovarianceTimes(const Problem& problem, const Eigen::MatrixXd& x);

// Sigma_X = B Sigma_Y B^T + Sigma_W (m x m).
Eigen::MatrixXd LatentCovariance(const Problem& problem, const Eigen::MatrixXd& b,
                                 const Eigen::MatrixXd& sigma_w);

// C (n x n), and its normalised trace tr(C) / n = E|Y - AX|^2 / n (O(n m^2 + n s m)).
Eigen::MatrixXd ResidualCovariance(const Problem& problem, const State& state);
double ReconstructionError(const Problem& problem, const State& state);

// The objective's parts; total = reconstruction + beta * kl + lambda * penalty.
struct ObjectiveValue {
  double reconstruction = 0;  // E[-log p(Y | X)]
  double kl = 0;              // E[KL(q(x|Y) || p(x))]
  double penalty = 0;         // E|Y - Y-hat|^2 in the chosen reading
  double total = 0;
};

// Fails (InvalidArgument) if Sigma_Z or Sigma_W is not positive definite.
absl::StatusOr<ObjectiveValue> EvaluateObjective(const Problem& problem, const State& state,
                                                 const Weights& weights,
                                                 ReconstructionReading reading);

// Sigma_(X,V) of eq. 4, (m + s) x (m + s).
Eigen::MatrixXd JointLatentFactorCovariance(const Problem& problem, const Eigen::MatrixXd& b,
                                            const Eigen::MatrixXd& sigma_w);

// I(X; V) in nats. Fails if Sigma_X is not positive definite.
absl::StatusOr<double> LatentFactorMutualInformation(const Problem& problem,
                                                     const Eigen::MatrixXd& b,
                                                     const Eigen::MatrixXd& sigma_w);

// The eigenvalues (ascending, >= 0) of Sigma_W^-1/2 B Sigma_Y B^T Sigma_W^-1/2: the
// signal-to-noise ratios of the latent channel's principal directions. Fails if Sigma_W is not
// positive definite.
absl::StatusOr<Eigen::VectorXd> LatentSignalToNoise(const Problem& problem,
                                                    const Eigen::MatrixXd& b,
                                                    const Eigen::MatrixXd& sigma_w);

// I(X; Y) = 1/2 log det Sigma_X - 1/2 log det Sigma_W = 1/2 sum log(1 + snr) in nats
// (X = BY + W). Fails if Sigma_W is not positive definite.
absl::StatusOr<double> LatentObservationMutualInformation(const Problem& problem,
                                                          const Eigen::MatrixXd& b,
                                                          const Eigen::MatrixXd& sigma_w);

}  // namespace lambdabeta::linear_gaussian

#endif  // LAMBDABETA_MODELS_LINEAR_GAUSSIAN_CLOSED_FORMS_H_
