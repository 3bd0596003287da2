// Speed of the linear-Gaussian solvers and of the whole Section 5.1 study:
//   bazel run -c opt //pipeline/linear:linear_gaussian_bench [-- --study=false |
//   --study_adamw=false]
// Prints a table: microseconds per fixed-point iteration at (n, m, s) = (100, 10, 5) and
// (1000, 50, 5) on one core for the reference and the fast solver (plain and Anderson steps),
// AdamW steps/s (if adamw.cc is built in), and the wall time of the default study.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "common/runtime/runtime.h"
#include "models/linear_gaussian/adamw.h"
#include "models/linear_gaussian/fast_fixed_point.h"
#include "models/linear_gaussian/fixed_point.h"
#include "models/linear_gaussian/generation.h"
#include "pipeline/config/configs.h"
#include "pipeline/linear/study.h"

ABSL_FLAG(std::string, config, "paper/config/paper.linear.pbtxt", "the study config");
ABSL_FLAG(bool, study, true, "also time the study's fixed-point runs");
ABSL_FLAG(bool, study_adamw, true, "with --study, also time the whole study (minutes)");

namespace lambdabeta {
namespace {

using linear_gaussian::Problem;
using linear_gaussian::State;
using linear_gaussian::Weights;

double Seconds(const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Best of three of `work`'s wall time.
double BestOfThree(const std::function<void()>& work) {
  double best = 1e300;
  for (int repeat = 0; repeat < 3; ++repeat) best = std::min(best, Seconds(work));
  return best;
}

struct Instance {
  Problem problem;
  State start;
};

Instance MakeInstance(LinearStudyConfig config, int n, int m, int s) {
  config.set_n(n);
  config.set_m(m);
  config.set_s(s);
  return {linear_gaussian::GenerateProblem(config, 0),
          linear_gaussian::GenerateInitialState(config.init(), n, m, config.seed(), 0)};
}

using FixedPointSolver = std::function<absl::StatusOr<linear_gaussian::SolverResult>(
    const Problem&, const State&, const Weights&, const FixedPointSettings&)>;

// The fast solver with Anderson mixing off, or on from the first steps (so that every timed
// step mixes).
FixedPointSolver FastSolver(bool anderson) {
  linear_gaussian::AccelerationOptions options;
  if (anderson) {
    options.anderson_after = 0;
    options.anderson_slow_ratio = 0;
  } else {
    options.anderson_depth = 0;
  }
  return [options](const Problem& problem, const State& start, const Weights& weights,
                   const FixedPointSettings& settings) {
    return linear_gaussian::RunFastFixedPoint(problem, start, weights, settings, options);
  };
}

// Seconds per fixed-point iteration at an informative (beta, lambda), from the difference of
// runs of 2k and k iterations (which removes the per-run setup and the final decoder).
double FixedPointSecondsPerIteration(const FixedPointSolver& solver, const Instance& instance,
                                     int iterations) {
  FixedPointSettings settings;
  settings.set_relative_tolerance(1e-300);  // never met: every run takes all its iterations
  settings.set_max_condition_number(1e300);
  settings.set_min_noise_eigenvalue(1e-300);
  auto run = [&](int count) {
    settings.set_max_iterations(count);
    return BestOfThree([&] {
      absl::StatusOr<linear_gaussian::SolverResult> result =
          solver(instance.problem, instance.start, Weights{2, 1}, settings);
      if (!result.ok() || result->iterations != count) std::fprintf(stderr, "bench run failed\n");
    });
  };
  return (run(2 * iterations) - run(iterations)) / iterations;
}

// AdamW steps per second for a batch of `trials` copies of one instance, or a reason.
std::string AdamWRate(const LinearStudyConfig& config, const Instance& instance, int trials) {
  AdamWSettings settings = config.adamw();
  settings.set_steps(100);
  std::vector<Problem> problems(trials, instance.problem);
  std::vector<State> starts(trials, instance.start);
  std::vector<uint64_t> seeds(trials);
  for (int t = 0; t < trials; ++t) seeds[t] = t;
  absl::Status status;
  const double seconds = Seconds([&] {
    status = linear_gaussian::RunAdamW(problems, starts, Weights{2, 0}, settings, config.reading(),
                                       seeds)
                 .status();
  });
  if (absl::IsUnimplemented(status)) return "not available: adamw.cc is not built in";
  if (!status.ok()) return std::string("failed: ") + std::string(status.message());
  return absl::StrFormat("%.0f steps/s (%s, %d trial%s batched: %.0f trial-steps/s)",
                         settings.steps() / seconds, AdamWSettings::Mode_Name(settings.mode()),
                         trials, trials == 1 ? "" : "s", trials * settings.steps() / seconds);
}

std::string StudyTime(const LinearStudyConfig& config, bool adamw) {
  linear_study::StudyOptions options;
  options.threads = std::max(1u, std::thread::hardware_concurrency());
  options.run_adamw = adamw;
  absl::StatusOr<LinearStudyResults> results;
  const double seconds = Seconds([&] { results = linear_study::RunLinearStudy(config, options); });
  if (!results.ok()) return std::string("failed: ") + std::string(results.status().message());
  std::string text = absl::StrFormat("%.1f s (%d runs, %d threads)", seconds, results->runs_size(),
                                     options.threads);
  if (adamw && !results->adamw_note().empty()) text += "; " + results->adamw_note();
  return text;
}

int Main() {
  absl::StatusOr<LinearStudyConfig> config = LoadLinearStudyConfig(absl::GetFlag(FLAGS_config));
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", std::string(config.status().message()).c_str());
    return 1;
  }
  runtime::SetIntraOpThreads(linear_study::kIntraOpThreads);
  runtime::KeepFreedMemory();  // AdamW's batched tensors: 3x faster steps, see runtime.h
  std::vector<std::pair<std::string, std::string>> rows;
  const Instance small = MakeInstance(*config, 100, 10, 5);
  const Instance large = MakeInstance(*config, 1000, 50, 5);
  const std::pair<const char*, FixedPointSolver> solvers[] = {
      {"reference", linear_gaussian::RunFixedPoint},
      {"fast, plain steps", FastSolver(false)},
      {"fast, Anderson", FastSolver(true)}};
  for (const auto& [name, instance, iterations] : {std::make_tuple("(100, 10, 5)", &small, 2000),
                                                   std::make_tuple("(1000, 50, 5)", &large, 100)}) {
    double reference_seconds = 0;
    for (const auto& [solver_name, solver] : solvers) {
      const double seconds = FixedPointSecondsPerIteration(solver, *instance, iterations);
      if (reference_seconds == 0) reference_seconds = seconds;
      rows.emplace_back(
          absl::StrFormat("fixed point %s, one core, (n, m, s) = %s", solver_name, name),
          absl::StrFormat("%.1f us/iteration (%.0f iterations/s, %.1fx the reference's speed)",
                          1e6 * seconds, 1 / seconds, reference_seconds / seconds));
    }
  }
  const std::string adamw_one = AdamWRate(*config, small, 1);
  const bool adamw_available = adamw_one.find("not available") == std::string::npos;
  rows.emplace_back("AdamW, (n, m, s) = (100, 10, 5)", adamw_one);
  if (adamw_available) {
    rows.emplace_back("AdamW, (n, m, s) = (100, 10, 5)",
                      AdamWRate(*config, small, config->trials()));
  }
  if (absl::GetFlag(FLAGS_study)) {
    std::fprintf(stderr, "timing the study (fixed point only, then all of it)...\n");
    rows.emplace_back("study '" + config->name() + "', fixed point only",
                      StudyTime(*config, false));
    if (absl::GetFlag(FLAGS_study_adamw)) {
      rows.emplace_back("study '" + config->name() + "', whole (AdamW included)",
                        adamw_available ? StudyTime(*config, true)
                                        : std::string("the same: AdamW is not built in"));
    }
  }
  size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.first.size());
  std::printf("%-*s  %s\n", static_cast<int>(width), "benchmark", "result");
  std::printf("%s  %s\n", std::string(width, '-').c_str(), std::string(40, '-').c_str());
  for (const auto& row : rows) {
    std::printf("%-*s  %s\n", static_cast<int>(width), row.first.c_str(), row.second.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace lambdabeta

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return lambdabeta::Main();
}
