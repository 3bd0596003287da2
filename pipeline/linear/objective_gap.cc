#include "pipeline/linear/objective_gap.h"

#include <cmath>

namespace lambdabeta::linear_study {

FixedPointOptima::FixedPointOptima(const LinearStudyResults& results) {
  for (const LinearRunResult& run : results.runs()) {
    if (run.solver() != "fixed_point" || run.lambda() != 0 || run.status() != CONVERGED) continue;
    optimum_[{run.beta(), run.trial()}] = run.metrics().loss();
  }
}

std::optional<double> FixedPointOptima::RelativeGap(double beta, int trial, double loss) const {
  auto found = optimum_.find({beta, trial});
  if (found == optimum_.end() || found->second == 0) return std::nullopt;
  return (loss - found->second) / std::abs(found->second);
}

}  // namespace lambdabeta::linear_study
