#define TORCH_ASSERT_ONLY_METHOD_OPERATORS  // no header with every operator (ARCHITECTURE.md)
#include "models/linear_gaussian/torch_objective.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>
#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/matmul.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/randn_like.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/zeros_like.h>

#include <cmath>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "models/linear_gaussian/eigen_torch.h"
#include "models/linear_gaussian/test_instances.h"

namespace lambdabeta::linear_gaussian {
namespace {

constexpr int kN = 6;
constexpr int kM = 3;
constexpr int kS = 2;
const double kTwoPi = 2 * M_PI;

Eigen::MatrixXd SigmaY(const Problem& p) { return ObservationCovariance(p); }

Eigen::MatrixXd PrecisionCholesky(const Eigen::MatrixXd& covariance) {
  return Eigen::MatrixXd(covariance.inverse()).llt().matrixL();
}

CholeskyModel Factored(const State& state) {
  return {ToTensor(state.a), ToTensor(state.b), ToTensor(PrecisionCholesky(state.sigma_z)),
          ToTensor(Eigen::MatrixXd(state.sigma_w.llt().matrixL()))};
}

// The closed form through the matrix overload (Sigma_Y factored as chol(Sigma_Y), no noise term).
LossTerms ClosedForm(const State& state, const Problem& p, const Weights& w,
                     ReconstructionReading reading) {
  return ClosedFormLoss(ToTensor(state.a), ToTensor(state.b), ToTensor(state.sigma_z),
                        ToTensor(state.sigma_w), ToTensor(SigmaY(p)), w, reading);
}

double Value(const at::Tensor& t) { return t.item<double>(); }

at::Generator Generator(uint64_t seed) { return at::make_generator<at::CPUGeneratorImpl>(seed); }

TEST(TorchObjectiveTest, ObservationCovarianceIsGammaSigmaVGammaTPlusNoise) {
  const Problem p = RandomProblem(kN, kM, kS, 0.05, 1);
  EXPECT_TRUE(ToEigen(TorchObservation::FromProblem(p).Covariance()).isApprox(SigmaY(p), 1e-14));
  const at::Tensor sigma_y = ToTensor(SigmaY(p));
  EXPECT_TRUE(
      at::allclose(TorchObservation::FromCovariance(sigma_y).Covariance(), sigma_y, 1e-14, 1e-14));
}

// Independent of the closed form's algebra: when q(x|y) is the exact posterior of the decoder
// p(y|x) = N(Ax, Sigma_Z), p(x) = N(0, I), the negative ELBO (beta = 1, lambda = 0) equals the
// expected negative log marginal likelihood -E log N(Y; 0, A A^T + Sigma_Z), Y ~ N(0, Sigma_Y).
TEST(TorchObjectiveTest, NegativeElboAtTheExactPosteriorIsTheMarginalLikelihood) {
  const Problem p = RandomProblem(kN, kM, kS, 0.05, 2);
  State state = RandomState(p, 3);
  const Eigen::MatrixXd z_inverse = state.sigma_z.inverse();
  state.sigma_w =
      (Eigen::MatrixXd::Identity(kM, kM) + state.a.transpose() * z_inverse * state.a).inverse();
  state.b = state.sigma_w * state.a.transpose() * z_inverse;
  const Eigen::MatrixXd marginal = state.a * state.a.transpose() + state.sigma_z;
  const double expected = 0.5 * (marginal.inverse() * SigmaY(p)).trace() +
                          0.5 * std::log(marginal.determinant()) + 0.5 * kN * std::log(kTwoPi);
  EXPECT_NEAR(Value(ClosedForm(state, p, {1.0, 0.0}, DECODER_MEAN).total), expected,
              1e-12 * std::abs(expected));
  // The structured path (Sigma_Y = factor factor^T + sigma2 I) agrees.
  EXPECT_NEAR(Value(ClosedFormLoss(Factored(state), TorchObservation::FromProblem(p), {1.0, 0.0},
                                   DECODER_MEAN)
                        .total),
              expected, 1e-12 * std::abs(expected));
  // Away from the exact posterior the ELBO is strictly below the log likelihood.
  state.b *= 0.5;
  EXPECT_GT(Value(ClosedForm(state, p, {1.0, 0.0}, DECODER_MEAN).total), expected + 1e-3);
}

TEST(TorchObjectiveTest, TrivialSolutionCostsTheEntropyOfY) {
  const Problem p = RandomProblem(kN, kM, kS, 0.05, 4);
  const State trivial{Eigen::MatrixXd::Zero(kN, kM), Eigen::MatrixXd::Zero(kM, kN), SigmaY(p),
                      Eigen::MatrixXd::Identity(kM, kM)};
  const double entropy =
      0.5 * kN * std::log(kTwoPi * M_E) + 0.5 * std::log(SigmaY(p).determinant());
  EXPECT_NEAR(ObservationEntropy(p), entropy, 1e-12);
  for (double beta : {0.5, 1.0, 8.0}) {
    const LossTerms terms = ClosedForm(trivial, p, {beta, 2.0}, DECODER_MEAN);
    EXPECT_NEAR(Value(terms.kl), 0.0, 1e-13);
    EXPECT_NEAR(Value(terms.reconstruction), entropy, 1e-12);
    EXPECT_NEAR(Value(terms.penalty), SigmaY(p).trace(), 1e-12);
  }
}

// The two ways of giving Sigma_Y (its Cholesky factor; Gamma Sigma_V^(1/2) plus sigma2 I, which
// uses the expanded ||P^T (I - AB)||^2 and ||I - AB||^2) give the same terms, both readings.
TEST(TorchObjectiveTest, StructuredAndGeneralObservationAgree) {
  const Problem p = RandomProblem(kN, kM, kS, 0.3, 5);
  const State state = RandomState(p, 6);
  for (ReconstructionReading reading : {DECODER_MEAN, DECODER_SAMPLE}) {
    const LossTerms general = ClosedForm(state, p, {1.5, 0.5}, reading);
    const LossTerms structured =
        ClosedFormLoss(Factored(state), TorchObservation::FromProblem(p), {1.5, 0.5}, reading);
    EXPECT_NEAR(Value(structured.reconstruction), Value(general.reconstruction), 1e-12);
    EXPECT_NEAR(Value(structured.kl), Value(general.kl), 1e-12);
    EXPECT_NEAR(Value(structured.penalty), Value(general.penalty), 1e-12);
    EXPECT_NEAR(Value(structured.total), Value(general.total), 1e-12);
  }
}

// One sample's loss straight from the densities: -log N(y; A x, Sigma_Z) with an LDLT solve and
// determinant, KL(N(By, Sigma_W) || N(0, I)) from the Gaussian KL formula.
TEST(TorchObjectiveTest, PerSampleLossMatchesTheDensities) {
  const Problem p = RandomProblem(kN, kM, kS, 0.05, 7);
  const State state = RandomState(p, 8);
  const Weights weights{1.7, 0.3};
  for (ReconstructionReading reading : {DECODER_MEAN, DECODER_SAMPLE}) {
    const int64_t width = MinibatchNoise::NoiseWidth(kN, kM, kS, reading);
    const at::Tensor rows = at::randn({4, width}, at::kDouble);
    const LossTerms terms =
        PerSampleLoss(Factored(state), TorchObservation::FromProblem(p), rows, weights, reading);
    const Eigen::MatrixXd e = ToEigen(rows);
    const Eigen::MatrixXd l_w = state.sigma_w.llt().matrixL();
    const Eigen::MatrixXd precision_chol = PrecisionCholesky(state.sigma_z);
    for (int i = 0; i < 4; ++i) {
      const Eigen::VectorXd v =
          p.factor_variance.cwiseSqrt().cwiseProduct(e.row(i).segment(0, kS).transpose());
      const Eigen::VectorXd y =
          p.gamma * v + std::sqrt(p.sigma2) * e.row(i).segment(kS, kN).transpose();
      const Eigen::VectorXd mean = state.b * y;
      const Eigen::VectorXd x = mean + l_w * e.row(i).segment(kS + kN, kM).transpose();
      const Eigen::VectorXd r = y - state.a * x;
      const double nll = 0.5 * r.dot(state.sigma_z.ldlt().solve(r)) +
                         0.5 * std::log(state.sigma_z.determinant()) + 0.5 * kN * std::log(kTwoPi);
      const double kl = 0.5 * (state.sigma_w.trace() + mean.squaredNorm() - kM -
                               std::log(state.sigma_w.determinant()));
      double penalty = r.squaredNorm();
      if (reading == DECODER_SAMPLE) {
        // Z = P^-T zeta has covariance (P P^T)^-1 = Sigma_Z.
        const Eigen::VectorXd z = precision_chol.transpose().triangularView<Eigen::Upper>().solve(
            e.row(i).segment(kS + kN + kM, kN).transpose());
        penalty = (r - z).squaredNorm();
      }
      EXPECT_NEAR(Value(terms.reconstruction[i]), nll, 1e-12 * std::abs(nll));
      EXPECT_NEAR(Value(terms.kl[i]), kl, 1e-12 * kl);
      EXPECT_NEAR(Value(terms.penalty[i]), penalty, 1e-12 * penalty);
      EXPECT_NEAR(Value(terms.total[i]), nll + weights.beta * kl + weights.lambda * penalty,
                  1e-11 * std::abs(nll + kl + penalty));
    }
  }
}

// Moments of the Bartlett rows' scatter W = sum_j row_j row_j^T against Wishart_d(I, N):
// E W = N I, Var W_ii = 2N, Var W_ij = N (i != j). Small d and N so that an off-by-one in the
// chi-square degrees of freedom (E W_ii = N - 1) is many standard errors away.
TEST(TorchObjectiveTest, BartlettRowsHaveTheWishartMoments) {
  constexpr int kWidth = 4;
  constexpr int kBatch = 7;
  constexpr int kDraws = 40000;
  at::Generator generator = Generator(11);
  std::vector<at::Tensor> scatters;
  for (int t = 0; t < kDraws; ++t) {
    const at::Tensor rows = DrawMinibatchRows(kBatch, kWidth, generator);
    ASSERT_EQ(rows.sizes(), (std::vector<int64_t>{kWidth, kWidth}));
    scatters.push_back(at::matmul(rows.t(), rows));
  }
  const at::Tensor w = at::stack(scatters);
  const at::Tensor mean = w.mean(0);
  const at::Tensor variance = w.var(0);
  for (int i = 0; i < kWidth; ++i) {
    for (int j = 0; j < kWidth; ++j) {
      const double expected_mean = i == j ? kBatch : 0.0;
      const double expected_variance = i == j ? 2.0 * kBatch : kBatch;
      EXPECT_NEAR(Value(mean[i][j]), expected_mean, 4 * std::sqrt(expected_variance / kDraws))
          << i << "," << j;
      EXPECT_NEAR(Value(variance[i][j]), expected_variance, 0.06 * expected_variance)
          << i << "," << j;
    }
  }
  // Up to the width, the rows are the samples themselves.
  EXPECT_EQ(DrawMinibatchRows(3, kWidth, generator).sizes(), (std::vector<int64_t>{3, kWidth}));
}

// The closed form is the expectation of the minibatch estimate: over 400 minibatches of 256
// (the model unbatched, broadcast against the minibatch dimension of the noise), the mean of the
// estimates lies within 4 standard errors of the closed form, term by term, for both readings,
// with the samples drawn one by one and with Bartlett rows; and both noises give estimates of
// the same spread.
TEST(TorchObjectiveTest, MonteCarloEstimateIsUnbiasedForTheClosedForm) {
  const Problem p = RandomProblem(kN, kM, kS, 0.05, 12);
  const State state = RandomState(p, 13);
  const Weights weights{2.0, 0.7};
  const TorchObservation observation = TorchObservation::FromProblem(p);
  constexpr int kBatches = 400;
  constexpr int kBatch = 256;
  at::Generator generator = Generator(14);
  for (ReconstructionReading reading : {DECODER_MEAN, DECODER_SAMPLE}) {
    const int64_t width = MinibatchNoise::NoiseWidth(kN, kM, kS, reading);
    const MinibatchNoise samples{
        at::empty({kBatches, kBatch, width}, at::kDouble).normal_(0.0, 1.0, generator), kBatch};
    std::vector<at::Tensor> bartlett_rows;
    for (int t = 0; t < kBatches; ++t) {
      bartlett_rows.push_back(DrawMinibatchRows(kBatch, width, generator));
    }
    const MinibatchNoise bartlett{at::stack(bartlett_rows), kBatch};
    const LossTerms exact = ClosedFormLoss(Factored(state), observation, weights, reading);
    const LossTerms from_samples =
        MonteCarloLoss(Factored(state), observation, samples, weights, reading);
    const LossTerms from_bartlett =
        MonteCarloLoss(Factored(state), observation, bartlett, weights, reading);
    const auto check = [&](const at::Tensor& estimates, const at::Tensor& closed,
                           const std::string& what) {
      ASSERT_EQ(estimates.sizes(), (std::vector<int64_t>{kBatches})) << what;
      const double standard_error = Value(estimates.std()) / std::sqrt(double{kBatches});
      // The test has power: the standard error is small next to the value checked.
      EXPECT_LT(standard_error, 0.01 * std::abs(Value(closed)) + 1e-3) << what;
      EXPECT_NEAR(Value(estimates.mean()), Value(closed), 4 * standard_error)
          << what << ", reading " << reading;
    };
    for (const auto& [estimate, name] :
         {std::pair{&from_samples, "samples"}, std::pair{&from_bartlett, "Bartlett"}}) {
      check(estimate->reconstruction, exact.reconstruction, std::string("reconstruction ") + name);
      check(estimate->kl, exact.kl, std::string("kl ") + name);
      check(estimate->penalty, exact.penalty, std::string("penalty ") + name);
      check(estimate->total, exact.total, std::string("total ") + name);
    }
    // Sampling error of a variance ratio from 400 draws: about 0.1 in the log.
    const double variance_ratio =
        Value(from_samples.total.var()) / Value(from_bartlett.total.var());
    EXPECT_NEAR(std::log(variance_ratio), 0.0, 0.4) << "reading " << reading;
  }
}

// Autograd against central finite differences along a random direction per input.
void ExpectGradientsMatchFiniteDifferences(
    const std::function<at::Tensor(const std::vector<at::Tensor>&)>& loss,
    std::vector<at::Tensor> point, const std::vector<at::Tensor>& directions,
    const std::string& what) {
  for (at::Tensor& x : point) x = x.detach().clone().requires_grad_(true);
  loss(point).backward();
  for (size_t which = 0; which < point.size(); ++which) {
    const double h = 1e-5;
    std::vector<at::Tensor> plus, minus;
    for (size_t i = 0; i < point.size(); ++i) {
      const at::Tensor step = i == which ? h * directions[i] : at::zeros_like(point[i]);
      plus.push_back(point[i].detach() + step);
      minus.push_back(point[i].detach() - step);
    }
    const double finite_difference = (Value(loss(plus)) - Value(loss(minus))) / (2 * h);
    const double analytic = Value((point[which].grad() * directions[which]).sum());
    EXPECT_NEAR(analytic, finite_difference, 1e-6 * (1 + std::abs(finite_difference)))
        << what << ", input " << which;
  }
}

// Through the matrices: symmetric directions for the covariances, whose gradients must come
// out symmetric.
TEST(TorchObjectiveTest, GradientsInTheMatricesMatchFiniteDifferences) {
  const Problem p = RandomProblem(kN, kM, kS, 0.05, 15);
  const State state = RandomState(p, 16);
  const at::Tensor sigma_y = ToTensor(SigmaY(p));
  at::manual_seed(17);
  for (ReconstructionReading reading : {DECODER_MEAN, DECODER_SAMPLE}) {
    const auto loss = [&](const std::vector<at::Tensor>& x) {
      return ClosedFormLoss(x[0], x[1], x[2], x[3], sigma_y, {2.5, 0.8}, reading).total;
    };
    std::vector<at::Tensor> point = {ToTensor(state.a), ToTensor(state.b), ToTensor(state.sigma_z),
                                     ToTensor(state.sigma_w)};
    std::vector<at::Tensor> directions;
    for (const at::Tensor& x : point) directions.push_back(at::randn_like(x));
    for (int i : {2, 3}) directions[i] = directions[i] + directions[i].t();
    ExpectGradientsMatchFiniteDifferences(loss, point, directions,
                                          "matrices, reading " + std::to_string(reading));
    std::vector<at::Tensor> fresh;
    for (const at::Tensor& x : point) fresh.push_back(x.detach().clone().requires_grad_(true));
    loss(fresh).backward();
    for (int i : {2, 3}) {
      EXPECT_TRUE(at::allclose(fresh[i].grad(), fresh[i].grad().t(), 0, 1e-12)) << i;
    }
  }
}

// Through the Cholesky factors with the structured observation: the path AdamW differentiates.
TEST(TorchObjectiveTest, GradientsInTheFactorsMatchFiniteDifferences) {
  const Problem p = RandomProblem(kN, kM, kS, 0.2, 18);
  const State state = RandomState(p, 19);
  const TorchObservation observation = TorchObservation::FromProblem(p);
  const CholeskyModel model = Factored(state);
  at::manual_seed(20);
  for (ReconstructionReading reading : {DECODER_MEAN, DECODER_SAMPLE}) {
    const auto loss = [&](const std::vector<at::Tensor>& x) {
      return ClosedFormLoss({x[0], x[1], x[2], x[3]}, observation, {3.0, 1.2}, reading).total;
    };
    const std::vector<at::Tensor> point = {model.a, model.b, model.precision_chol_z, model.chol_w};
    std::vector<at::Tensor> directions;
    for (const at::Tensor& x : point) directions.push_back(at::randn_like(x));
    for (int i : {2, 3}) directions[i] = directions[i].tril();
    ExpectGradientsMatchFiniteDifferences(loss, point, directions,
                                          "factors, reading " + std::to_string(reading));
  }
}

TEST(TorchObjectiveTest, BatchedTrialsEqualSeparateOnes) {
  std::vector<Problem> problems;
  std::vector<State> states;
  for (int k = 0; k < 3; ++k) {
    problems.push_back(RandomProblem(kN, kM, kS, 0.05 * (k + 1), 21 + k));
    states.push_back(RandomState(problems.back(), 31 + k));
  }
  const TorchObservation batch = TorchObservation::FromProblems(problems);
  std::vector<Eigen::MatrixXd> a, b, p_z, l_w;
  for (const State& s : states) {
    a.push_back(s.a);
    b.push_back(s.b);
    p_z.push_back(PrecisionCholesky(s.sigma_z));
    l_w.push_back(s.sigma_w.llt().matrixL());
  }
  const CholeskyModel model{StackToTensor(a), StackToTensor(b), StackToTensor(p_z),
                            StackToTensor(l_w)};
  const Weights weights{3.0, 1.5};
  const at::Tensor closed = ClosedFormLoss(model, batch, weights, DECODER_SAMPLE).total;
  const MinibatchNoise noise{
      at::randn({3, 16, MinibatchNoise::NoiseWidth(kN, kM, kS, DECODER_SAMPLE)}, at::kDouble), 16};
  const at::Tensor sampled = MonteCarloLoss(model, batch, noise, weights, DECODER_SAMPLE).total;
  ASSERT_EQ(closed.sizes(), (std::vector<int64_t>{3}));
  ASSERT_EQ(sampled.sizes(), (std::vector<int64_t>{3}));
  for (int k = 0; k < 3; ++k) {
    const TorchObservation alone = TorchObservation::FromProblem(problems[k]);
    const double closed_alone =
        Value(ClosedFormLoss(Factored(states[k]), alone, weights, DECODER_SAMPLE).total);
    EXPECT_NEAR(Value(closed[k]), closed_alone, 1e-12 * std::abs(closed_alone));
    const double sampled_alone = Value(
        MonteCarloLoss(Factored(states[k]), alone, {noise.rows[k], 16}, weights, DECODER_SAMPLE)
            .total);
    EXPECT_NEAR(Value(sampled[k]), sampled_alone, 1e-12 * std::abs(sampled_alone));
  }
}

TEST(TorchObjectiveTest, RejectsAnUnspecifiedReading) {
  const Problem p = RandomProblem(kN, kM, kS, 0.05, 40);
  EXPECT_THROW(ClosedForm(RandomState(p, 41), p, {1.0, 0.0}, READING_UNSPECIFIED), c10::Error);
}

}  // namespace
}  // namespace lambdabeta::linear_gaussian
