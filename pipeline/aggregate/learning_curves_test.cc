#include "pipeline/aggregate/learning_curves.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lambdabeta::aggregate {
namespace {

using ::testing::HasSubstr;

DeepRunResult Result(double beta, double lambda, int seed, int64_t steps, double bce) {
  DeepRunResult r;
  r.set_dataset(BUILTIN_SPRITES);
  r.set_beta(beta);
  r.set_lambda(lambda);
  r.set_seed(seed);
  r.set_steps(steps);
  r.mutable_metrics()->set_bce(bce);
  r.mutable_metrics()->set_kl(beta);
  r.mutable_metrics()->set_mig(0.1 * seed);
  r.mutable_metrics()->set_sap(0.01);
  return r;
}

TEST(LearningCurvesTest, MeansAndSdsOverSeedsWithTheTrunkUnderEveryLambda) {
  // Phase 1 = 100 steps; beta 4, two seeds; phase 2 with lambda 0 and 16 to step 150.
  const std::vector<DeepRunResult> results = {
      Result(4, 0, 0, 100, 10), Result(4, 0, 1, 100, 14),   // phase 1's final checkpoint
      Result(4, 0, 0, 150, 8),  Result(4, 0, 1, 150, 8),    // lambda 0
      Result(4, 16, 0, 150, 9), Result(4, 16, 1, 150, 11),  // lambda 16
  };
  absl::StatusOr<std::string> tsv = LearningCurvesTsv(results, 100);
  ASSERT_TRUE(tsv.ok()) << tsv.status();
  // mean(10, 14) = 12, sd = sqrt(((10-12)^2 + (14-12)^2) / 1) = 2.828...; mig 0, 0.1: sd 0.0707...
  EXPECT_EQ(
      *tsv,
      "# "
      "dataset\tbeta\tlambda\tsteps\tphase\tseeds\tbce\tbce_sd\tkl\tkl_sd\tmig\tmig_sd\tsap\tsap_"
      "sd\n"
      "Built-in_sprites\t4\t0\t100\t1\t2\t12\t2.82842712\t4\t0\t0.05\t0.0707106781\t0.01\t0\n"
      "Built-in_sprites\t4\t0\t150\t2\t2\t8\t0\t4\t0\t0.05\t0.0707106781\t0.01\t0\n"
      "\n\n"
      "Built-in_sprites\t4\t16\t100\t1\t2\t12\t2.82842712\t4\t0\t0.05\t0.0707106781\t0.01\t0\n"
      "Built-in_sprites\t4\t16\t150\t2\t2\t10\t1.41421356\t4\t0\t0.05\t0.0707106781\t0.01\t0\n");
}

TEST(LearningCurvesTest, RejectsDuplicatesPhase1LambdasAndNonFiniteMetrics) {
  EXPECT_THAT(
      LearningCurvesTsv({Result(4, 0, 0, 50, 1), Result(4, 0, 0, 50, 2)}, 100).status().message(),
      HasSubstr("given twice"));
  EXPECT_THAT(LearningCurvesTsv({Result(4, 16, 0, 50, 1)}, 100).status().message(),
              HasSubstr("phase 1 (steps <= 100) has lambda = 0"));
  EXPECT_THAT(LearningCurvesTsv({Result(4, 0, 0, 50, std::nan(""))}, 100).status().message(),
              HasSubstr("BUILTIN_SPRITES beta=4 lambda=0 seed=0 at step 50: metric nan"));
}

}  // namespace
}  // namespace lambdabeta::aggregate
