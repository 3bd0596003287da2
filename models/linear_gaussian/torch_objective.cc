#include "models/linear_gaussian/torch_objective.h"

#include <torch/types.h>

#include <cmath>

#include "models/linear_gaussian/eigen_torch.h"

namespace lambdabeta::linear_gaussian {
namespace {

torch::Tensor Transpose(const torch::Tensor& matrix) { return matrix.transpose(-2, -1); }

// <x, y> and ||x||^2 over the last two dimensions.
torch::Tensor Inner(const torch::Tensor& x, const torch::Tensor& y) {
  return (x * y).sum({-2, -1});
}
torch::Tensor SquaredNorm(const torch::Tensor& x) { return x.square().sum({-2, -1}); }

// sum_i log L_ii = 1/2 log det (L L^T) for a lower-triangular L with a positive diagonal.
torch::Tensor HalfLogDet(const torch::Tensor& chol) {
  return chol.diagonal(0, -2, -1).log().sum(-1);
}

// A [...] tensor as [..., 1, 1], to scale matrices.
torch::Tensor AsMatrixScale(const torch::Tensor& scalar) {
  return scalar.unsqueeze(-1).unsqueeze(-1);
}

void CheckReading(ReconstructionReading reading) {
  TORCH_CHECK(reading == DECODER_MEAN || reading == DECODER_SAMPLE,
              "the reconstruction reading must be DECODER_MEAN or DECODER_SAMPLE, got ",
              static_cast<int>(reading));
}

LossTerms Combine(torch::Tensor reconstruction, torch::Tensor kl, torch::Tensor penalty,
                  const Weights& weights) {
  torch::Tensor total = reconstruction + weights.beta * kl + weights.lambda * penalty;
  return {std::move(reconstruction), std::move(kl), std::move(penalty), std::move(total)};
}

// The parts of the loss that do not depend on the sample:
// -log N(y; Ax, Sigma_Z) = 1/2 ||P^T r||^2 + reconstruction, with P = precision_chol_z;
// KL(q(x|y) || N(0, I)) = 1/2 ||B y||^2 + kl.
struct SampleFreeParts {
  torch::Tensor reconstruction;
  torch::Tensor kl;
};

SampleFreeParts SampleFree(const CholeskyModel& model) {
  const int64_t n = model.a.size(-2);
  const int64_t m = model.a.size(-1);
  return {-HalfLogDet(model.precision_chol_z) + 0.5 * n * std::log(2 * M_PI),
          0.5 * (SquaredNorm(model.chol_w) - m) - HalfLogDet(model.chol_w)};
}

// tr Sigma_Z = ||P^-1||^2: the only O(n^3) term, needed by DECODER_SAMPLE alone.
torch::Tensor DecoderNoiseTrace(const torch::Tensor& precision_chol_z) {
  const torch::Tensor identity = torch::eye(precision_chol_z.size(-1), precision_chol_z.options());
  return SquaredNorm(torch::linalg_solve_triangular(precision_chol_z, identity, /*upper=*/false));
}

// Per row (sample) of `rows`: ||P^T r||^2, ||B y||^2 and ||y - y-hat||^2, each [..., k].
struct SampleParts {
  torch::Tensor whitened_residual;
  torch::Tensor encoder_mean;
  torch::Tensor penalty;
};

SampleParts PerRow(const CholeskyModel& model, const TorchObservation& observation,
                   const torch::Tensor& rows, ReconstructionReading reading) {
  const int64_t n = model.a.size(-2);
  const int64_t m = model.a.size(-1);
  const int64_t r = observation.rank();
  TORCH_CHECK(rows.size(-1) == MinibatchNoise::NoiseWidth(n, m, r, reading),
              "noise rows have width ", rows.size(-1), ", expected ",
              MinibatchNoise::NoiseWidth(n, m, r, reading));
  // Samples are rows: Y [..., k, n] = v factor^T + sigma xi, and so on.
  const torch::Tensor y = torch::matmul(rows.narrow(-1, 0, r), Transpose(observation.factor)) +
                          AsMatrixScale(observation.noise_variance.sqrt()) * rows.narrow(-1, r, n);
  const torch::Tensor encoder_mean = torch::matmul(y, Transpose(model.b));
  const torch::Tensor x =
      encoder_mean + torch::matmul(rows.narrow(-1, r + n, m), Transpose(model.chol_w));
  const torch::Tensor residual = y - torch::matmul(x, Transpose(model.a));
  torch::Tensor penalty;
  if (reading == DECODER_SAMPLE) {
    // Z^T = zeta^T P^-1: solve Z^T P = zeta^T.
    const torch::Tensor z = torch::linalg_solve_triangular(
        model.precision_chol_z, rows.narrow(-1, r + n + m, n), /*upper=*/false, /*left=*/false);
    penalty = (residual - z).square().sum(-1);
  } else {
    penalty = residual.square().sum(-1);
  }
  return {torch::matmul(residual, model.precision_chol_z).square().sum(-1),
          encoder_mean.square().sum(-1), std::move(penalty)};
}

}  // namespace

torch::Tensor TorchObservation::Covariance() const {
  const torch::Tensor identity = torch::eye(n(), factor.options());
  return torch::matmul(factor, Transpose(factor)) + AsMatrixScale(noise_variance) * identity;
}

TorchObservation TorchObservation::FromProblem(const Problem& problem) {
  return {
      ToTensor(Eigen::MatrixXd(problem.gamma * problem.factor_variance.cwiseSqrt().asDiagonal())),
      torch::tensor(problem.sigma2, torch::TensorOptions().dtype(torch::kFloat64))};
}

TorchObservation TorchObservation::FromProblems(const std::vector<Problem>& problems) {
  std::vector<torch::Tensor> factors;
  std::vector<torch::Tensor> noise_variances;
  for (const Problem& problem : problems) {
    TorchObservation one = FromProblem(problem);
    factors.push_back(std::move(one.factor));
    noise_variances.push_back(std::move(one.noise_variance));
  }
  return {torch::stack(factors), torch::stack(noise_variances)};
}

TorchObservation TorchObservation::FromCovariance(const torch::Tensor& sigma_y) {
  return {torch::linalg_cholesky(sigma_y),
          torch::zeros(sigma_y.sizes().slice(0, sigma_y.dim() - 2), sigma_y.options())};
}

CholeskyModel CholeskyModel::FromCovariances(const torch::Tensor& a, const torch::Tensor& b,
                                             const torch::Tensor& sigma_z,
                                             const torch::Tensor& sigma_w) {
  return {a, b, torch::linalg_cholesky(torch::linalg_inv(sigma_z)),
          torch::linalg_cholesky(sigma_w)};
}

LossTerms ClosedFormLoss(const CholeskyModel& model, const TorchObservation& observation,
                         const Weights& weights, ReconstructionReading reading) {
  CheckReading(reading);
  const int64_t n = model.a.size(-2);
  const torch::Tensor& a = model.a;
  const torch::Tensor& b = model.b;
  const torch::Tensor& p = model.precision_chol_z;
  const torch::Tensor noise = observation.noise_variance;
  // C = (I - AB) F F^T (I - AB)^T + noise (I - AB)(I - AB)^T + (A L_W)(A L_W)^T. Every product
  // below is O(n^2 (m + r)); the n x n matrices I - AB and P^T (I - AB) are never formed:
  //   ||P^T (I - AB)||^2 = ||P||^2 - 2 <P^T B^T, P^T A> + <(P^T A)^T (P^T A), B B^T>,
  //   ||I - AB||^2       = n - 2 tr(A B) + <A^T A, B B^T>,
  // and P enters through one product P^T [A | B^T | (I - AB) F] (one n x n gradient to form).
  const int64_t m = a.size(-1);
  const torch::Tensor b_factor = torch::matmul(b, observation.factor);
  const torch::Tensor residual_factor = observation.factor - torch::matmul(a, b_factor);
  const torch::Tensor whitened =
      torch::matmul(Transpose(p), torch::cat({a, Transpose(b), residual_factor}, -1));
  const torch::Tensor p_t_a = whitened.narrow(-1, 0, m);
  const torch::Tensor p_t_b_t = whitened.narrow(-1, m, m);
  const torch::Tensor p_t_residual_factor = whitened.narrow(-1, 2 * m, observation.rank());
  const torch::Tensor b_b_t = torch::matmul(b, Transpose(b));
  const torch::Tensor whitened_identity_part = SquaredNorm(p) - 2 * Inner(p_t_b_t, p_t_a) +
                                               Inner(torch::matmul(Transpose(p_t_a), p_t_a), b_b_t);
  const torch::Tensor identity_part =
      n - 2 * Inner(a, Transpose(b)) + Inner(torch::matmul(Transpose(a), a), b_b_t);
  const torch::Tensor trace_whitened_c = SquaredNorm(p_t_residual_factor) +
                                         SquaredNorm(torch::matmul(p_t_a, model.chol_w)) +
                                         noise * whitened_identity_part;
  const torch::Tensor trace_c = SquaredNorm(residual_factor) +
                                SquaredNorm(torch::matmul(a, model.chol_w)) + noise * identity_part;

  const SampleFreeParts sample_free = SampleFree(model);
  torch::Tensor penalty = trace_c;
  if (reading == DECODER_SAMPLE) penalty = penalty + DecoderNoiseTrace(p);
  return Combine(0.5 * trace_whitened_c + sample_free.reconstruction,
                 0.5 * (SquaredNorm(b_factor) + noise * SquaredNorm(b)) + sample_free.kl,
                 std::move(penalty), weights);
}

LossTerms ClosedFormLoss(const torch::Tensor& a, const torch::Tensor& b,
                         const torch::Tensor& sigma_z, const torch::Tensor& sigma_w,
                         const torch::Tensor& sigma_y, const Weights& weights,
                         ReconstructionReading reading) {
  return ClosedFormLoss(CholeskyModel::FromCovariances(a, b, sigma_z, sigma_w),
                        TorchObservation::FromCovariance(sigma_y), weights, reading);
}

int64_t MinibatchNoise::NoiseWidth(int64_t n, int64_t m, int64_t r, ReconstructionReading reading) {
  return r + n + m + (reading == DECODER_SAMPLE ? n : 0);
}

torch::Tensor DrawMinibatchRows(int64_t batch_size, int64_t width, at::Generator generator) {
  const auto options = torch::TensorOptions().dtype(torch::kFloat64);
  if (batch_size <= width) {
    return torch::empty({batch_size, width}, options).normal_(0.0, 1.0, generator);
  }
  // Bartlett: W = L L^T ~ Wishart_width(I, N) for L lower triangular with independent
  // L_ij ~ N(0, 1) (i > j) and L_ii^2 ~ chi^2_{N - i} (i = 0, 1, ...). The rows are L^T's.
  torch::Tensor rows = torch::zeros({width, width}, options);
  const torch::Tensor above_diagonal = torch::ones({width, width}, torch::kBool).triu(1);
  rows.masked_scatter_(
      above_diagonal,
      torch::empty({width * (width - 1) / 2}, options).normal_(0.0, 1.0, generator));
  const torch::Tensor half_dof = (batch_size - torch::arange(width, options)) / 2;
  rows.diagonal().copy_((2 * at::_standard_gamma(half_dof, generator)).sqrt());
  return rows;
}

LossTerms PerSampleLoss(const CholeskyModel& model, const TorchObservation& observation,
                        const torch::Tensor& rows, const Weights& weights,
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
