#include "models/linear_gaussian/closed_forms.h"

#include <cmath>

#include "gtest/gtest.h"
#include "models/linear_gaussian/random.h"
#include "models/linear_gaussian/test_problems.h"

namespace lambdabeta::linear_gaussian {
namespace {

using testing::RandomProblem;
using testing::RandomState;

double LogDet(const Eigen::MatrixXd& spd) {
  return 2.0 * spd.llt().matrixLLT().diagonal().array().log().sum();
}

// log N(x; mean, cov) from the Cholesky factor of cov.
double LogDensity(const Eigen::VectorXd& x, const Eigen::VectorXd& mean,
                  const Eigen::LLT<Eigen::MatrixXd>& cov_llt) {
  const Eigen::VectorXd white = cov_llt.matrixL().solve(x - mean);
  const double log_det = 2.0 * cov_llt.matrixLLT().diagonal().array().log().sum();
  return -0.5 * white.squaredNorm() - 0.5 * log_det - 0.5 * x.size() * std::log(2 * M_PI);
}

Eigen::VectorXd StandardNormal(int size, RandomStream& stream) {
  Eigen::VectorXd z(size);
  for (int i = 0; i < size; ++i) z(i) = stream.Normal();
  return z;
}

// Running mean and standard error.
struct Mean {
  double sum = 0, sum_sq = 0;
  int count = 0;
  void Add(double x) {
    sum += x;
    sum_sq += x * x;
    ++count;
  }
  double value() const { return sum / count; }
  double standard_error() const { return std::sqrt((sum_sq / count - value() * value()) / count); }
};

TEST(ObservationCovarianceTest, StructuredProductMatchesTheDenseMatrix) {
  const Problem problem = RandomProblem(30, 4, 3, 1);
  Eigen::MatrixXd plain =
      problem.gamma * problem.factor_variance.asDiagonal() * problem.gamma.transpose();
  plain += problem.sigma2 * Eigen::MatrixXd::Identity(30, 30);
  EXPECT_TRUE(ObservationCovariance(problem).isApprox(plain, 1e-14));
  const Eigen::MatrixXd x = Eigen::MatrixXd::Random(30, 5);
  EXPECT_TRUE(ObservationCovarianceTimes(problem, x).isApprox(plain * x, 1e-13));
}

TEST(ResidualCovarianceTest, MatchesTheDefinition) {
  const Problem problem = RandomProblem(12, 4, 3, 2);
  const State state = RandomState(problem, 3);
  const Eigen::MatrixXd i_ab = Eigen::MatrixXd::Identity(12, 12) - state.a * state.b;
  const Eigen::MatrixXd plain = i_ab * ObservationCovariance(problem) * i_ab.transpose() +
                                state.a * state.sigma_w * state.a.transpose();
  EXPECT_TRUE(ResidualCovariance(problem, state).isApprox(plain, 1e-13));
  EXPECT_NEAR(ReconstructionError(problem, state), plain.trace() / 12, 1e-12);
}

// The closed-form objective against a Monte-Carlo estimate from sampled (V, Y, X, Z), with the
// KL term estimated from log q(x|y) - log p(x) at sampled x (not from its formula).
TEST(ObjectiveTest, EachTermMatchesMonteCarlo) {
  const int n = 5, m = 3, s = 2;
  const Problem problem = RandomProblem(n, m, s, 4);
  const State state = RandomState(problem, 5);
  const Eigen::LLT<Eigen::MatrixXd> sigma_z_llt(state.sigma_z), sigma_w_llt(state.sigma_w);
  const Eigen::LLT<Eigen::MatrixXd> prior_llt(Eigen::MatrixXd::Identity(m, m));
  RandomStream stream(99);
  Mean reconstruction, kl, mean_penalty, sample_penalty;
  for (int sample = 0; sample < 100000; ++sample) {
    const Eigen::VectorXd v =
        problem.factor_variance.cwiseSqrt().cwiseProduct(StandardNormal(s, stream));
    const Eigen::VectorXd y =
        problem.gamma * v + std::sqrt(problem.sigma2) * StandardNormal(n, stream);
    const Eigen::VectorXd encoder_mean = state.b * y;
    const Eigen::VectorXd x = encoder_mean + sigma_w_llt.matrixL() * StandardNormal(m, stream);
    const Eigen::VectorXd z = sigma_z_llt.matrixL() * StandardNormal(n, stream);
    reconstruction.Add(-LogDensity(y, state.a * x, sigma_z_llt));
    kl.Add(LogDensity(x, encoder_mean, sigma_w_llt) -
           LogDensity(x, Eigen::VectorXd::Zero(m), prior_llt));
    mean_penalty.Add((y - state.a * x).squaredNorm());
    sample_penalty.Add((y - state.a * x - z).squaredNorm());
  }
  const Weights weights{2.5, 0.7};
  absl::StatusOr<ObjectiveValue> mean_reading =
      EvaluateObjective(problem, state, weights, DECODER_MEAN);
  absl::StatusOr<ObjectiveValue> sample_reading =
      EvaluateObjective(problem, state, weights, DECODER_SAMPLE);
  ASSERT_TRUE(mean_reading.ok() && sample_reading.ok());
  EXPECT_NEAR(mean_reading->reconstruction, reconstruction.value(),
              5 * reconstruction.standard_error());
  EXPECT_NEAR(mean_reading->kl, kl.value(), 5 * kl.standard_error());
  EXPECT_NEAR(mean_reading->penalty, mean_penalty.value(), 5 * mean_penalty.standard_error());
  EXPECT_NEAR(sample_reading->penalty, sample_penalty.value(), 5 * sample_penalty.standard_error());
  EXPECT_NEAR(mean_reading->total,
              mean_reading->reconstruction + 2.5 * mean_reading->kl + 0.7 * mean_reading->penalty,
              1e-12);
  // The estimates are tight enough for the check to have teeth: a 3% error would show.
  EXPECT_LT(5 * reconstruction.standard_error(), 0.03 * std::abs(mean_reading->reconstruction));
  EXPECT_LT(5 * kl.standard_error(), 0.03 * std::abs(mean_reading->kl));
}

TEST(ObjectiveTest, RejectsNonPositiveDefiniteCovariances) {
  const Problem problem = RandomProblem(5, 3, 2, 6);
  State state = RandomState(problem, 7);
  state.sigma_w(0, 0) = -1;
  EXPECT_FALSE(EvaluateObjective(problem, state, Weights{}, DECODER_MEAN).ok());
}

TEST(JointCovarianceTest, MatchesTheSampleCovarianceOfXAndV) {
  const int n = 6, m = 3, s = 2;
  const Problem problem = RandomProblem(n, m, s, 8);
  const State state = RandomState(problem, 9);
  const Eigen::MatrixXd joint = JointLatentFactorCovariance(problem, state.b, state.sigma_w);
  const Eigen::LLT<Eigen::MatrixXd> sigma_w_llt(state.sigma_w);
  RandomStream stream(10);
  const int samples = 100000;
  Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(m + s, m + s);
  for (int i = 0; i < samples; ++i) {
    const Eigen::VectorXd v =
        problem.factor_variance.cwiseSqrt().cwiseProduct(StandardNormal(s, stream));
    const Eigen::VectorXd y =
        problem.gamma * v + std::sqrt(problem.sigma2) * StandardNormal(n, stream);
    Eigen::VectorXd xv(m + s);
    xv << state.b * y + sigma_w_llt.matrixL() * StandardNormal(m, stream), v;
    sum += xv * xv.transpose();
  }
  const Eigen::MatrixXd sample = sum / samples;
  // Entry (i, j) has standard error sqrt((S_ii S_jj + S_ij^2) / samples).
  for (int i = 0; i < m + s; ++i) {
    for (int j = 0; j < m + s; ++j) {
      const double se =
          std::sqrt((joint(i, i) * joint(j, j) + joint(i, j) * joint(i, j)) / samples);
      EXPECT_NEAR(sample(i, j), joint(i, j), 5 * se) << i << ", " << j;
    }
  }
}

TEST(MutualInformationTest, MatchesTheLogDetFormula) {
  for (uint64_t seed = 0; seed < 5; ++seed) {
    const Problem problem = RandomProblem(8, 3 + seed % 3, 2 + seed % 2, 20 + seed);
    const State state = RandomState(problem, 30 + seed);
    const Eigen::MatrixXd joint = JointLatentFactorCovariance(problem, state.b, state.sigma_w);
    const int m = problem.m, s = problem.s();
    const double direct = 0.5 * (LogDet(joint.topLeftCorner(m, m)) +
                                 LogDet(joint.bottomRightCorner(s, s)) - LogDet(joint));
    absl::StatusOr<double> information =
        LatentFactorMutualInformation(problem, state.b, state.sigma_w);
    ASSERT_TRUE(information.ok());
    EXPECT_NEAR(*information, direct, 1e-12 * (1 + direct));
    EXPECT_GT(*information, 0.01);

    const double xy_direct =
        0.5 * (LogDet(LatentCovariance(problem, state.b, state.sigma_w)) - LogDet(state.sigma_w));
    absl::StatusOr<double> xy = LatentObservationMutualInformation(problem, state.b, state.sigma_w);
    ASSERT_TRUE(xy.ok());
    EXPECT_NEAR(*xy, xy_direct, 1e-12 * (1 + xy_direct));
  }
}

TEST(MutualInformationTest, StaysAccurateForACollapsedEncoder) {
  // With B = 1e-9 B0, I(X; V) ~ 1/2 |L_W^-1 B Gamma Sigma_V^1/2|_F^2 ~ 1e-18, far below the
  // rounding error of the log-det formula; the canonical-correlation form keeps it.
  const Problem problem = RandomProblem(8, 3, 2, 40);
  const State state = RandomState(problem, 41);
  const Eigen::MatrixXd b = 1e-9 * state.b;
  const Eigen::MatrixXd r = state.sigma_w.llt().matrixL().solve(
      b * problem.gamma * problem.factor_variance.cwiseSqrt().asDiagonal());
  const double first_order = 0.5 * r.squaredNorm();
  absl::StatusOr<double> information = LatentFactorMutualInformation(problem, b, state.sigma_w);
  ASSERT_TRUE(information.ok());
  EXPECT_GT(first_order, 1e-20);
  EXPECT_NEAR(*information / first_order, 1.0, 1e-6);
}

}  // namespace
}  // namespace lambdabeta::linear_gaussian
