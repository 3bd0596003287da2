#include "pipeline/metrics/sap.h"

#include <iostream>
#include <numeric>
#include <random>

#include "gtest/gtest.h"
#include "pipeline/metrics/synthetic_codes.h"

namespace lambdabeta::metrics {
namespace {

const std::vector<int> kShapes = {3, 6, 40, 32, 32, 10};  // dSprites/Shapes3D-like

struct Splits {
  Eigen::MatrixXd fit_codes, test_codes;
  Eigen::MatrixXi fit_factors, test_factors;
};

template <typename MakeCodes>
Splits MakeSplits(const std::vector<int>& classes, int fit, int test, const MakeCodes& make) {
  const Eigen::MatrixXi factors = UniformFactors(fit + test, classes, 1);
  const Eigen::MatrixXd codes = make(factors);
  return {codes.topRows(fit), codes.bottomRows(test), factors.topRows(fit),
          factors.bottomRows(test)};
}

TEST(ContinuousSapTest, HandComputedScores) {
  // z0 = y exactly, z1 = y + (1, -1, 1, -1), z2 constant; y = (0, 1, 2, 3).
  // cov(z1, y) = 5/3 - 2/3 * ... computed in full: mean z1 = 1.5, z1 - 1.5 = (-0.5, -1.5, 1.5,
  // 0.5), y - 1.5 = (-1.5, -0.5, 0.5, 1.5): sum of products 0.75 + 0.75 + 0.75 + 0.75 = 3, sum z1
  // dev^2 = 0.25 + 2.25 + 2.25 + 0.25 = 5, sum y dev^2 = 5: S = 9 / 25.
  Eigen::MatrixXd z(4, 3);
  z << 0, 1, 7, 1, 0, 7, 2, 3, 7, 3, 2, 7;
  Eigen::MatrixXd y(4, 1);
  y << 0, 1, 2, 3;
  const SapResult r = *ComputeContinuousSap(z, y);
  EXPECT_NEAR(r.score(0, 0), 1.0, 1e-15);
  EXPECT_NEAR(r.score(1, 0), 9.0 / 25, 1e-15);
  EXPECT_EQ(r.score(2, 0), 0.0);  // var z <= 1e-12
  EXPECT_NEAR(r.sap, 16.0 / 25, 1e-15);
}

TEST(ContinuousSapTest, DisentangledNearOneIgnoringNearZero) {
  const Eigen::MatrixXi factors = UniformFactors(10000, kShapes, 1);
  const Eigen::MatrixXd y = factors.cast<double>();
  const SapResult good = *ComputeContinuousSap(DisentangledCodes(factors, kShapes, 15, 0.01, 2), y);
  EXPECT_GE(good.sap, 0.9);  // reference bound: [0.9, 1]
  EXPECT_LE(good.sap, 1.0);
  const SapResult constant = *ComputeContinuousSap(Eigen::MatrixXd::Constant(10000, 15, 2.0), y);
  EXPECT_EQ(constant.sap, 0.0);
  const SapResult noise =
      *ComputeContinuousSap(DisentangledCodes(factors, kShapes, 15, 0.0, 2).rightCols(9), y);
  EXPECT_LE(noise.sap, 0.01);
}

// Discrete SAP is a gap between accuracies, and a latent that ignores a factor still scores its
// chance accuracy (about 1/2 on a balanced binary factor). So a perfect code scores about
// 1 - 1/2 on binary factors, not 1; the [0.9, 1] reference bound is for continuous SAP.
TEST(DiscreteSapTest, DisentangledBinaryFactorsArePredictedPerfectly) {
  const std::vector<int> binary = {2, 2, 2, 2};
  const Splits s = MakeSplits(binary, 2000, 1000, [&](const Eigen::MatrixXi& f) {
    return DisentangledCodes(f, binary, 8, 0.01, 2);
  });
  const SapResult r = *ComputeDiscreteSap(s.fit_codes, s.fit_factors, s.test_codes, s.test_factors);
  for (int j = 0; j < 4; ++j) EXPECT_EQ(r.score(j, j), 1.0) << "factor " << j;
  EXPECT_GE(r.sap, 0.4);
  EXPECT_LE(r.sap, 0.6);
  EXPECT_EQ(r.binary_fits, 8 * 4);
  EXPECT_EQ(r.fits_at_iteration_cap, 0);
}

TEST(DiscreteSapTest, ManyClassFactorsOnADisentangledCode) {
  // A one-feature linear one-vs-rest classifier cannot give each of K ordered classes its own
  // interval: the outer classes win, the middle ones rarely do. So even a perfect code has a
  // modest discrete SAP on 32- or 40-class factors; its own latent must still be the best.
  const Splits s = MakeSplits(kShapes, 2000, 1000, [&](const Eigen::MatrixXi& f) {
    return DisentangledCodes(f, kShapes, 8, 0.01, 2);
  });
  const SapResult r = *ComputeDiscreteSap(s.fit_codes, s.fit_factors, s.test_codes, s.test_factors);
  std::cout << "disentangled code, factors 3 6 40 32 32 10: SAP " << r.sap << ", gaps "
            << r.gap.transpose() << "\n";
  EXPECT_EQ(r.binary_fits, 8 * (3 + 6 + 40 + 32 + 32 + 10));
  for (int j = 0; j < 6; ++j) {
    Eigen::Index best;
    r.score.col(j).maxCoeff(&best);
    EXPECT_EQ(best, j) << "factor " << j;
    EXPECT_GT(r.gap[j], 0.0);
  }
  // Three classes: the outer two and the middle one each get an interval.
  EXPECT_EQ(r.score(0, 0), 1.0);
  EXPECT_GE(r.gap[0], 0.5);
}

TEST(DiscreteSapTest, CodeIgnoringTheFactorsScoresNearZero) {
  const Splits constant = MakeSplits(kShapes, 2000, 1000, [](const Eigen::MatrixXi& f) {
    return Eigen::MatrixXd::Constant(f.rows(), 4, -0.7);
  });
  SapResult r = *ComputeDiscreteSap(constant.fit_codes, constant.fit_factors, constant.test_codes,
                                    constant.test_factors);
  EXPECT_EQ(r.sap, 0.0);
  const Splits noise = MakeSplits(kShapes, 2000, 1000, [](const Eigen::MatrixXi& f) {
    return DisentangledCodes(f, kShapes, 12, 0.0, 2).rightCols(6);
  });
  r = *ComputeDiscreteSap(noise.fit_codes, noise.fit_factors, noise.test_codes, noise.test_factors);
  EXPECT_GE(r.sap, 0.0);
  EXPECT_LE(r.sap, 0.05);
}

TEST(DiscreteSapTest, DuplicatedCodeScoresZero) {
  const Splits s = MakeSplits(kShapes, 2000, 1000, [](const Eigen::MatrixXi& f) {
    const Eigen::MatrixXd single = DisentangledCodes(f, kShapes, 6, 0.01, 2);
    Eigen::MatrixXd twice(f.rows(), 12);
    twice << single, single;
    return twice;
  });
  const SapResult r = *ComputeDiscreteSap(s.fit_codes, s.fit_factors, s.test_codes, s.test_factors);
  EXPECT_EQ(r.sap, 0.0);  // identical latents give identical fits
}

TEST(DiscreteSapTest, PermutationAndThreadCountChangeNothing) {
  const Splits s = MakeSplits(kShapes, 1500, 700, [](const Eigen::MatrixXi& f) {
    return EntangledCodes(f, kShapes, 9, 0.5, 3);
  });
  const SapResult serial =
      *ComputeDiscreteSap(s.fit_codes, s.fit_factors, s.test_codes, s.test_factors);
  DiscreteSapOptions threads;
  threads.num_threads = 3;
  const SapResult parallel =
      *ComputeDiscreteSap(s.fit_codes, s.fit_factors, s.test_codes, s.test_factors, threads);
  EXPECT_EQ(parallel.score, serial.score);
  EXPECT_EQ(parallel.sap, serial.sap);

  std::vector<int> order(9);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937(8));
  Eigen::MatrixXd fit(s.fit_codes.rows(), 9), test(s.test_codes.rows(), 9);
  for (int i = 0; i < 9; ++i) {
    fit.col(i) = s.fit_codes.col(order[i]);
    test.col(i) = s.test_codes.col(order[i]);
  }
  const SapResult permuted = *ComputeDiscreteSap(fit, s.fit_factors, test, s.test_factors, threads);
  EXPECT_EQ(permuted.sap, serial.sap);
  for (int i = 0; i < 9; ++i) EXPECT_EQ(permuted.score.row(i), serial.score.row(order[i]));
}

TEST(DiscreteSapTest, SingleClassFactorIsSkipped) {
  Splits s = MakeSplits({3, 4, 5}, 600, 300, [](const Eigen::MatrixXi& f) {
    return DisentangledCodes(f, {3, 4, 5}, 4, 0.1, 2);
  });
  const SapResult without = *ComputeDiscreteSap(s.fit_codes, s.fit_factors.leftCols(2),
                                                s.test_codes, s.test_factors.leftCols(2));
  s.fit_factors.col(2).setConstant(1);
  const SapResult with =
      *ComputeDiscreteSap(s.fit_codes, s.fit_factors, s.test_codes, s.test_factors);
  EXPECT_EQ(with.skipped_factors, std::vector<int>{2});
  EXPECT_EQ(with.sap, without.sap);
  EXPECT_TRUE((with.score.col(2).array() == 0).all());
}

TEST(DiscreteSapTest, RejectsBadInput) {
  const Splits s = MakeSplits({3, 4}, 100, 50, [](const Eigen::MatrixXi& f) {
    return DisentangledCodes(f, {3, 4}, 3, 0.1, 2);
  });
  EXPECT_FALSE(
      ComputeDiscreteSap(s.fit_codes, s.fit_factors, s.test_codes.leftCols(2), s.test_factors)
          .ok());
  EXPECT_FALSE(
      ComputeDiscreteSap(s.fit_codes, s.fit_factors, s.test_codes, s.test_factors.leftCols(1))
          .ok());
  DiscreteSapOptions zero_threads;
  zero_threads.num_threads = 0;
  EXPECT_FALSE(
      ComputeDiscreteSap(s.fit_codes, s.fit_factors, s.test_codes, s.test_factors, zero_threads)
          .ok());
  EXPECT_FALSE(ComputeContinuousSap(s.fit_codes.leftCols(1), s.fit_factors.cast<double>()).ok());
}

}  // namespace
}  // namespace lambdabeta::metrics
