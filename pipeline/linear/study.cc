#include "pipeline/linear/study.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/io/progress.h"
#include "common/parallel/parallel_for.h"
#include "common/status/status_macros.h"
#include "models/linear_gaussian/fast_fixed_point.h"
#include "models/linear_gaussian/generation.h"
#include "models/linear_gaussian/metrics.h"
#include "models/linear_gaussian/random.h"

namespace lambdabeta::linear_study {
namespace {

using linear_gaussian::ObservationSpectrum;
using linear_gaussian::Problem;
using linear_gaussian::SolverResult;
using linear_gaussian::State;
using linear_gaussian::StreamPurpose;
using linear_gaussian::StreamSeed;
using linear_gaussian::Weights;

// Progress over runs, shared by the workers.
class SharedProgress {
 public:
  SharedProgress(bool show, int64_t total)
      : show_(show), progress_("linear study", total, "runs") {}
  void Add(int64_t runs) {
    if (!show_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    done_ += runs;
    progress_.Update(done_);
  }
  void Finish() {
    if (show_) progress_.Finish();
  }

 private:
  bool show_;
  std::mutex mutex_;
  int64_t done_ = 0;
  Progress progress_;
};

// Every (beta, lambda) pair the fixed-point solver runs: Figure 2's, then the rest of Figure 3's.
std::vector<Weights> FixedPointPairs(const LinearStudyConfig& config) {
  std::vector<Weights> pairs;
  auto add = [&pairs](double beta, double lambda) {
    for (const Weights& w : pairs) {
      if (w.beta == beta && w.lambda == lambda) return;
    }
    pairs.push_back(Weights{beta, lambda});
  };
  for (double beta : config.beta()) add(beta, 0);
  for (double beta : config.heatmap_beta()) {
    for (double lambda : config.heatmap_lambda()) add(beta, lambda);
  }
  return pairs;
}

absl::Status CheckFinite(const LinearRunResult& run) {
  const LinearMetrics& m = run.metrics();
  for (double value : {m.loss(), m.reconstruction_error(), m.sap(), m.mig(), m.i_m(), m.total_mi(),
                       m.encoder_gain_norm(), m.latent_observation_mi()}) {
    if (!std::isfinite(value)) {
      return absl::InternalError(absl::StrCat("non-finite metric in run ", run.solver(),
                                              " beta=", run.beta(), " lambda=", run.lambda(),
                                              " trial=", run.trial(), ": ", m.ShortDebugString()));
    }
  }
  return absl::OkStatus();
}

// A fixed-point run that did not converge, where the phase boundary says why: a run at the cap
// with no minimum to reach gets its own status, and both kinds get a reason.
void ExplainStatus(LinearRunResult& run) {
  if (run.solver() != kFixedPoint) return;
  const LinearPrediction::Phase phase = run.prediction().phase();
  if (run.status() == MAX_ITERATIONS && phase == LinearPrediction::UNATTAINED) {
    run.set_status(OPTIMUM_NOT_ATTAINED);
    run.set_status_reason(
        "beta = 1, lambda > 0: the infimum needs Sigma_W -> 0 (tau = 0), which the iteration "
        "approaches (about as 1/t) without reaching; metrics at the iteration cap");
  } else if (run.status() == DIVERGED && phase == LinearPrediction::UNBOUNDED) {
    run.set_status_reason("beta < 1: the objective is unbounded below as Sigma_W -> 0");
  }
}

}  // namespace

absl::StatusOr<LinearRunResult> MakeRunResult(const Problem& problem,
                                              const ObservationSpectrum& spectrum,
                                              const std::string& solver, const Weights& weights,
                                              int64_t trial, ReconstructionReading reading,
                                              const SolverResult& solved) {
  LinearRunResult run;
  run.set_solver(solver);
  run.set_beta(weights.beta);
  run.set_lambda(weights.lambda);
  run.set_trial(static_cast<int32_t>(trial));
  run.set_status(solved.status);
  run.set_iterations(solved.iterations);
  absl::StatusOr<LinearMetrics> metrics =
      linear_gaussian::ComputeMetrics(problem, solved.state, weights, reading);
  if (!metrics.ok()) {
    return absl::Status(metrics.status().code(),
                        absl::StrCat(solver, " beta=", weights.beta, " lambda=", weights.lambda,
                                     " trial=", trial, ": ", metrics.status().message()));
  }
  *run.mutable_metrics() = *std::move(metrics);
  for (const LinearTrajectoryPoint& point : solved.trajectory) *run.add_trajectory() = point;
  *run.mutable_prediction() =
      linear_gaussian::PredictionToProto(linear_gaussian::PredictPhase(problem, spectrum, weights));
  if (solver == kFixedPoint) {
    run.set_relative_change(solved.relative_change);
    if (std::isfinite(solved.distance_bound)) run.set_distance_bound(solved.distance_bound);
  }
  ExplainStatus(run);
  RETURN_IF_ERROR(CheckFinite(run));
  return run;
}

absl::StatusOr<LinearStudyResults> RunLinearStudy(const LinearStudyConfig& config,
                                                  const StudyOptions& options) {
  const int trials = config.trials();
  std::vector<Problem> problems(trials);
  std::vector<ObservationSpectrum> spectra(trials);
  std::vector<State> starts(trials);
  std::vector<uint64_t> adamw_seeds(trials);
  for (int t = 0; t < trials; ++t) {
    problems[t] = linear_gaussian::GenerateProblem(config, t);
    starts[t] = linear_gaussian::GenerateInitialState(config.init(), config.n(), config.m(),
                                                      config.seed(), t);
    adamw_seeds[t] = StreamSeed(config.seed(), t, StreamPurpose::kAdamWNoise);
  }
  // The spectra cost O(n^3) each: compute them on the workers too.
  RETURN_IF_ERROR(ParallelFor(trials, options.threads, [&](int t) {
    spectra[t] = ComputeObservationSpectrum(problems[t]);
    return absl::OkStatus();
  }));

  const std::vector<Weights> pairs = FixedPointPairs(config);
  const int adamw_betas = options.run_adamw ? config.beta_size() : 0;
  const int fixed_point_jobs = static_cast<int>(pairs.size()) * trials;
  std::vector<LinearRunResult> fixed_point_runs(fixed_point_jobs);
  // One AdamW job per beta (all trials of a beta in one RunAdamW call), each writing only its
  // own slot: the calls are independent (their own optimizer, generators and autograd graphs,
  // one intra-op thread), so two workers share the AdamW load and its results do not depend on
  // which worker ran which beta.
  // AdamW's jobs: the budget check's betas first (the longest runs), then the sweep's.
  struct AdamWJob {
    double beta;
    AdamWSettings settings;
    int trials;
    bool budget_check;
  };
  std::vector<AdamWJob> adamw_jobs;
  if (options.run_adamw && config.has_adamw_budget_check()) {
    const AdamWBudgetCheck& check = config.adamw_budget_check();
    AdamWSettings longer = config.adamw();
    longer.set_steps(check.steps());
    for (double beta : check.beta()) adamw_jobs.push_back({beta, longer, check.trials(), true});
  }
  for (int b = 0; b < adamw_betas; ++b) {
    adamw_jobs.push_back({config.beta(b), config.adamw(), trials, false});
  }
  const int adamw_job_count = static_cast<int>(adamw_jobs.size());
  std::vector<std::vector<LinearRunResult>> adamw_runs(adamw_job_count);
  std::vector<absl::Status> adamw_status(adamw_job_count);
  int64_t adamw_trial_runs = 0;
  for (const AdamWJob& job : adamw_jobs) adamw_trial_runs += job.trials;
  SharedProgress progress(options.show_progress, fixed_point_jobs + adamw_trial_runs);

  auto adamw_job = [&](int j) -> absl::Status {
    const AdamWJob& job = adamw_jobs[j];
    const Weights weights{job.beta, 0};
    const auto first = [&](const auto& all) {
      return std::vector(all.begin(), all.begin() + job.trials);
    };
    absl::StatusOr<std::vector<SolverResult>> solved =
        options.adamw(first(problems), first(starts), weights, job.settings, config.reading(),
                      first(adamw_seeds));
    progress.Add(job.trials);
    if (!solved.ok()) {
      adamw_status[j] = solved.status();
      return absl::OkStatus();  // reported below, in job order
    }
    if (static_cast<int>(solved->size()) != job.trials) {
      return absl::InternalError(absl::StrCat("RunAdamW returned ", solved->size(),
                                              " results for ", job.trials, " trials"));
    }
    for (int t = 0; t < job.trials; ++t) {
      ASSIGN_OR_RETURN(LinearRunResult run, MakeRunResult(problems[t], spectra[t], kAdamW, weights,
                                                          t, config.reading(), (*solved)[t]));
      adamw_runs[j].push_back(std::move(run));
    }
    return absl::OkStatus();
  };
  auto fixed_point_job = [&](int index) -> absl::Status {
    const Weights& weights = pairs[index / trials];
    const int t = index % trials;
    ASSIGN_OR_RETURN(
        SolverResult solved,
        linear_gaussian::RunFastFixedPoint(problems[t], starts[t], weights, config.fixed_point()));
    ASSIGN_OR_RETURN(LinearRunResult run, MakeRunResult(problems[t], spectra[t], kFixedPoint,
                                                        weights, t, config.reading(), solved));
    fixed_point_runs[index] = std::move(run);
    progress.Add(1);
    return absl::OkStatus();
  };
  // The AdamW jobs (the longest) are handed out first.
  RETURN_IF_ERROR(ParallelFor(adamw_job_count + fixed_point_jobs, options.threads, [&](int job) {
    return job < adamw_job_count ? adamw_job(job) : fixed_point_job(job - adamw_job_count);
  }));
  progress.Finish();

  LinearStudyResults results;
  for (LinearRunResult& run : fixed_point_runs) *results.add_runs() = std::move(run);
  std::string adamw_unavailable;
  // The sweep's failures first, in beta order, then the budget check's.
  std::vector<int> report_order;
  for (bool budget_check : {false, true}) {
    for (int j = 0; j < adamw_job_count; ++j) {
      if (adamw_jobs[j].budget_check == budget_check) report_order.push_back(j);
    }
  }
  for (int j : report_order) {
    const absl::Status& status = adamw_status[j];
    if (absl::IsUnimplemented(status)) {
      adamw_unavailable = std::string(status.message());
    } else if (!status.ok()) {
      return absl::Status(status.code(),
                          absl::StrCat("AdamW at beta=", adamw_jobs[j].beta,
                                       adamw_jobs[j].budget_check ? " (budget check)" : "", ": ",
                                       status.message()));
    }
  }
  if (adamw_unavailable.empty()) {
    for (int j = 0; j < adamw_job_count; ++j) {
      for (LinearRunResult& run : adamw_runs[j]) {
        *(adamw_jobs[j].budget_check ? results.add_budget_check_runs() : results.add_runs()) =
            std::move(run);
      }
    }
  }
  if (!options.run_adamw) {
    results.set_adamw_note("AdamW not run (disabled by the caller)");
  } else if (!adamw_unavailable.empty()) {
    results.set_adamw_note(absl::StrCat("AdamW unavailable: ", adamw_unavailable));
  }
  if (config.problem_sharing() == LinearStudyConfig::ONE_PROBLEM) {
    *results.add_problems() = linear_gaussian::ProblemToProto(problems[0]);
  } else {
    for (int t = 0; t < trials; ++t) {
      *results.add_problems() = linear_gaussian::ProblemToProto(problems[t], &starts[t]);
    }
  }
  return results;
}

absl::StatusOr<LinearRunResult> RunSingleProblem(const LinearStudyConfig& config,
                                                 const linear_gaussian::ProblemWithStart& given,
                                                 const Weights& weights, const std::string& solver,
                                                 int64_t trial) {
  const Problem& problem = given.problem;
  State start = linear_gaussian::GenerateInitialState(config.init(), problem.n(), problem.m,
                                                      config.seed(), trial);
  if (given.initial_b.has_value()) {
    start.b = *given.initial_b;
    start.sigma_w = *given.initial_sigma_w;
  }
  absl::StatusOr<SolverResult> solved;
  if (solver == kFixedPoint) {
    if (weights.lambda > 0 && config.reading() == DECODER_SAMPLE) {
      return absl::InvalidArgumentError(
          "the fixed-point solver (Lemma 4.2) needs reading DECODER_MEAN when lambda > 0");
    }
    solved = linear_gaussian::RunFastFixedPoint(problem, start, weights, config.fixed_point());
  } else if (solver == kAdamW) {
    ASSIGN_OR_RETURN(
        std::vector<SolverResult> batch,
        linear_gaussian::RunAdamW({problem}, {start}, weights, config.adamw(), config.reading(),
                                  {StreamSeed(config.seed(), trial, StreamPurpose::kAdamWNoise)}));
    if (batch.size() != 1) return absl::InternalError("RunAdamW returned no result");
    solved = std::move(batch.front());
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown solver '", solver, "': use fixed_point or adamw"));
  }
  if (!solved.ok()) return solved.status();
  ASSIGN_OR_RETURN(LinearRunResult run,
                   MakeRunResult(problem, ComputeObservationSpectrum(problem), solver, weights,
                                 trial, config.reading(), *solved));
  *run.mutable_final_state() = linear_gaussian::StateToProto(solved->state);
  return run;
}

}  // namespace lambdabeta::linear_study
