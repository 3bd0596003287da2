// //pipeline/aggregate:learning_curves: evaluations of chunk checkpoints -> learning_curves.tsv.
//
//   learning_curves --phase1_steps=400 --out=learning_curves.tsv result1.pbtxt result2.pbtxt ...
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "common/io/exit_code.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "pipeline/aggregate/learning_curves.h"

ABSL_FLAG(int64_t, phase1_steps, -1, "steps of phase 1 (the beta-VAE every lambda continues)");
ABSL_FLAG(std::string, out, "", "where to write the TSV");

namespace lambdabeta {
namespace {

absl::Status Run(const std::vector<char*>& paths) {
  if (absl::GetFlag(FLAGS_out).empty() || absl::GetFlag(FLAGS_phase1_steps) < 1) {
    return absl::InvalidArgumentError("--out and --phase1_steps (>= 1) are required");
  }
  std::vector<DeepRunResult> results;
  for (size_t i = 1; i < paths.size(); ++i) {
    DeepRunResult& r = results.emplace_back();
    RETURN_IF_ERROR(ReadTextProto(paths[i], &r));
  }
  ASSIGN_OR_RETURN(std::string tsv,
                   aggregate::LearningCurvesTsv(results, absl::GetFlag(FLAGS_phase1_steps)));
  return WriteFileAtomically(absl::GetFlag(FLAGS_out), tsv);
}

}  // namespace
}  // namespace lambdabeta

int main(int argc, char** argv) {
  std::vector<char*> paths = absl::ParseCommandLine(argc, argv);
  return lambdabeta::ExitCode("learning_curves", lambdabeta::Run(paths));
}
