#define TORCH_ASSERT_ONLY_METHOD_OPERATORS  // no header with every operator (ARCHITECTURE.md)
#include "models/linear_gaussian/torch_objective.h"

#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/_standard_gamma.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/eye.h>
#include <ATen/ops/linalg_cholesky.h>
#include <ATen/ops/linalg_inv.h>
#include <ATen/ops/linalg_solve_triangular.h>
#include <ATen/ops/matmul.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/scalar_tensor.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/zeros.h>

#include <cmath>

#include "models/linear_gaussian/eigen_torch.h"

namespace lambdabeta::linear_gaussian {
namespace {

at::Tensor Transpose(const at::Tensor& matrix) { return matrix.transpose(-2, -1); }

// <x, y> and ||x||^2 over the last two dimensions.
at::Tensor Inner(const at::Tensor& x, const at::Tensor& y) { return (x * y).sum({-2, -1}); }
at::Tensor SquaredNorm(const at::Tensor& x) { return x.square().sum({-2, -1}); }

// sum_i log L_ii = 1/2 log det (L L^T) for a lower-triangular L with a positive diagonal.
at::Tensor HalfLogDet(const at::Tensor& chol) { return chol.diagonal(0, -2, -1).log().sum(-1); }

// A [...] tensor as [..., 1, 1], to scale matrices.
at::Tensor AsMatrixScale(const at::Tensor& scalar) { return scalar.unsqueeze(-1).unsqueeze(-1); }

void CheckReading(ReconstructionReading reading) {
  TORCH_CHECK(reading == DECODER_MEAN || reading == DECODER_SAMPLE,
              "the reconstruction reading must be DECODER_MEAN or DECODER_SAMPLE, got ",
              static_cast<int>(reading));
}

LossTerms Combine(at::Tensor reconstruction, at::Tensor kl, at::Tensor penalty,
                  const Weights& weights) {
  at::Tensor total = reconstruction + weights.beta * kl + weights.lambda * penalty;
  return {std::move(reconstruction), std::move(kl), std::move(penalty), std::move(total)};
}

// The parts of the loss that do not depend on the sample:
// -log N(y; Ax, Sigma_Z) = 1/2 ||P^T r||^2 + reconstruction, with P = precision_chol_z;
// KL(q(x|y) || N(0, I)) = 1/2 ||B y||^2 + kl.
struct SampleFreeParts {
  at::Tensor reconstruction;
  at::Tensor kl;
};

SampleFreeParts SampleFree(const CholeskyModel& model) {
  const int64_t n = model.a.size(-2);
  const int64_t m = model.a.size(-1);
  return {-HalfLogDet(model.precision_chol_z) + 0.5 * n * std::log(2 * M_PI),
          0.5 * (SquaredNorm(model.chol_w) - m) - HalfLogDet(model.chol_w)};
}

// tr Sigma_Z = ||P^-1||^2: the only O(n^3) term, needed by DECODER_SAMPLE alone.
at::Tensor DecoderNoiseTrace(const at::Tensor& precision_chol_z) {
  const at::Tensor identity = at::eye(precision_chol_z.size(-1), precision_chol_z.options());
  return SquaredNorm(at::linalg_solve_triangular(precision_chol_z, identity, /*upper=*/false));
}

// Per row (sample) of `rows`: ||P^T r||^2, ||B y||^2 and ||y - y-hat||^2, each [..., k].
struct SampleParts {
  at::Tensor whitened_residual;
  at::Tensor encoder_mean;
  at::Tensor penalty;
};

SampleParts PerRow(const CholeskyModel& model, const TorchObservation& observation,
                   const at::Tensor& rows, ReconstructionReading reading) {
  const int64_t n = model.a.size(-2);
  const int64_t m = model.a.size(-1);
  const int64_t r = observation.rank();
  TORCH_CHECK(rows.size(-1) == MinibatchNoise::NoiseWidth(n, m, r, reading),
              "noise rows have width ", rows.size(-1), ", expected ",
              MinibatchNoise::NoiseWidth(n, m, r, reading));
  // Samples are rows: Y [..., k, n] = v factor^T + sigma xi, and so on.
  const at::Tensor y = at::matmul(rows.narrow(-1, 0, r), Transpose(observation.factor)) +
                       AsMatrixScale(observation.noise_variance.sqrt()) * rows.narrow(-1, r, n);
  const at::Tensor encoder_mean = at::matmul(y, Transpose(model.b));
  const at::Tensor x =
      encoder_mean + at::matmul(rows.narrow(-1, r + n, m), Transpose(model.chol_w));
  const at::Tensor residual = y - at::matmul(x, Transpose(model.a));
  at::Tensor penalty;
  if (reading == DECODER_SAMPLE) {
    // Z^T = zeta^T P^-1: solve Z^T P = zeta^T.
    const at::Tensor z = at::linalg_solve_triangular(
        model.precision_chol_z, rows.narrow(-1, r + n + m, n), /*upper=*/false, /*left=*/false);
    penalty = (residual - z).square().sum(-1);
  } else {
    penalty = residual.square().sum(-1);
  }
  return {at::matmul(residual, model.precision_chol_z).square().sum(-1),
          encoder_mean.square().sum(-1), std::move(penalty)};
}

}  // namespace

at::Tensor TorchObservation::Covariance() const {
  const at::Tensor identity = at::eye(n(), factor.options());
  return at::matmul(factor, Transpose(factor)) + AsMatrixScale(noise_variance) * identity;
}

TorchObservation TorchObservation::FromProblem(const Problem& problem) {
  return {
      ToTensor(Eigen::MatrixXd(problem.gamma * problem.factor_variance.cwiseSqrt().asDiagonal())),
      at::scalar_tensor(problem.sigma2, at::TensorOptions().dtype(at::kDouble))};
}

TorchObservation TorchObservation::FromProblems(const std::vector<Problem>& problems) {
  std::vector<at::Tensor> factors;
  std::vector<at::Tensor> noise_variances;
  for (const Problem& problem : problems) {
    TorchObservation one = FromProblem(problem);
    factors.push_back(std::move(one.factor));
    noise_variances.push_back(std::move(one.noise_variance));
  }
  return {at::stack(factors), at::stack(noise_variances)};
}

TorchObservation TorchObservation::FromCovariance(const at::Tensor& sigma_y) {
  return {at::linalg_cholesky(sigma_y),
          at::zeros(sigma_y.sizes().slice(0, sigma_y.dim() - 2), sigma_y.options())};
}

CholeskyModel CholeskyModel::FromCovariances(const at::Tensor& a, const at::Tensor& b,
                                             const at::Tensor& sigma_z, const at::Tensor& sigma_w) {
  return {a, b, at::linalg_cholesky(at::linalg_inv(sigma_z)), at::linalg_cholesky(sigma_w)};
}

LossTerms ClosedFormLoss(const CholeskyModel& model, const TorchObservation& observation,
                         const Weights& weights, ReconstructionReading reading) {
  CheckReading(reading);
  const int64_t n = model.a.size(-2);
  const at::Tensor& a = model.a;
  const at::Tensor& b = model.b;
  const at::Tensor& p = model.precision_chol_z;
  const at::Tensor noise = observation.noise_variance;
  // C = (I - AB) F F^T (I - AB)^T + noise (I - AB)(I - AB)^T + (A L_W)(A L_W)^T. Every product
  // below is O(n^2 (m + r)); the n x n matrices I - AB and P^T (I - AB) are never formed:
  //   ||P^T (I - AB)||^2 = ||P||^2 - 2 <P^T B^T, P^T A> + <(P^T A)^T (P^T A), B B^T>,
  //   ||I - AB||^2       = n - 2 tr(A B) + <A^T A, B B^T>,
  // and P enters through one product P^T [A | B^T | (I - AB) F] (one n x n gradient to form).
  const int64_t m = a.size(-1);
  const at::Tensor b_factor = at::matmul(b, observation.factor);
  const at::Tensor residual_factor = observation.factor - at::matmul(a, b_factor);
  const at::Tensor whitened =
      at::matmul(Transpose(p), at::cat({a, Transpose(b), residual_factor}, -1));
  const at::Tensor p_t_a = whitened.narrow(-1, 0, m);
  const at::Tensor p_t_b_t = whitened.narrow(-1, m, m);
  const at::Tensor p_t_residual_factor = whitened.narrow(-1, 2 * m, observation.rank());
  const at::Tensor b_b_t = at::matmul(b, Transpose(b));
  const at::Tensor whitened_identity_part = SquaredNorm(p) - 2 * Inner(p_t_b_t, p_t_a) +
                                            Inner(at::matmul(Transpose(p_t_a), p_t_a), b_b_t);
  const at::Tensor identity_part =
      n - 2 * Inner(a, Transpose(b)) + Inner(at::matmul(Transpose(a), a), b_b_t);
  const at::Tensor trace_whitened_c = SquaredNorm(p_t_residual_factor) +
                                      SquaredNorm(at::matmul(p_t_a, model.chol_w)) +
                                      noise * whitened_identity_part;
  const at::Tensor trace_c = SquaredNorm(residual_factor) +
                             SquaredNorm(at::matmul(a, model.chol_w)) + noise * identity_part;

  const SampleFreeParts sample_free = SampleFree(model);
  at::Tensor penalty = trace_c;
  if (reading == DECODER_SAMPLE) penalty = penalty + DecoderNoiseTrace(p);
  return Combine(0.5 * trace_whitened_c + sample_free.reconstruction,
                 0.5 * (SquaredNorm(b_factor) + noise * SquaredNorm(b)) + sample_free.kl,
                 std::move(penalty), weights);
}

LossTerms ClosedFormLoss(const at::Tensor& a, const at::Tensor& b, const at::Tensor& sigma_z,
                         const at::Tensor& sigma_w, const at::Tensor& sigma_y,
                         const Weights& weights, ReconstructionReading reading) {
  return ClosedFormLoss(CholeskyModel::FromCovariances(a, b, sigma_z, sigma_w),
                        TorchObservation::FromCovariance(sigma_y), weights, reading);
}

int64_t MinibatchNoise::NoiseWidth(int64_t n, int64_t m, int64_t r, ReconstructionReading reading) {
  return r + n + m + (reading == DECODER_SAMPLE ? n : 0);
}

at::Tensor DrawMinibatchRows(int64_t batch_size, int64_t width, at::Generator generator) {
  const auto options = at::TensorOptions().dtype(at::kDouble);
  if (batch_size <= width) {
    return at::empty({batch_size, width}, options).normal_(0.0, 1.0, generator);
  }
  // Bartlett: W = L L^T ~ Wishart_width(I, N) for L lower triangular with independent
  // L_ij ~ N(0, 1) (i > j) and L_ii^2 ~ chi^2_{N - i} (i = 0, 1, ...). The rows are L^T's.
  at::Tensor rows = at::zeros({width, width}, options);
  const at::Tensor above_diagonal = at::ones({width, width}, at::kBool).triu(1);
  rows.masked_scatter_(above_diagonal,
                       at::empty({width * (width - 1) / 2}, options).normal_(0.0, 1.0, generator));
  const at::Tensor half_dof = (batch_size - at::arange(width, options)) / 2;
  rows.diagonal().copy_((2 * at::_standard_gamma(half_dof, generator)).sqrt());
  return rows;
}

LossTerms PerSampleLoss(const CholeskyModel& model, const TorchObservation& observation,
                        const at::Tensor& rows, const Weights& weights,
                        ReconstructionReading reading) {
  CheckReading(reading);
  const SampleParts parts = PerRow(model, observation, rows, reading);
  const SampleFreeParts sample_free = SampleFree(model);
  return Combine(0.5 * parts.whitened_residual + sample_free.reconstruction.unsqueeze(-1),
                 0.5 * parts.encoder_mean + sample_free.kl.unsqueeze(-1), parts.penalty, weights);
}

LossTerms MonteCarloLoss(const CholeskyModel& model, const TorchObservation& observation,
                         const MinibatchNoise& noise, const Weights& weights,
                         ReconstructionReading reading) {
  CheckReading(reading);
  const SampleParts parts = PerRow(model, observation, noise.rows, reading);
  const SampleFreeParts sample_free = SampleFree(model);
  const double per_sample = 1.0 / noise.batch_size;
  return Combine(0.5 * per_sample * parts.whitened_residual.sum(-1) + sample_free.reconstruction,
                 0.5 * per_sample * parts.encoder_mean.sum(-1) + sample_free.kl,
                 per_sample * parts.penalty.sum(-1), weights);
}

}  // namespace lambdabeta::linear_gaussian
