// The linear-Gaussian VAE of Section 3 (eq. 1-4): a problem and a model state.
#ifndef LAMBDABETA_MODELS_LINEAR_GAUSSIAN_PROBLEM_H_
#define LAMBDABETA_MODELS_LINEAR_GAUSSIAN_PROBLEM_H_

#include <Eigen/Dense>
#include <cstdint>
#include <limits>
#include <vector>

#include "common/proto/results.pb.h"

namespace lambdabeta::linear_gaussian {

// V ~ N(0, diag(factor_variance)) in R^s;  Y = Gamma V + Z~,  Z~ ~ N(0, sigma2 I_n);  X in R^m.
struct Problem {
  Eigen::MatrixXd gamma;            // n x s
  Eigen::VectorXd factor_variance;  // s, the diagonal of Sigma_V
  double sigma2 = 0;
  int m = 0;  // latent dimension

  int n() const { return static_cast<int>(gamma.rows()); }
  int s() const { return static_cast<int>(gamma.cols()); }
};

// Encoder X = B Y + W, W ~ N(0, Sigma_W);  decoder Y-hat = A X + Z, Z ~ N(0, Sigma_Z).
struct State {
  Eigen::MatrixXd a;        // n x m
  Eigen::MatrixXd b;        // m x n
  Eigen::MatrixXd sigma_z;  // n x n, symmetric positive definite
  Eigen::MatrixXd sigma_w;  // m x m, symmetric positive definite
};

// The objective's weights: L_beta (lambda = 0) or L_lambda_beta (eq. 5-6).
struct Weights {
  double beta = 1;
  double lambda = 0;
};

// What a solver returns: the final state (for DIVERGED, the last finite one) and how it stopped.
struct SolverResult {
  State state;
  RunStatus status = STATUS_UNSPECIFIED;
  int64_t iterations = 0;  // fixed-point iterations or optimizer steps
  // Fixed point: the last step's relative change (StepChange::Relative in fixed_point_map.h),
  // <= the tolerance if CONVERGED; 0 for AdamW.
  double relative_change = 0;
  // Fixed point: the estimated bound on the final state's relative distance to the fixed point
  // (ContractionCertificate in fixed_point_map.h), <= the tolerance iff CONVERGED; infinity
  // where there is no estimate (and for AdamW).
  double distance_bound = std::numeric_limits<double>::infinity();
  // AdamW with record_every > 0: the metrics after every record_every steps and after the last.
  std::vector<LinearTrajectoryPoint> trajectory;
};

}  // namespace lambdabeta::linear_gaussian

#endif  // LAMBDABETA_MODELS_LINEAR_GAUSSIAN_PROBLEM_H_
