// The checks have teeth: fed a deliberately wrong update (beta in place of beta^-1 in the B
// update), the Eq. 11 and Lemma 3.1 checks fail, with residuals far above their tolerances,
// while the same checks on the same instances pass with the real update.
#include <string>

#include "gtest/gtest.h"
#include "models/linear_gaussian/fixed_point.h"
#include "proofs_check/claims.h"

namespace lambdabeta::proofs_check {
namespace {

// B' = beta H^-1 A^T M instead of H^-1 A^T M / beta (M without its 1/beta): the solver's B
// times beta^2; A, Sigma_Z and Sigma_W as in the real update.
absl::StatusOr<State> WrongGainUpdate(const Problem& problem, const State& state,
                                      const Weights& weights) {
  absl::StatusOr<State> next = linear_gaussian::FixedPointStep(problem, state, weights);
  if (next.ok()) next->b *= weights.beta * weights.beta;
  return next;
}

const ProofSubCheck& SubCheckNamed(const ProofCheckRecord& record, const std::string& name) {
  for (const ProofSubCheck& sub_check : record.sub_checks()) {
    if (sub_check.name() == name) return sub_check;
  }
  ADD_FAILURE() << "no sub-check " << name << " in " << record.claim();
  static const ProofSubCheck missing;
  return missing;
}

// Far above: residual / tolerance beyond a million.
void ExpectDetected(const ProofCheckRecord& record, const std::string& sub_check_name) {
  EXPECT_FALSE(record.passed()) << record.DebugString();
  EXPECT_GT(record.max_residual(), 1e6 * record.tolerance());
  const ProofSubCheck& sub_check = SubCheckNamed(record, sub_check_name);
  EXPECT_FALSE(sub_check.passed()) << sub_check.DebugString();
  EXPECT_GT(sub_check.max_residual(), 1e6 * sub_check.tolerance()) << sub_check.DebugString();
}

CheckOptions SmallInstances(StepFunction step) {
  CheckOptions options = DefaultOptions();
  options.step = std::move(step);
  options.small_only = true;
  return options;
}

TEST(MutationTest, Eq11CheckDetectsTheWrongUpdate) {
  const ProofCheckRecord wrong = CheckEq11(SmallInstances(WrongGainUpdate));
  ExpectDetected(wrong, "identity_along_update");
  const ProofCheckRecord right = CheckEq11(SmallInstances(SolverStep()));
  EXPECT_TRUE(right.passed()) << right.DebugString();
}

TEST(MutationTest, Lemma31CheckDetectsTheWrongUpdate) {
  const ProofCheckRecord wrong = CheckLemma31(SmallInstances(WrongGainUpdate));
  ExpectDetected(wrong, "encoder_update_stationary_fd");
  if (DefaultOptions().autograd) ExpectDetected(wrong, "encoder_update_stationary_autograd");
  const ProofCheckRecord right = CheckLemma31(SmallInstances(SolverStep()));
  EXPECT_TRUE(right.passed()) << right.DebugString();
}

}  // namespace
}  // namespace lambdabeta::proofs_check
