// The linear-Gaussian study of Section 5.1: the Figure 2 sweep (config `beta`, lambda = 0, the
// fixed-point and AdamW solvers) and the Figure 3 grid (heatmap_beta x heatmap_lambda, fixed
// point), over `trials` random problems and initial states, in parallel and deterministically.
#ifndef LAMBDABETA_PIPELINE_LINEAR_STUDY_H_
#define LAMBDABETA_PIPELINE_LINEAR_STUDY_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "models/linear_gaussian/adamw.h"
#include "models/linear_gaussian/phase_boundary.h"
#include "models/linear_gaussian/problem.h"
#include "models/linear_gaussian/problem_proto.h"
#include "pipeline/proto/linear_study.pb.h"
#include "pipeline/proto/results.pb.h"

namespace lambdabeta::linear_study {

inline constexpr char kFixedPoint[] = "fixed_point";
inline constexpr char kAdamW[] = "adamw";

// The signature of linear_gaussian::RunAdamW (tests substitute a stand-in).
using AdamWSolver = std::function<absl::StatusOr<std::vector<linear_gaussian::SolverResult>>(
    const std::vector<linear_gaussian::Problem>&, const std::vector<linear_gaussian::State>&,
    const linear_gaussian::Weights&, const AdamWSettings&, ReconstructionReading,
    const std::vector<uint64_t>&)>;

struct StudyOptions {
  int threads = 1;        // worker threads; results do not depend on it
  bool run_adamw = true;  // false: the fixed-point solver only
  bool show_progress = true;
  AdamWSolver adamw = linear_gaussian::RunAdamW;
};

// Runs every (solver, beta, lambda, trial) of the study. Each (beta, lambda) pair runs once per
// trial even if both figures use it. Runs are ordered: fixed point by pair (Figure 2's betas at
// lambda = 0 first, then the rest of the grid in heatmap_beta-major order) and trial, then AdamW
// by beta and trial. The result carries the problems (with their initial B and Sigma_W under
// PROBLEM_PER_TRIAL), not the final states; provenance is the caller's to fill. AdamW is called
// one beta at a time, never concurrently, beside the fixed-point workers. If AdamW is not built
// in (RunAdamW returns Unimplemented), its runs are missing and `adamw_note` says why.
absl::StatusOr<LinearStudyResults> RunLinearStudy(const LinearStudyConfig& config,
                                                  const StudyOptions& options);

// A solver's outcome as a LinearRunResult: metrics of the final state (objective read with
// `reading`) and the closed-form prediction for (problem, weights). Fails if a metric cannot be
// computed or is not finite.
absl::StatusOr<LinearRunResult> MakeRunResult(const linear_gaussian::Problem& problem,
                                              const linear_gaussian::ObservationSpectrum& spectrum,
                                              const std::string& solver,
                                              const linear_gaussian::Weights& weights,
                                              int64_t trial, ReconstructionReading reading,
                                              const linear_gaussian::SolverResult& solved);

// One problem (e.g. read from a LinearProblem file) under the config's solver settings. The
// initial state is trial `trial`'s (GenerateInitialState with the config's seed and init),
// with B and Sigma_W replaced by the problem's own if it has them; AdamW's noise comes from
// stream (seed, trial, kAdamWNoise). So a problem saved by the study, rerun with its trial
// index, reproduces that trial's run. The result includes the final state.
absl::StatusOr<LinearRunResult> RunSingleProblem(const LinearStudyConfig& config,
                                                 const linear_gaussian::ProblemWithStart& problem,
                                                 const linear_gaussian::Weights& weights,
                                                 const std::string& solver, int64_t trial);

}  // namespace lambdabeta::linear_study

#endif  // LAMBDABETA_PIPELINE_LINEAR_STUDY_H_
