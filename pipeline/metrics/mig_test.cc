#include "pipeline/metrics/mig.h"

#include <cmath>
#include <numeric>
#include <random>

#include "gtest/gtest.h"
#include "pipeline/metrics/synthetic_codes.h"

namespace lambdabeta::metrics {
namespace {

Eigen::VectorXi Labels(std::initializer_list<int> v) {
  Eigen::VectorXi l(v.size());
  int i = 0;
  for (int x : v) l[i++] = x;
  return l;
}

TEST(DiscreteMutualInformationTest, HandComputedTable) {
  // Joint counts: (a=0,b=0) 1, (a=0,b=1) 1, (a=1,b=1) 2; N = 4.
  // p(a) = (1/2, 1/2), p(b) = (1/4, 3/4).
  const Eigen::VectorXi a = Labels({0, 0, 1, 1});
  const Eigen::VectorXi b = Labels({0, 1, 1, 1});
  const double expected = 0.25 * std::log(0.25 / (0.5 * 0.25)) +
                          0.25 * std::log(0.25 / (0.5 * 0.75)) +
                          0.50 * std::log(0.50 / (0.5 * 0.75));
  EXPECT_NEAR(DiscreteMutualInformation(a, b), expected, 1e-15);
  EXPECT_NEAR(DiscreteMutualInformation(b, a), expected, 1e-15);
  // Label values do not matter, only the partition.
  EXPECT_NEAR(DiscreteMutualInformation(Labels({9, 9, -4, -4}), Labels({3, 7, 7, 7})), expected,
              1e-15);
  EXPECT_NEAR(DiscreteEntropy(b), -(0.25 * std::log(0.25) + 0.75 * std::log(0.75)), 1e-15);
  EXPECT_NEAR(DiscreteEntropy(Labels({0, 1, 2, 0, 1, 2})), std::log(3.0), 1e-15);
}

TEST(DiscreteMutualInformationTest, IndependentAndConstantGiveZero) {
  EXPECT_EQ(DiscreteMutualInformation(Labels({0, 0, 1, 1}), Labels({0, 1, 0, 1})), 0.0);
  EXPECT_EQ(DiscreteMutualInformation(Labels({5, 5, 5, 5}), Labels({0, 1, 0, 1})), 0.0);
  EXPECT_EQ(DiscreteEntropy(Labels({2, 2, 2})), 0.0);
}

TEST(HistogramTest, EdgesAndLabelsFollowNumpy) {
  // Data 0..20: edges are exactly 0, 1, ..., 20; digitize against the first 20 edges gives
  // value k label k + 1 for k < 20, and the maximum 20 shares bin 20 with 19.
  Eigen::MatrixXd codes(21, 2);
  for (int k = 0; k <= 20; ++k) {
    codes(k, 0) = k;
    codes(k, 1) = 3.5;  // a constant latent
  }
  const std::vector<double> edges = HistogramBinEdges(0, 20, 20);
  ASSERT_EQ(edges.size(), 21u);
  for (int k = 0; k <= 20; ++k) EXPECT_EQ(edges[k], k);
  const Eigen::MatrixXi labels = *HistogramDiscretize(codes, 20);
  for (int k = 0; k < 20; ++k) EXPECT_EQ(labels(k, 0), k + 1);
  EXPECT_EQ(labels(20, 0), 20);
  // numpy widens a zero range to [x - 0.5, x + 0.5]: x sits at edge 10 and gets label 11.
  for (int k = 0; k <= 20; ++k) EXPECT_EQ(labels(k, 1), 11);
  EXPECT_FALSE(HistogramDiscretize(codes, 1).ok());
}

TEST(HistogramTest, MinimumInBinOneMaximumInLastBin) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd codes(1000, 3);
  for (Eigen::Index i = 0; i < codes.size(); ++i) codes.data()[i] = 7 * normal(rng) - 2;
  const Eigen::MatrixXi labels = *HistogramDiscretize(codes, 20);
  for (int i = 0; i < 3; ++i) {
    Eigen::Index lo, hi;
    codes.col(i).minCoeff(&lo);
    codes.col(i).maxCoeff(&hi);
    EXPECT_EQ(labels(lo, i), 1);
    EXPECT_EQ(labels(hi, i), 20);
    EXPECT_EQ(labels.col(i).minCoeff(), 1);
    EXPECT_EQ(labels.col(i).maxCoeff(), 20);
  }
}

// Factors with at most 20 classes: with 20 bins, a factor with K > 20 classes has
// I(z; v) <= log 20 < H(v), so even a perfect code scores at most log 20 / log K on it.
const std::vector<int> kClasses = {3, 6, 10, 4, 8};

TEST(MigTest, DisentangledCodeScoresNearOne) {
  const Eigen::MatrixXi factors = UniformFactors(10000, kClasses, 1);
  const Eigen::MatrixXd codes = DisentangledCodes(factors, kClasses, 10, 0.01, 2);
  absl::StatusOr<MigResult> r = ComputeMig(codes, factors);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_GE(r->mig, 0.9);
  EXPECT_LE(r->mig, 1.0);
  EXPECT_TRUE(r->skipped_factors.empty());
  for (int j = 0; j < 5; ++j) {
    // The factor's own latent recovers it completely: I = H(v).
    EXPECT_NEAR(r->mutual_information(j, j), r->factor_entropy[j], 1e-12);
    EXPECT_NEAR(r->factor_entropy[j], std::log(kClasses[j]), 0.01);
  }
}

TEST(MigTest, CodeIgnoringTheFactorsScoresNearZero) {
  const Eigen::MatrixXi factors = UniformFactors(10000, kClasses, 1);
  const Eigen::MatrixXd constant = Eigen::MatrixXd::Constant(10000, 10, 0.3);
  absl::StatusOr<MigResult> r = ComputeMig(constant, factors);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->mig, 0.0);  // reference bound: [0, 0.2]
  EXPECT_TRUE((r->mutual_information.array() == 0).all());

