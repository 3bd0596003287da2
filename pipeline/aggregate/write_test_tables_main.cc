// Writes the aggregator's outputs (fig4.tsv ... table2.tsv, aggregate.h) and a learning_curves.tsv
// for the hand-made results of test_results.h into --out: small tables, written by the same code
// as the study's, for the figure tests (//figures:*_test).
//   write_test_tables --out=DIR [--scratch=DIR]
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "common/io/exit_code.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "pipeline/aggregate/aggregate.h"
#include "pipeline/aggregate/learning_curves.h"
#include "pipeline/aggregate/result_grid.h"
#include "pipeline/aggregate/test_results.h"

ABSL_FLAG(std::string, out, "", "output directory");
ABSL_FLAG(std::string, scratch, "", "directory for the hand-made results (default: <out>/inputs)");

namespace lambdabeta::aggregate {
namespace {

absl::Status Run(const std::string& out, const std::string& scratch) {
  const DeepStudyConfig config = testing::SmallConfig();
  const std::string inputs = scratch.empty() ? absl::StrCat(out, "/inputs") : scratch;
  std::filesystem::create_directories(inputs);
  const std::string config_path = inputs + "/small.deep.pbtxt";
  RETURN_IF_ERROR(WriteTextProto(config_path, config));
  AggregateRequest request;
  request.config_path = config_path;
  request.out_dir = out;
  const std::string sha = EvaluationSettingsSha256(config);
  request.result_paths = testing::WriteAllResults(config, sha, inputs);
  request.reconstruction_paths = testing::WriteAllReconstructions(config, inputs);
  RETURN_IF_ERROR(AggregateStudy(request));

  // Learning curves of beta 4: phase 1 at steps 5 and 10 (lambda 0), phase 2 at 15 per lambda.
  const int64_t phase1_steps = config.training().beta_vae_steps();
  std::vector<DeepRunResult> curves;
  for (int d = 0; d < config.datasets_size(); ++d) {
    for (int seed = 0; seed < 2; ++seed) {
      for (int64_t steps : {phase1_steps / 2, phase1_steps}) {
        curves.push_back(testing::MakeResult(config, sha, d, 4, 0, seed));
        curves.back().set_steps(steps);
        DeepMetrics& m = *curves.back().mutable_metrics();
        m.set_bce(m.bce() + 20 - steps);  // every metric changes with the steps
        m.set_kl(m.kl() + 0.1 * steps);
      }
      for (double lambda : {0.0, 8.0}) {
        curves.push_back(testing::MakeResult(config, sha, d, 4, lambda, seed));
        curves.back().set_steps(phase1_steps + 5);
        curves.back().mutable_metrics()->set_kl(4 + lambda / 8);
      }
    }
  }
  ASSIGN_OR_RETURN(std::string tsv, LearningCurvesTsv(curves, phase1_steps));
  return WriteFileAtomically(out + "/learning_curves.tsv", tsv);
}

}  // namespace
}  // namespace lambdabeta::aggregate

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return lambdabeta::ExitCode(
      "write_test_tables",
      lambdabeta::aggregate::Run(absl::GetFlag(FLAGS_out), absl::GetFlag(FLAGS_scratch)));
}
