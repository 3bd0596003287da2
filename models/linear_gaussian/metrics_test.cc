#include "models/linear_gaussian/metrics.h"

#include <cmath>

#include "gtest/gtest.h"
#include "models/linear_gaussian/closed_forms.h"
#include "models/linear_gaussian/test_problems.h"

namespace lambdabeta::linear_gaussian {
namespace {

using testing::RandomProblem;
using testing::RandomState;

TEST(SquaredCorrelationsTest, MatchesEq7WithADenseSigmaY) {
  const Problem problem = RandomProblem(10, 4, 3, 1);
  const State state = RandomState(problem, 2);
  const Eigen::MatrixXd sigma_y = ObservationCovariance(problem);
  const Eigen::MatrixXd cross = state.b * problem.gamma * problem.factor_variance.asDiagonal();
  const Eigen::VectorXd variance_x =
      (state.b * sigma_y * state.b.transpose() + state.sigma_w).diagonal();
  const Eigen::MatrixXd s = SquaredCorrelations(problem, state.b, state.sigma_w);
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 3; ++j) {
      EXPECT_NEAR(s(i, j), cross(i, j) * cross(i, j) / (variance_x(i) * problem.factor_variance(j)),
                  1e-14);
    }
  }
  EXPECT_GT(s.maxCoeff(), 0.05);  // not a trivially zero case
}

TEST(PairwiseMutualInformationTest, MatchesTheLogDetOfEachPair) {
  const Problem problem = RandomProblem(10, 4, 3, 3);
  const State state = RandomState(problem, 4);
  const Eigen::MatrixXd joint = JointLatentFactorCovariance(problem, state.b, state.sigma_w);
  const Eigen::MatrixXd information =
      PairwiseMutualInformation(SquaredCorrelations(problem, state.b, state.sigma_w));
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 3; ++j) {
      Eigen::Matrix2d pair;
      pair << joint(i, i), joint(i, 4 + j), joint(4 + j, i), joint(4 + j, 4 + j);
      const double direct = 0.5 * std::log(pair(0, 0) * pair(1, 1) / pair.determinant());
      EXPECT_NEAR(information(i, j), direct, 1e-12);
    }
  }
}

TEST(SapTest, HandExample) {
  Eigen::MatrixXd s(3, 2);
  // clang-format off
  s << 0.9, 0.1,
       0.2, 0.4,
       0.3, 0.35;
  // clang-format on
  // Column 0: 0.9 - 0.3; column 1: 0.4 - 0.35.
  EXPECT_NEAR(SeparatedAttributePredictability(s), (0.6 + 0.05) / 2, 1e-15);
  // Ties give a zero gap.
  EXPECT_EQ(SeparatedAttributePredictability(Eigen::MatrixXd::Constant(3, 2, 0.5)), 0);
}

TEST(MigTest, HandExampleAndNonPositiveEntropyFlag) {
  Eigen::MatrixXd information(2, 2);
  // clang-format off
  information << 0.8, 0.1,
                 0.2, 0.6;
  // clang-format on
  Eigen::VectorXd variance(2);
  variance << 1.0, 0.5;
  bool flagged = true;
  const double h0 = 0.5 * std::log(2 * M_PI * M_E * 1.0);
  const double h1 = 0.5 * std::log(2 * M_PI * M_E * 0.5);
  EXPECT_NEAR(MutualInformationGap(information, variance, &flagged),
              ((0.8 - 0.2) / h0 + (0.6 - 0.1) / h1) / 2, 1e-14);
  EXPECT_FALSE(flagged);
  variance(1) = 0.05;  // < 1 / (2 pi e): H(V_1) < 0
  EXPECT_EQ(MutualInformationGap(information, variance, &flagged), 0);
  EXPECT_TRUE(flagged);
}

TEST(LatentInformativenessTest, IsTheBestOneToOneAssignment) {
  Eigen::MatrixXd information(3, 2);
  // clang-format off
  information << 0.5, 0.4,
                 0.45, 0.1,
                 0.0, 0.3;
  // clang-format on
  // Greedy (0,0) + (2,1) = 0.8; best: (1,0) + (0,1) = 0.85.
  EXPECT_NEAR(LatentInformativeness(information), 0.85, 1e-15);
}

TEST(ComputeMetricsTest, AgreesWithTheParts) {
  const Problem problem = RandomProblem(12, 4, 3, 5);
  const State state = RandomState(problem, 6);
  const Weights weights{2, 0.5};
  absl::StatusOr<LinearMetrics> metrics = ComputeMetrics(problem, state, weights, DECODER_SAMPLE);
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  absl::StatusOr<ObjectiveValue> objective =
      EvaluateObjective(problem, state, weights, DECODER_SAMPLE);
  ASSERT_TRUE(objective.ok());
  EXPECT_EQ(metrics->loss(), objective->total);
  EXPECT_NEAR(metrics->reconstruction_error(), ResidualCovariance(problem, state).trace() / 12,
              1e-12);
  const double top_eigenvalue =
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(state.b * state.b.transpose())
          .eigenvalues()
          .maxCoeff();
  EXPECT_NEAR(metrics->encoder_gain_norm(), std::sqrt(top_eigenvalue), 1e-12);
  EXPECT_EQ(metrics->informative_directions(), 4);
  EXPECT_GT(metrics->i_m(), 0.01);
  // I_m sums I(X_k(j); V_j) <= I(X; V_j) over factors, and for independent factors
  // sum_j I(X; V_j) <= I(X; V).
  EXPECT_LE(metrics->i_m(), metrics->total_mi());
  EXPECT_FALSE(metrics->mig_entropy_nonpositive());
}

TEST(ComputeMetricsTest, CollapsedEncoderScoresZero) {
  const Problem problem = RandomProblem(12, 4, 3, 7);
  State state = RandomState(problem, 8);
  state.b.setZero();
  absl::StatusOr<LinearMetrics> metrics = ComputeMetrics(problem, state, Weights{}, DECODER_MEAN);
  ASSERT_TRUE(metrics.ok());
  EXPECT_EQ(metrics->sap(), 0);
  EXPECT_EQ(metrics->mig(), 0);
  EXPECT_EQ(metrics->i_m(), 0);
  EXPECT_EQ(metrics->total_mi(), 0);
  EXPECT_EQ(metrics->latent_observation_mi(), 0);
  EXPECT_EQ(metrics->informative_directions(), 0);
}

TEST(ComputeMetricsTest, CountsInformativeDirectionsByRank) {
  const Problem problem = RandomProblem(12, 4, 3, 9);
  State state = RandomState(problem, 10);
  state.b.row(1) = 2 * state.b.row(0);  // rank 3
  state.b.row(3).setZero();             // rank 2
  absl::StatusOr<LinearMetrics> metrics = ComputeMetrics(problem, state, Weights{}, DECODER_MEAN);
  ASSERT_TRUE(metrics.ok());
  EXPECT_EQ(metrics->informative_directions(), 2);
}

TEST(ComputeMetricsTest, NeedsTwoLatents) {
  const Problem problem = RandomProblem(12, 1, 3, 11);
  EXPECT_FALSE(ComputeMetrics(problem, RandomState(problem, 12), Weights{}, DECODER_MEAN).ok());
}

}  // namespace
}  // namespace lambdabeta::linear_gaussian
