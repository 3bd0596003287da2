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
#include "common/proto/linear_study.pb.h"
#include "common/proto/results.pb.h"
#include "models/linear_gaussian/adamw.h"
#include "models/linear_gaussian/phase_boundary.h"
#include "models/linear_gaussian/problem.h"
#include "models/linear_gaussian/problem_proto.h"

namespace lambdabeta::linear_study {

inline constexpr char kFixedPoint[] = "fixed_point";
inline constexpr char kAdamW[] = "adamw";

// The signature of linear_gaussian::RunAdamW (tests substitute a stand-in).
using AdamWSolver = std::function<absl::StatusOr<std::vector<linear_gaussian::SolverResult>>(
    const std::vector<linear_gaussian::Problem>&, const std::vector<linear_gaussian::State>&,
    const linear_gaussian::Weights&, const AdamWSettings&, ReconstructionReading,
    const std::vector<uint64_t>&)>;

// The intra-op threads (LibTorch's and OpenBLAS's, runtime::SetIntraOpThreads) that the study's
// tools set before RunLinearStudy. One: the workers already fill the cores (each AdamW beta and
// each fixed-point run is a job of its own), so more intra-op threads only oversubscribe them.
// Measured with the paper config on the 2-core VM (shared with other work, load 2-5): LibTorch
// and OpenBLAS at their defaults (2 threads each) took 400-426 s wall and 335-359 s CPU; one
// thread 161-330 s wall, 206-231 s CPU; LibTorch 2 and OpenBLAS 1 the same wall time as one
// thread at equal load (247 s both) for 6% more CPU. OpenBLAS's thread count also changes
// AdamW's rounding (the runs then differ by a few percent after 400 steps), so a fixed count
// keeps the results independent of the machine's core count.
inline constexpr int kIntraOpThreads = 1;

struct StudyOptions {
  int threads = 1;        // worker threads; results do not depend on it
  bool run_adamw = true;  // false: the fixed-point solver only
  bool show_progress = true;
  AdamWSolver adamw = linear_gaussian::RunAdamW;
};

// Runs every (solver, beta, lambda, trial) of the study. Each (beta, lambda) pair runs once per
// trial even if both figures use it. Runs are ordered: fixed point by pair (Figure 2's betas at
// lambda = 0 first, then the rest of the grid in heatmap_beta-major order) and trial, then AdamW
// by beta and trial; the budget check's AdamW runs (config adamw_budget_check: its betas, its
// first trials, its steps) go to budget_check_runs, by beta and trial. The result carries the problems (with their initial B and Sigma_W under
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
