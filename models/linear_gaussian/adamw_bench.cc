// AdamW throughput for the linear-Gaussian study at paper scale, and how close the iterates get
// to the optimum.
//
//   bazel run -c opt //models/linear_gaussian:adamw_bench
//   bazel run -c opt //models/linear_gaussian:adamw_bench -- --convergence --batch_size=16384
//
// Speed table: optimizer steps per second (all K trials advance one step) for K = 1 and 50
// trials at (n, m, s) = (100, 10, 5), Monte-Carlo and exact objectives, the process CPU time
// per step, and the projected time of the paper's AdamW sweep: 10 betas x 50 trials x --steps.
// (A Monte-Carlo step costs the same for every batch size >= n + m + s: see DrawMinibatchRows.)
// Convergence table (--convergence): for lambda = 0 and beta >= 1 the minimum of L_beta is the
// entropy H(Y) = n/2 log(2 pi e) + 1/2 log det Sigma_Y: -ELBO >= -log-likelihood >= H(Y), with
// equality for the trivial solution (and, for beta = 1, for every exact-posterior fit of
// Sigma_Y). The table gives the exact objective's gap above H(Y) after --steps steps, and the
// encoder gains ||B||_2 and ||B Gamma Sigma_V^(1/2)||_2 (Theorem 3.2: both -> 0 for beta > 1).
#define TORCH_ASSERT_ONLY_METHOD_OPERATORS  // no header with every operator (ARCHITECTURE.md)
#include <ATen/Parallel.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "common/runtime/runtime.h"
#include "models/linear_gaussian/adamw.h"
#include "models/linear_gaussian/eigen_torch.h"
#include "models/linear_gaussian/test_instances.h"
#include "models/linear_gaussian/torch_objective.h"

ABSL_FLAG(int, timing_steps, 100, "optimizer steps per timed run");
ABSL_FLAG(std::vector<std::string>, threads, std::vector<std::string>({"1", "2"}),
          "intra-op thread counts to time");
ABSL_FLAG(std::vector<std::string>, trials, std::vector<std::string>({"1", "50"}),
          "trial counts K to time");
ABSL_FLAG(bool, convergence, false, "also print the convergence table");
ABSL_FLAG(int, steps, 500, "steps of a run in the sweep (projection, convergence table)");
ABSL_FLAG(double, learning_rate, 0.03, "learning rate for both tables");
ABSL_FLAG(double, weight_decay, 1e-4, "weight decay for both tables");
ABSL_FLAG(std::string, schedule, "COSINE", "learning-rate schedule: CONSTANT or COSINE");
ABSL_FLAG(double, beta1, 0.9, "Adam's first-moment decay");
ABSL_FLAG(double, beta2, 0.9, "Adam's second-moment decay");
ABSL_FLAG(int, batch_size, 256, "Monte-Carlo minibatch size");
ABSL_FLAG(int, convergence_trials, 10, "trials per beta in the convergence table");
ABSL_FLAG(bool, keep_freed_memory, true,
          "runtime::KeepFreedMemory() as the linear study does (false: glibc's defaults)");

