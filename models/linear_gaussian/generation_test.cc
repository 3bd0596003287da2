#include "models/linear_gaussian/generation.h"

#include <cmath>

#include "gtest/gtest.h"

namespace lambdabeta::linear_gaussian {
namespace {

LinearStudyConfig SmallConfig() {
  LinearStudyConfig config;
  config.set_n(60);
  config.set_m(4);
  config.set_s(3);
  config.set_sigma2(0.05);
  config.mutable_gamma()->set_kind(GammaDistribution::GAUSSIAN_IID);
  config.mutable_gamma()->set_scale(2.0);
  config.mutable_factor_variance()->set_low(0.1);
  config.mutable_factor_variance()->set_high(1.0);
  config.set_problem_sharing(LinearStudyConfig::PROBLEM_PER_TRIAL);
  config.set_seed(11);
  config.mutable_init()->set_gain_scale(1.5);
  config.mutable_init()->mutable_noise_variance()->set_low(0.2);
  config.mutable_init()->mutable_noise_variance()->set_high(0.4);
  return config;
}

TEST(GenerateProblemTest, ShapesRangesAndDeterminism) {
  const LinearStudyConfig config = SmallConfig();
  const Problem problem = GenerateProblem(config, 3);
  EXPECT_EQ(problem.n(), 60);
  EXPECT_EQ(problem.s(), 3);
  EXPECT_EQ(problem.m, 4);
  EXPECT_EQ(problem.sigma2, 0.05);
  EXPECT_TRUE((problem.factor_variance.array() >= 0.1).all());
  EXPECT_TRUE((problem.factor_variance.array() < 1.0).all());
  const Problem again = GenerateProblem(config, 3);
  EXPECT_EQ(problem.gamma, again.gamma);
  EXPECT_EQ(problem.factor_variance, again.factor_variance);
  EXPECT_NE(problem.gamma, GenerateProblem(config, 4).gamma);
}

TEST(GenerateProblemTest, GaussianEntriesHaveTheConfiguredScale) {
  LinearStudyConfig config = SmallConfig();
  config.set_n(2000);
  config.set_s(5);
  const Problem problem = GenerateProblem(config, 0);
  const double count = static_cast<double>(problem.gamma.size());
  const double mean = problem.gamma.mean();
  const double variance = problem.gamma.array().square().mean();
  EXPECT_NEAR(mean, 0.0, 5 * 2.0 / std::sqrt(count));
  EXPECT_NEAR(variance, 4.0, 5 * 4.0 * std::sqrt(2.0 / count));
}

TEST(GenerateProblemTest, OneProblemIsSharedByEveryTrial) {
  LinearStudyConfig config = SmallConfig();
  config.set_problem_sharing(LinearStudyConfig::ONE_PROBLEM);
  EXPECT_EQ(ProblemStreamIndex(config, 7), -1);
  EXPECT_EQ(GenerateProblem(config, 0).gamma, GenerateProblem(config, 7).gamma);
  config.set_problem_sharing(LinearStudyConfig::PROBLEM_PER_TRIAL);
  EXPECT_EQ(ProblemStreamIndex(config, 7), 7);
}

TEST(GenerateProblemTest, OrthonormalColumnsAreOrthonormalTimesScale) {
  LinearStudyConfig config = SmallConfig();
  config.mutable_gamma()->set_kind(GammaDistribution::ORTHONORMAL_COLUMNS);
  const Problem problem = GenerateProblem(config, 1);
  const Eigen::MatrixXd gram = problem.gamma.transpose() * problem.gamma;
  EXPECT_TRUE(gram.isApprox(4.0 * Eigen::MatrixXd::Identity(3, 3), 1e-12)) << gram;
}

TEST(GenerateInitialStateTest, DependsOnTheTrialOnlyAndHasTheConfiguredScales) {
  const LinearStudyConfig config = SmallConfig();
  const int n = 400, m = 50;
  const State state = GenerateInitialState(config.init(), n, m, config.seed(), 2);
  const State again = GenerateInitialState(config.init(), n, m, config.seed(), 2);
  EXPECT_EQ(state.b, again.b);
  EXPECT_EQ(state.a, again.a);
  EXPECT_EQ(state.sigma_w, again.sigma_w);
  EXPECT_EQ(state.sigma_z, again.sigma_z);
  EXPECT_NE(state.b, GenerateInitialState(config.init(), n, m, config.seed(), 3).b);
  ASSERT_EQ(state.b.rows(), m);
  ASSERT_EQ(state.b.cols(), n);
  ASSERT_EQ(state.a.rows(), n);
  ASSERT_EQ(state.a.cols(), m);
  // B entries have variance gain^2 / n, A entries gain^2 / m (20000 draws each).
  const double gain2 = 1.5 * 1.5;
  EXPECT_NEAR(state.b.array().square().mean() * n / gain2, 1.0, 5 * std::sqrt(2.0 / (n * m)));
  EXPECT_NEAR(state.a.array().square().mean() * m / gain2, 1.0, 5 * std::sqrt(2.0 / (n * m)));
  // Diagonal covariances drawn from U(0.2, 0.4).
  EXPECT_TRUE(state.sigma_w.isDiagonal());
  EXPECT_TRUE(state.sigma_z.isDiagonal());
  EXPECT_GE(state.sigma_w.diagonal().minCoeff(), 0.2);
  EXPECT_LT(state.sigma_w.diagonal().maxCoeff(), 0.4);
  EXPECT_GE(state.sigma_z.diagonal().minCoeff(), 0.2);
  EXPECT_LT(state.sigma_z.diagonal().maxCoeff(), 0.4);
}

}  // namespace
}  // namespace lambdabeta::linear_gaussian
