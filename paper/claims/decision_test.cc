// The rule that says what would decide an INCONCLUSIVE part (rules.h), against hand
// computations from published t tables and a brute force on the integrated t density.
#include <cmath>
#include <vector>

#include "gtest/gtest.h"
#include "paper/claims/rules.h"
#include "paper/claims/statistics.h"

namespace lambdabeta::claims {
namespace {

// The two-sided 95 % t quantile by bisection on Simpson's integral of the t density: a route to
// the quantile independent of the closed forms in statistics.cc.
double IndependentQuantile(int dof) {
  const double nu = dof;
  const double log_norm =
      std::lgamma((nu + 1) / 2) - std::lgamma(nu / 2) - 0.5 * std::log(nu * M_PI);
  const auto central = [&](double t) {
    const int steps = 4000;
    const double h = t / steps;
    const auto f = [&](double x) {
      return std::exp(log_norm - (nu + 1) / 2 * std::log1p(x * x / nu));
    };
    double sum = f(0) + f(t);
    for (int i = 1; i < steps; ++i) sum += f(i * h) * (i % 2 ? 4 : 2);
    return 2 * sum * h / 3;
  };
  double low = 0, high = 100;
  for (int i = 0; i < 60; ++i) {
    const double mid = (low + high) / 2;
    (central(mid) < 0.95 ? low : high) = mid;
  }
  return (low + high) / 2;
}

TEST(SeedsToSeparate, MatchesHandComputationsFromPublishedTables) {
  // s = 1, distance 1: t_{0.975,5} / sqrt(6) = 2.571 / 2.449 = 1.050 > 1, and
  // t_{0.975,6} / sqrt(7) = 2.447 / 2.646 = 0.925 < 1: 7 seeds.
  EXPECT_EQ(SeedsToSeparate(1.0, 1.0), 7);
  // distance 0.5: t_16 / sqrt(17) = 2.120 / 4.123 = 0.514 > 0.5; t_17 / sqrt(18) = 2.110 /
  // 4.243 = 0.497 < 0.5: 18 seeds.
  EXPECT_EQ(SeedsToSeparate(0.5, 1.0), 18);
  // Only the ratio matters.
  EXPECT_EQ(SeedsToSeparate(0.05, 0.1), 18);
  // distance 10 s: t_1 / sqrt(2) = 12.706 / 1.414 = 8.98 < 10: already 2.
  EXPECT_EQ(SeedsToSeparate(10, 1), 2);
  EXPECT_EQ(SeedsToSeparate(1, 0), 2);
  // Nothing separates a zero distance; a tiny one needs more than the limit.
  EXPECT_EQ(SeedsToSeparate(0, 1), 0);
  EXPECT_EQ(SeedsToSeparate(1e-3, 1), 0);
  EXPECT_EQ(SeedsToSeparate(1, std::nan("")), 0);
}

TEST(SeedsToSeparate, MatchesBruteForceOnTheIntegratedDensity) {
  std::vector<double> quantile(80);
  for (int dof = 1; dof < 80; ++dof) quantile[dof] = IndependentQuantile(dof);
  for (double ratio : {0.35, 0.6, 0.9, 1.3, 2.5, 4.0}) {  // distance / s
    int brute = 0;
    for (int n = 2; n < 80 && brute == 0; ++n) {
      if (quantile[n - 1] / std::sqrt(n) < ratio) brute = n;
    }
    ASSERT_GT(brute, 0);
    EXPECT_EQ(SeedsToSeparate(ratio * 0.2, 0.2), brute) << "ratio " << ratio;
  }
}

TEST(SpreadOf, RecoversTheSampleStandardDeviation) {
  const std::vector<double> values = {1, 2, 3, 4, 7};
  // mean 3.4; squares 5.76 + 1.96 + 0.16 + 0.36 + 12.96 = 21.2; s = sqrt(21.2 / 4).
  EXPECT_NEAR(SpreadOf(MeanInterval(values)), std::sqrt(21.2 / 4), 1e-9);
  EXPECT_TRUE(std::isnan(SpreadOf(MeanInterval({1.0}))));
}

// An interval of mean `mean` and spread s over n.
Interval Observed(double mean, double s, int n) {
  const double half = IndependentQuantile(n - 1) * s / std::sqrt(n);
  return {mean, mean - half, mean + half, n};
}

TEST(DecidePart, EachOutlook) {
  // A gain of 1 with spread 1 over 2 seeds: decided at 7, on the claim's side.
  PartDecision d = DecidePart(Observed(1, 1, 2), 0, true, false, false);
  EXPECT_EQ(d.outlook, Decision::DECIDED_AT);
  EXPECT_EQ(d.n, 7);
  EXPECT_FALSE(d.against);
  // Non-inferiority: the distance is from -margin (0.02 + 0.01 = 0.03 away, spread 0.03).
  d = DecidePart(Observed(0.02, 0.03, 3), -kNonInferiorityMargin, true, false, false);
  EXPECT_EQ(d.n, 7);
  // Below the boundary of an "above" claim: against.
  d = DecidePart(Observed(-1, 1, 2), 0, true, false, false);
  EXPECT_TRUE(d.against);
  EXPECT_EQ(d.n, 7);
  d = DecidePart(Observed(-1, 1, 2), 0, false, false, false);
  EXPECT_FALSE(d.against);
  // A score gain under the margin cannot be made a meaningful one by seeds.
  EXPECT_EQ(DecidePart(Observed(0.009, 0.001, 2), 0, true, true, false).outlook,
            Decision::EFFECT_BELOW_MARGIN);
  EXPECT_EQ(DecidePart(Observed(0.011, 0.001, 2), 0, true, true, false).outlook,
            Decision::DECIDED_AT);
  // Collapsed models: noise, whatever the numbers.
  EXPECT_EQ(DecidePart(Observed(1, 1, 2), 0, true, false, true).outlook, Decision::NOISE_FLOOR);
  // One seed: no spread.
  EXPECT_EQ(DecidePart(MeanInterval({1.0}), 0, true, false, false).outlook,
            Decision::UNKNOWN_SPREAD);
  EXPECT_EQ(DecidePart(Observed(1e-4, 1, 2), 0, true, false, false).outlook,
            Decision::BEYOND_LIMIT);
}

TEST(DecideClaim, AgainstPartsDecideFirstElseTheSlowestPart) {
  const PartDecision for7{Decision::DECIDED_AT, 7, false};
  const PartDecision for30{Decision::DECIDED_AT, 30, false};
  const PartDecision against12{Decision::DECIDED_AT, 12, true};
  const PartDecision against9{Decision::DECIDED_AT, 9, true};
  const PartDecision floor{Decision::NOISE_FLOOR, 0, false};
  EXPECT_EQ(DecideClaim({for7, for30}).n, 30);
  EXPECT_EQ(DecideClaim({for7, against12, for30, against9}).n, 9);
  EXPECT_EQ(DecideClaim({for7, floor, against12}).n, 12);
  EXPECT_EQ(DecideClaim({for7, floor}).outlook, Decision::NOISE_FLOOR);
  EXPECT_EQ(DecideClaim({}).outlook, Decision::OUTLOOK_UNSPECIFIED);
}

// Fisher's one-sided p by brute force: every way of choosing which n_a of the models are the
// lambda = 0 arm, counting those with at least `a` collapsed among them.
double PermutationP(int a, int n_a, int b, int n_b) {
  const int total = n_a + n_b;
  int count = 0, extreme = 0;
  for (unsigned mask = 0; mask < (1u << total); ++mask) {
    if (__builtin_popcount(mask) != n_a) continue;
    int collapsed_in_a = 0;
    for (int i = 0; i < a + b; ++i) collapsed_in_a += (mask >> i) & 1;  // models 0..a+b-1 collapsed
    ++count;
    extreme += collapsed_in_a >= a;
  }
  return static_cast<double>(extreme) / count;
}

TEST(FisherExactOneSided, MatchesHandValuesAndBruteForce) {
  // 2 of 2 collapsed against 0 of 2: only one of the C(4, 2) = 6 splits is as extreme.
  EXPECT_NEAR(FisherExactOneSided(2, 2, 0, 2), 1.0 / 6, 1e-12);
  // 5 of 5 against 0 of 5: 1 / C(10, 5) = 1 / 252.
  EXPECT_NEAR(FisherExactOneSided(5, 5, 0, 5), 1.0 / 252, 1e-12);
  // Nothing collapsed anywhere, or the other way round: no evidence.
  EXPECT_NEAR(FisherExactOneSided(0, 3, 0, 3), 1.0, 1e-12);
  EXPECT_NEAR(FisherExactOneSided(0, 3, 3, 3), 1.0, 1e-12);
  for (int n_a = 1; n_a <= 6; ++n_a) {
    for (int n_b = 1; n_b <= 6; ++n_b) {
      for (int a = 0; a <= n_a; ++a) {
        for (int b = 0; b <= n_b; ++b) {
          EXPECT_NEAR(FisherExactOneSided(a, n_a, b, n_b), PermutationP(a, n_a, b, n_b), 1e-12)
              << a << "/" << n_a << " vs " << b << "/" << n_b;
        }
      }
    }
  }
}

}  // namespace
}  // namespace lambdabeta::claims