namespace lambdabeta::linear_gaussian {
namespace {

constexpr int kN = 100;
constexpr int kM = 10;
constexpr int kS = 5;

// Problems and initial states as the study draws them: Gamma N(0, 1), Sigma_V U(0.1, 1),
// sigma2 = 0.05, A ~ N(0, 1/m), B ~ N(0, 1/n), diagonal covariances from U(0.1, 1).
RandomTrials MakeTrials(int count) {
  return MakeRandomTrials(count, kN, kM, kS, 1000, InitialCovariances::kDiagonal);
}

AdamWSettings Settings(AdamWSettings::Mode mode, int steps) {
  AdamWSettings settings;
  settings.set_mode(mode);
  settings.set_steps(steps);
  settings.set_learning_rate(absl::GetFlag(FLAGS_learning_rate));
  settings.set_weight_decay(absl::GetFlag(FLAGS_weight_decay));
  settings.set_batch_size(absl::GetFlag(FLAGS_batch_size));
  AdamWSettings::Schedule schedule;
  if (!AdamWSettings::Schedule_Parse(absl::GetFlag(FLAGS_schedule), &schedule)) {
    std::fprintf(stderr, "unknown schedule %s\n", absl::GetFlag(FLAGS_schedule).c_str());
    std::exit(2);
  }
  settings.set_schedule(schedule);
  settings.set_beta1(absl::GetFlag(FLAGS_beta1));
  settings.set_beta2(absl::GetFlag(FLAGS_beta2));
  return settings;
}

const char* ModeName(AdamWSettings::Mode mode) {
  return mode == AdamWSettings::EXACT ? "EXACT" : "MONTE_CARLO";
}

// CPU seconds of this process: unlike wall time, barely inflated when other processes share
// the cores (with one intra-op thread it is the single-core time).
double ProcessCpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

int SpeedTable() {
  const int steps = absl::GetFlag(FLAGS_timing_steps);
  std::printf("AdamW steps/s at (n, m, s) = (%d, %d, %d), batch %d, %d steps per run\n", kN, kM, kS,
              absl::GetFlag(FLAGS_batch_size), steps);
  std::printf("%-12s %7s %3s %10s %13s %14s %22s\n", "mode", "threads", "K", "steps/s",
              "trial-steps/s", "CPU ms/step", "10x50xsteps projected");
  for (const std::string& threads : absl::GetFlag(FLAGS_threads)) {
    runtime::SetIntraOpThreads(std::stoi(threads));
    for (AdamWSettings::Mode mode : {AdamWSettings::MONTE_CARLO, AdamWSettings::EXACT}) {
      for (const std::string& trials_flag : absl::GetFlag(FLAGS_trials)) {
        const int k = std::stoi(trials_flag);
        const RandomTrials trials = MakeTrials(k);
        const auto start = std::chrono::steady_clock::now();
        const double cpu_start = ProcessCpuSeconds();
        const auto results = RunAdamW(trials.problems, trials.states, {1.0, 0.0},
                                      Settings(mode, steps), DECODER_MEAN, trials.seeds);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!results.ok()) {
          std::fprintf(stderr, "%s\n", results.status().ToString().c_str());
          return 1;
        }
        const double cpu_ms = 1e3 * (ProcessCpuSeconds() - cpu_start) / steps;
        const double rate = steps / seconds;
        const double projected = 10.0 * absl::GetFlag(FLAGS_steps) * std::ceil(50.0 / k) / rate;
        std::printf("%-12s %7d %3d %10.1f %13.0f %14.2f %20.0f s\n", ModeName(mode),
                    at::get_num_threads(), k, rate, rate * k, cpu_ms, projected);
      }
    }
  }
  return 0;
}

// The exact objective at a returned state; NaN where Sigma_Z is not numerically positive
// definite (a precision factor so ill-conditioned that its inverse is not).
double ExactLoss(const State& s, const Problem& p, const Weights& weights) {
  try {
    return ClosedFormLoss(ToTensor(s.a), ToTensor(s.b), ToTensor(s.sigma_z), ToTensor(s.sigma_w),
                          TorchObservation::FromProblem(p).Covariance(), weights, DECODER_MEAN)
        .total.item<double>();
  } catch (const c10::Error&) {
    return std::nan("");
  }
}

int ConvergenceTable() {
  const int steps = absl::GetFlag(FLAGS_steps);
  const int count = absl::GetFlag(FLAGS_convergence_trials);
  std::printf(
      "\nExact objective minus the optimum H(Y) after %d steps (lr %g, weight decay %g), "
      "%d trials, lambda = 0\n",
      steps, absl::GetFlag(FLAGS_learning_rate), absl::GetFlag(FLAGS_weight_decay), count);
  std::printf("%-12s %5s %12s %12s %12s %12s %11s %13s %8s\n", "mode", "beta", "H(Y) mean",
              "gap median", "gap max", "rel gap max", "||B||_2 max", "||BGS^.5|| max", "bad/div");
  const RandomTrials trials = MakeTrials(count);
  for (AdamWSettings::Mode mode : {AdamWSettings::MONTE_CARLO, AdamWSettings::EXACT}) {
    for (double beta : {1.0, 2.0, 8.0}) {
      const Weights weights{beta, 0.0};
      const auto results = RunAdamW(trials.problems, trials.states, weights, Settings(mode, steps),
                                    DECODER_MEAN, trials.seeds);
      if (!results.ok()) {
        std::fprintf(stderr, "%s\n", results.status().ToString().c_str());
        return 1;
      }
      std::vector<double> gaps;
      double entropy_sum = 0, relative_max = 0, gain_max = 0, signal_gain_max = 0;
      int bad = 0, diverged = 0;
      for (int k = 0; k < count; ++k) {
        const double entropy = ObservationEntropy(trials.problems[k]);
        const double gap = ExactLoss((*results)[k].state, trials.problems[k], weights) - entropy;
        diverged += (*results)[k].status == DIVERGED;
        if (!std::isfinite(gap)) {
          ++bad;
          continue;
        }
        gaps.push_back(gap);
        entropy_sum += entropy;
        relative_max = std::max(relative_max, std::abs(gap / entropy));
        const Problem& p = trials.problems[k];
        const Eigen::MatrixXd& b = (*results)[k].state.b;
        gain_max = std::max(gain_max, Eigen::JacobiSVD<Eigen::MatrixXd>(b).singularValues()(0));
        // The gain on the factors (B Gamma Sigma_V^(1/2)): what I(X; V) and the metrics see.
        signal_gain_max =
            std::max(signal_gain_max, Eigen::JacobiSVD<Eigen::MatrixXd>(
                                          b * p.gamma * p.factor_variance.cwiseSqrt().asDiagonal())
                                          .singularValues()(0));
      }
      std::sort(gaps.begin(), gaps.end());
      const double median = gaps.empty() ? std::nan("") : gaps[gaps.size() / 2];
      const double max = gaps.empty() ? std::nan("") : gaps.back();
      std::printf("%-12s %5g %12.6f %12.3e %12.3e %12.3e %11.2e %13.2e %4d/%-3d\n", ModeName(mode),
                  beta, entropy_sum / count, median, max, relative_max, gain_max, signal_gain_max,
                  bad, diverged);
    }
  }
  return 0;
}

}  // namespace
}  // namespace lambdabeta::linear_gaussian

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  if (absl::GetFlag(FLAGS_keep_freed_memory)) lambdabeta::runtime::KeepFreedMemory();
  if (int status = lambdabeta::linear_gaussian::SpeedTable(); status != 0) return status;
  if (absl::GetFlag(FLAGS_convergence)) return lambdabeta::linear_gaussian::ConvergenceTable();
  return 0;
}
