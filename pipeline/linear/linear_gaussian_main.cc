// The linear-Gaussian study of Section 5.1 (Figures 2 and 3), or one problem.
//
//   linear_gaussian --config=paper/config/paper.linear.pbtxt --out=DIR [--threads=N]
//       runs the study; writes DIR/results.pbtxt (LinearStudyResults) and the gnuplot tables
//       of pipeline/linear/tables.h (and with --write_problems, DIR/problems/trial_<t>.pbtxt).
//   linear_gaussian --config=CONFIG --problem=FILE --beta=B [--lambda=L]
//       [--solver=fixed_point|adamw] [--trial=T] --out=DIR
//       runs one LinearProblem under CONFIG's solver settings (its initial B and Sigma_W if the
//       file has them, else trial T's random start); writes DIR/run.pbtxt (LinearRunResult with
//       the final A, B, Sigma_Z, Sigma_W, metrics, iterations) and prints a summary.
#include <chrono>
#include <iostream>
#include <string>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/io/exit_code.h"
#include "common/io/files.h"
#include "common/runtime/environment.h"
#include "common/runtime/runtime.h"
#include "common/status/status_macros.h"
#include "models/linear_gaussian/problem_proto.h"
#include "pipeline/config/configs.h"
#include "pipeline/linear/study.h"
#include "pipeline/linear/tables.h"

ABSL_FLAG(std::string, config, "", "LinearStudyConfig text proto (required)");
ABSL_FLAG(std::string, out, "", "output directory (required)");
ABSL_FLAG(int, threads, static_cast<int>(std::thread::hardware_concurrency()),
          "worker threads (results do not depend on it)");
ABSL_FLAG(bool, adamw, true, "run the AdamW solver in the Figure 2 sweep");
ABSL_FLAG(bool, write_problems, false,
          "also write each trial's problem (with its initial B, Sigma_W) to "
          "OUT/problems/trial_<t>.pbtxt, for --problem");
ABSL_FLAG(std::string, problem, "", "LinearProblem text proto: run this one problem");
ABSL_FLAG(double, beta, -1, "beta for --problem");
ABSL_FLAG(double, lambda, 0, "lambda for --problem");
ABSL_FLAG(std::string, solver, "fixed_point", "fixed_point or adamw, for --problem");
ABSL_FLAG(int64_t, trial, 0, "which trial's random start and noise, for --problem");

namespace lambdabeta {
namespace {

// No wall time: equal studies give equal bytes (it is printed instead).
Provenance MakeProvenance(const LinearStudyConfig& config, const std::string& config_path,
                          int threads) {
  Provenance provenance;
  provenance.set_config_name(config.name());
  provenance.set_config_file(config_path);
  absl::StatusOr<std::string> digest = FileSha256Hex(config_path);
  provenance.set_config_sha256(digest.ok() ? *digest : "");
  provenance.set_code_sha256(ExecutableSha256Hex());
  provenance.set_seed(config.seed());
  provenance.set_device("cpu");
  provenance.set_threads(threads);
  // The study's AdamW runs go through LibTorch and its BLAS with kIntraOpThreads each.
  *provenance.mutable_environment() =
      runtime::CollectEnvironment("cpu", linear_study::kIntraOpThreads);
  return provenance;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

absl::Status RunStudy(const LinearStudyConfig& config, const std::string& config_path,
                      const std::string& out) {
  const auto start = std::chrono::steady_clock::now();
  linear_study::StudyOptions options;
  options.threads = std::max(1, absl::GetFlag(FLAGS_threads));
  options.run_adamw = absl::GetFlag(FLAGS_adamw);
  ASSIGN_OR_RETURN(LinearStudyResults results, linear_study::RunLinearStudy(config, options));
  *results.mutable_provenance() = MakeProvenance(config, config_path, options.threads);
  RETURN_IF_ERROR(WriteTextProto(out + "/results.pbtxt", results));
  RETURN_IF_ERROR(linear_study::WriteStudyTables(config, results, out));
  if (absl::GetFlag(FLAGS_write_problems)) {
    RETURN_IF_ERROR(MakeDirectories(out + "/problems"));
    for (int t = 0; t < results.problems_size(); ++t) {
      const std::string path = absl::StrCat(out, "/problems/trial_", t, ".pbtxt");
      RETURN_IF_ERROR(WriteTextProto(path, results.problems(t)));
    }
  }
  std::cout << "linear study '" << config.name() << "': " << results.runs_size() << " runs"
            << (results.budget_check_runs().empty()
                    ? ""
                    : absl::StrCat(" and ", results.budget_check_runs_size(),
                                   " budget-check runs"))
            << " in " << SecondsSince(start) << " s on " << options.threads << " threads -> " << out
            << "/results.pbtxt\n";
  if (!results.adamw_note().empty()) std::cout << results.adamw_note() << "\n";
  return absl::OkStatus();
}

absl::Status RunOneProblem(const LinearStudyConfig& config, const std::string& config_path,
                           const std::string& out) {
  const auto start = std::chrono::steady_clock::now();
  const double beta = absl::GetFlag(FLAGS_beta);
  const double lambda = absl::GetFlag(FLAGS_lambda);
  if (!(beta > 0)) return absl::InvalidArgumentError("--problem needs --beta > 0");
  if (!(lambda >= 0)) return absl::InvalidArgumentError("--lambda must be non-negative");
  ASSIGN_OR_RETURN(linear_gaussian::ProblemWithStart problem,
                   linear_gaussian::ReadProblemFile(absl::GetFlag(FLAGS_problem)));
  ASSIGN_OR_RETURN(
      LinearRunResult run,
      linear_study::RunSingleProblem(config, problem, linear_gaussian::Weights{beta, lambda},
                                     absl::GetFlag(FLAGS_solver), absl::GetFlag(FLAGS_trial)));
  *run.mutable_provenance() = MakeProvenance(config, config_path, 1);
  RETURN_IF_ERROR(WriteTextProto(out + "/run.pbtxt", run));
  std::cout << "solver " << run.solver() << ", beta " << beta << ", lambda " << lambda << ": "
            << RunStatus_Name(run.status()) << " after " << run.iterations()
            << " iterations\nmetrics { " << run.metrics().ShortDebugString() << " }\nprediction { "
            << run.prediction().ShortDebugString() << " }\n-> " << out
            << "/run.pbtxt (with the final A, B, Sigma_Z, Sigma_W), " << SecondsSince(start)
            << " s\n";
  return absl::OkStatus();
}

absl::Status Main() {
  const std::string config_path = absl::GetFlag(FLAGS_config);
  const std::string out = absl::GetFlag(FLAGS_out);
  if (config_path.empty() || out.empty()) {
    return absl::InvalidArgumentError("--config and --out are required (see --help)");
  }
  ASSIGN_OR_RETURN(LinearStudyConfig config, LoadLinearStudyConfig(config_path));
  RETURN_IF_ERROR(MakeDirectories(out));
  runtime::SetIntraOpThreads(linear_study::kIntraOpThreads);
  runtime::KeepFreedMemory();  // AdamW's batched tensors: 3x faster steps, see runtime.h
  return absl::GetFlag(FLAGS_problem).empty() ? RunStudy(config, config_path, out)
                                              : RunOneProblem(config, config_path, out);
}

}  // namespace
}  // namespace lambdabeta

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Runs the linear-Gaussian study of Section 5.1 (--config, --out), or one problem "
      "(--problem, --beta, --lambda, --solver)");
  absl::ParseCommandLine(argc, argv);
  return lambdabeta::ExitCode("linear_gaussian", lambdabeta::Main());
}
