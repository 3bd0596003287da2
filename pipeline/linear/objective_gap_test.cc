#include "pipeline/linear/objective_gap.h"

#include "gtest/gtest.h"

namespace lambdabeta::linear_study {
namespace {

LinearRunResult MakeRun(const char* solver, double beta, double lambda, int trial, RunStatus status,
                    double loss) {
  LinearRunResult run;
  run.set_solver(solver);
  run.set_beta(beta);
  run.set_lambda(lambda);
  run.set_trial(trial);
  run.set_status(status);
  run.mutable_metrics()->set_loss(loss);
  return run;
}

TEST(FixedPointOptimaTest, TheGapIsRelativeToTheConvergedFixedPointOfTheSameBetaAndTrial) {
  LinearStudyResults results;
  *results.add_runs() = MakeRun("fixed_point", 2, 0, 0, CONVERGED, 8);
  *results.add_runs() = MakeRun("fixed_point", 2, 0, 1, CONVERGED, -4);
  *results.add_runs() = MakeRun("fixed_point", 2, 1, 0, CONVERGED, 100);       // lambda > 0
  *results.add_runs() = MakeRun("fixed_point", 4, 0, 0, MAX_ITERATIONS, 3);    // not converged
  *results.add_runs() = MakeRun("adamw", 8, 0, 0, MAX_ITERATIONS, 5);          // not a fixed point
  const FixedPointOptima optima(results);
  EXPECT_DOUBLE_EQ(*optima.RelativeGap(2, 0, 9), 0.125);   // (9 - 8) / 8
  EXPECT_DOUBLE_EQ(*optima.RelativeGap(2, 1, -3), 0.25);   // (-3 + 4) / 4: above a negative optimum
  EXPECT_FALSE(optima.RelativeGap(4, 0, 3).has_value());
  EXPECT_FALSE(optima.RelativeGap(8, 0, 5).has_value());
  EXPECT_FALSE(optima.RelativeGap(2, 2, 5).has_value());
}

}  // namespace
}  // namespace lambdabeta::linear_study
