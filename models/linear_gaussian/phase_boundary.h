// The exact phase boundary of the lambda-beta-VAE (beyond the paper), from Sigma_Y alone.
//
// At a fixed point of Lemma 4.2, A = Sigma_Z B^T Sigma_W^-1 (Lemma 3.1) gives
// A^T M = Sigma_W^-1 B (I + 2 lambda Sigma_Z) / beta, and B = Sigma_W A^T M then reads
//     B ((1 - beta) I + 2 lambda Sigma_Z) = 0.
// So for beta > 1 and lambda > 0 the rows of B lie in the eigenspace of Sigma_Z for the
// eigenvalue tau = (beta - 1) / (2 lambda). On the orthogonal complement U^perp of B's row space
// U, Sigma_Z^-1 = Sigma_Y^-1 + B^T Sigma_W^-1 B acts as Sigma_Y^-1, so U is an invariant subspace
// of Sigma_Y: the encoder keeps eigen-directions of Sigma_Y, and on them
// B^T Sigma_W^-1 B = tau^-1 - mu^-1 > 0, i.e. mu > tau. A kept direction has signal-to-noise
// ratio mu / tau - 1 and carries 1/2 log(mu / tau) nats about Y; Sigma_Z is clipped to tau there
// and equals mu elsewhere (reverse water-filling). A direction outside U with mu > tau and a
// spare latent grows (its gain is multiplied by (1 + 2 lambda mu) / beta > 1 per step), so the
// stable fixed point keeps the top k = min(m, #{mu_i > tau}) directions. Collapse (B = 0) iff
// k = 0 iff lambda <= (beta - 1) / (2 mu_1); for lambda = 0 and beta > 1, tau is infinite.
//
// The fixed point is unique only up to a rotation of the latent space (the prior N(0, I) is
// isotropic), so rotation-invariant quantities are predicted (k, Sigma_Z, the reconstruction
// error, I(X; V)), while SAP, MIG and I_m depend on which rotation the dynamics pick.
//
// beta < 1: no minimum (UNBOUNDED). beta = 1, lambda = 0: L_1 = const + KL(N(0, Sigma_X) ||
// N(0, I)) is minimal on the whole set Sigma_X = I (CONTINUUM). beta = 1, lambda > 0: tau = 0,
// the infimum is approached as Sigma_W -> 0 with the top m directions kept (UNATTAINED; the
// predicted values are that limit's).
#ifndef LAMBDABETA_MODELS_LINEAR_GAUSSIAN_PHASE_BOUNDARY_H_
#define LAMBDABETA_MODELS_LINEAR_GAUSSIAN_PHASE_BOUNDARY_H_

#include <Eigen/Dense>

#include "common/proto/results.pb.h"
#include "models/linear_gaussian/problem.h"

namespace lambdabeta::linear_gaussian {

// Eigen-decomposition of Sigma_Y with eigenvalues in descending order (O(n^3), once per problem).
struct ObservationSpectrum {
  Eigen::VectorXd eigenvalues;   // mu_1 >= ... >= mu_n
  Eigen::MatrixXd eigenvectors;  // column i belongs to mu_i
};
ObservationSpectrum ComputeObservationSpectrum(const Problem& problem);

struct PhasePrediction {
  LinearPrediction::Phase phase = LinearPrediction::PHASE_UNSPECIFIED;
  int informative_directions = 0;  // k
  double threshold = 0;            // tau (infinite for lambda = 0 and beta > 1)
  double critical_lambda = 0;      // (beta - 1) / (2 mu_1) for beta > 1, else 0
  // For COLLAPSED, INFORMATIVE and UNATTAINED (its limit); empty/0 otherwise:
  Eigen::VectorXd sigma_z_spectrum;  // descending order of Sigma_Y's directions
  double reconstruction_error = 0;   // tr Sigma_Z / n
  double total_mi = 0;               // I(X; V)
};

PhasePrediction PredictPhase(const Problem& problem, const ObservationSpectrum& spectrum,
                             const Weights& weights);

LinearPrediction PredictionToProto(const PhasePrediction& prediction);

}  // namespace lambdabeta::linear_gaussian

#endif  // LAMBDABETA_MODELS_LINEAR_GAUSSIAN_PHASE_BOUNDARY_H_
