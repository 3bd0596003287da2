// The beta-VAE and lambda-beta-VAE objectives of eq. 5-6 for the linear-Gaussian model, as
// differentiable LibTorch (float64) functions: the closed form, and the Monte-Carlo minibatch
// estimate whose expectation it is.
//
// Every tensor may carry leading batch dimensions (e.g. [K] for K independent trials), the same
// for all arguments; results then have those dimensions. Unbatched use works the same way:
//   torch::Tensor loss = ClosedFormLoss(a, b, sigma_z, sigma_w, sigma_y, weights, reading).total;
//   loss.backward();  // a.grad(), ...; sigma_z.grad() and sigma_w.grad() come out symmetric
//
// Closed form, with C = (I - AB) Sigma_Y (I - AB)^T + A Sigma_W A^T = E[(Y - AX)(Y - AX)^T]:
//   reconstruction = -E log N(Y; AX, Sigma_Z) = 1/2 tr(Sigma_Z^-1 C) + 1/2 log det Sigma_Z + n/2
//   log 2pi kl             = E KL(q(x|y) || N(0, I))  = 1/2 [tr Sigma_W + tr(B Sigma_Y B^T) - m -
//   log det Sigma_W] penalty        = E||Y - Y-hat||^2         = tr C (DECODER_MEAN) or tr C + tr
//   Sigma_Z (DECODER_SAMPLE) total          = reconstruction + beta kl + lambda penalty   (L_beta
//   when lambda = 0)
#ifndef LAMBDABETA_MODELS_LINEAR_GAUSSIAN_TORCH_OBJECTIVE_H_
#define LAMBDABETA_MODELS_LINEAR_GAUSSIAN_TORCH_OBJECTIVE_H_

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

#include "common/proto/linear_study.pb.h"
#include "models/linear_gaussian/problem.h"

namespace lambdabeta::linear_gaussian {

// The data side of eq. 1 in factored form: Sigma_Y = factor factor^T + noise_variance I with
// factor [..., n, r] and noise_variance [...]. A problem gives factor = Gamma Sigma_V^(1/2)
// (r = s) and noise_variance = sigma2, which keeps the closed form O(n^2 (m + s)); any Sigma_Y
// can be given as factor = chol(Sigma_Y), noise_variance = 0.
struct TorchObservation {
  at::Tensor factor;
  at::Tensor noise_variance;

  int64_t n() const { return factor.size(-2); }
  int64_t rank() const { return factor.size(-1); }
  // Sigma_Y, [..., n, n].
  at::Tensor Covariance() const;

  static TorchObservation FromProblem(const Problem& problem);
  // Stacks the problems (same n and s) along a new leading dimension K.
  static TorchObservation FromProblems(const std::vector<Problem>& problems);
  // Any symmetric positive definite Sigma_Y [..., n, n] (factored here, differentiably).
  static TorchObservation FromCovariance(const at::Tensor& sigma_y);
};

// Model parameters with the covariances in Cholesky form:
//   Sigma_Z^-1 = precision_chol_z precision_chol_z^T  (the decoder's precision: the closed form
//                then needs no n x n inverse and costs O(n^2 (m + s)) instead of O(n^3)),
//   Sigma_W    = chol_w chol_w^T.
// Both factors lower triangular with a positive diagonal (only the lower triangles are read).
// Shapes a [..., n, m], b [..., m, n], precision_chol_z [..., n, n], chol_w [..., m, m].
struct CholeskyModel {
  at::Tensor a;
  at::Tensor b;
  at::Tensor precision_chol_z;
  at::Tensor chol_w;

  // Factors sigma_z and sigma_w (symmetric positive definite), differentiably.
  static CholeskyModel FromCovariances(const at::Tensor& a, const at::Tensor& b,
                                       const at::Tensor& sigma_z, const at::Tensor& sigma_w);
};

// The objective's parts, as in the header comment: each has the batch shape [...] (per-sample
// functions add a trailing sample dimension).
struct LossTerms {
  at::Tensor reconstruction;
  at::Tensor kl;
  at::Tensor penalty;
  at::Tensor total;
};

LossTerms ClosedFormLoss(const CholeskyModel& model, const TorchObservation& observation,
                         const Weights& weights, ReconstructionReading reading);

// The closed form as a function of the matrices themselves. The gradient with respect to
// sigma_z or sigma_w is the symmetric G with dL = <G, dSigma> for every symmetric dSigma.
LossTerms ClosedFormLoss(const at::Tensor& a, const at::Tensor& b, const at::Tensor& sigma_z,
                         const at::Tensor& sigma_w, const at::Tensor& sigma_y,
                         const Weights& weights, ReconstructionReading reading);

// Standard-normal draws behind one minibatch. A sample's draws form a row of width
// NoiseWidth(), in the order [v (r) | xi (n) | eps (m) | zeta (n, DECODER_SAMPLE only)], and make
//   Y = factor v + sqrt(noise_variance) xi,  X = B Y + L_W eps,  Z = Sigma_Z^(1/2) zeta
// (Z = precision_chol_z^-T zeta). The loss depends on the draws only through the sum of the rows'
// outer products, so `rows` may be the batch_size samples themselves or any rows whose outer
// products sum to the same Wishart(I, batch_size) law (see DrawMinibatchRows).
struct MinibatchNoise {
  at::Tensor rows;     // [..., k, NoiseWidth()]
  int64_t batch_size;  // N: the minibatch the rows stand for

  static int64_t NoiseWidth(int64_t n, int64_t m, int64_t r, ReconstructionReading reading);
};

// Draws one minibatch's rows for a single trial from `generator` alone, in a fixed order:
// for batch_size <= width, the batch_size samples themselves ([batch_size, width] i.i.d.
// N(0, 1)); otherwise the width rows of the transposed Bartlett factor of a
// Wishart_width(I, batch_size) matrix ([width, width]: above the diagonal N(0, 1), on it
// sqrt(chi^2_{batch_size - i})), so the cost no longer grows with the batch size.
at::Tensor DrawMinibatchRows(int64_t batch_size, int64_t width, at::Generator generator);

// The per-sample loss l_i = -log N(y_i; A x_i, Sigma_Z) + beta KL(q(x|y_i) || N(0, I))
// + lambda ||y_i - y-hat_i||^2 (KL in closed form per sample, x_i reparameterised), one per row
// of `rows` (each row taken as one sample), shape [..., k]. Its expectation is ClosedFormLoss.
LossTerms PerSampleLoss(const CholeskyModel& model, const TorchObservation& observation,
                        const at::Tensor& rows, const Weights& weights,
                        ReconstructionReading reading);

// The minibatch estimate (1/N) sum_i l_i, shape [...]: for rows that are the samples, the mean
// of PerSampleLoss.
LossTerms MonteCarloLoss(const CholeskyModel& model, const TorchObservation& observation,
                         const MinibatchNoise& noise, const Weights& weights,
                         ReconstructionReading reading);

}  // namespace lambdabeta::linear_gaussian

#endif  // LAMBDABETA_MODELS_LINEAR_GAUSSIAN_TORCH_OBJECTIVE_H_