  // Pure noise: only the plug-in estimator's bias, about (bins - 1)(K - 1) / (2N) nats.
  const Eigen::MatrixXd noise = DisentangledCodes(factors, kClasses, 10, 0.0, 2).rightCols(5);
  r = ComputeMig(noise, factors);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_GE(r->mig, 0.0);
  EXPECT_LE(r->mig, 0.02);
}

TEST(MigTest, DuplicatedCodeScoresZero) {
  const Eigen::MatrixXi factors = UniformFactors(10000, kClasses, 1);
  const Eigen::MatrixXd single = DisentangledCodes(factors, kClasses, 5, 0.01, 2);
  Eigen::MatrixXd twice(10000, 10);
  twice << single, single;
  absl::StatusOr<MigResult> r = ComputeMig(twice, factors);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->mig, 0.0);  // reference bound: [0, 0.1]
}

TEST(MigTest, PermutingLatentsChangesNothing) {
  const Eigen::MatrixXi factors = UniformFactors(5000, kClasses, 4);
  const Eigen::MatrixXd codes = EntangledCodes(factors, kClasses, 8, 0.3, 5);
  std::vector<int> order(8);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937(6));
  Eigen::MatrixXd permuted(codes.rows(), 8);
  for (int i = 0; i < 8; ++i) permuted.col(i) = codes.col(order[i]);
  const MigResult a = *ComputeMig(codes, factors);
  const MigResult b = *ComputeMig(permuted, factors);
  EXPECT_EQ(a.mig, b.mig);
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(b.mutual_information.row(i), a.mutual_information.row(order[i]));
  }
}

TEST(MigTest, SingleClassFactorIsSkipped) {
  Eigen::MatrixXi factors = UniformFactors(5000, kClasses, 4);
  const Eigen::MatrixXd codes = EntangledCodes(factors, kClasses, 8, 0.3, 5);
  const MigResult without = *ComputeMig(codes, factors.leftCols(4));
  factors.col(4).setConstant(2);
  const MigResult with = *ComputeMig(codes, factors);
  EXPECT_EQ(with.skipped_factors, std::vector<int>{4});
  EXPECT_EQ(with.factor_entropy[4], 0.0);
  EXPECT_EQ(with.normalized_gap[4], 0.0);
  EXPECT_EQ(with.mig, without.mig);
  EXPECT_TRUE(std::isfinite(with.mig));

  factors = Eigen::MatrixXi::Zero(5000, 2);
  EXPECT_FALSE(ComputeMig(codes, factors).ok());
}

TEST(MigTest, RejectsBadInput) {
  const Eigen::MatrixXi factors = UniformFactors(100, kClasses, 4);
  EXPECT_FALSE(ComputeMig(Eigen::MatrixXd::Zero(100, 1), factors).ok());  // one latent
  EXPECT_FALSE(ComputeMig(Eigen::MatrixXd::Zero(99, 3), factors).ok());   // rows
  Eigen::MatrixXd codes = Eigen::MatrixXd::Zero(100, 3);
  codes(5, 1) = std::nan("");
  EXPECT_FALSE(ComputeMig(codes, factors).ok());
}

}  // namespace
}  // namespace lambdabeta::metrics
