// Solver 2 of Section 5.1: AdamW (LibTorch, float64) on A, B and Cholesky factors of Sigma_Z
// and Sigma_W with a positive diagonal.
#ifndef LAMBDABETA_MODELS_LINEAR_GAUSSIAN_ADAMW_H_
#define LAMBDABETA_MODELS_LINEAR_GAUSSIAN_ADAMW_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "common/proto/linear_study.pb.h"
#include "models/linear_gaussian/problem.h"

namespace lambdabeta::linear_gaussian {

// Runs AdamW independently for each trial k: problems[k] from initial_states[k], with the
// Monte-Carlo noise of trial k drawn from seeds[k] alone, so a trial's result does not depend
// on which other trials run beside it or on the thread count. All trials share `weights` and
// `settings`; `settings.mode` chooses the Monte-Carlo or the exact (closed-form) objective.
// A trial whose loss turns non-finite stops there with status DIVERGED and its last finite state;
// the others run all `settings.steps` steps and end with status MAX_ITERATIONS (AdamW has no
// convergence test). With settings.record_every > 0, each result's trajectory holds the exact
// objective, SAP and I_m after every record_every steps and after the last (a point whose state
// is not finite is left out; a DIVERGED trial's stops where it stopped). Parameterisation, noise and costs: adamw.cc and torch_objective.h.
absl::StatusOr<std::vector<SolverResult>> RunAdamW(const std::vector<Problem>& problems,
                                                   const std::vector<State>& initial_states,
                                                   const Weights& weights,
                                                   const AdamWSettings& settings,
                                                   ReconstructionReading reading,
                                                   const std::vector<uint64_t>& seeds);

}  // namespace lambdabeta::linear_gaussian

#endif  // LAMBDABETA_MODELS_LINEAR_GAUSSIAN_ADAMW_H_
