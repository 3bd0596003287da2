// How far an AdamW run's objective is from the optimum of its problem, for Figure 2 (lambda = 0):
// the optimum is the objective of the fixed-point run of the same (beta, trial) that converged
// (for beta > 1 the collapsed state B = 0, Theorem 3.2). Used by the study's tables and by the
// claim ledger's budget rule (paper/claims/rules.h), so both read one definition.
#ifndef LAMBDABETA_PIPELINE_LINEAR_OBJECTIVE_GAP_H_
#define LAMBDABETA_PIPELINE_LINEAR_OBJECTIVE_GAP_H_

#include <map>
#include <optional>
#include <utility>

#include "common/proto/results.pb.h"

namespace lambdabeta::linear_study {

// The objective of every converged fixed-point run at lambda = 0, by (beta, trial).
class FixedPointOptima {
 public:
  explicit FixedPointOptima(const LinearStudyResults& results);

  // (loss - L*) / |L*| with L* the converged fixed point's objective for (beta, trial);
  // nullopt where no fixed-point run of that (beta, trial) converged.
  std::optional<double> RelativeGap(double beta, int trial, double loss) const;

 private:
  std::map<std::pair<double, int>, double> optimum_;
};

}  // namespace lambdabeta::linear_study

#endif  // LAMBDABETA_PIPELINE_LINEAR_OBJECTIVE_GAP_H_
