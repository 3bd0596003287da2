// //pipeline/config:slice: writes one per-action slice of a deep-study config (slices.h).
//
//   slice --config=paper/config/smoke.deep.pbtxt --training --phase=1 --chunk=0 --out=t.pbtxt
//   slice --config=paper/config/smoke.deep.pbtxt --evaluation --out=e.pbtxt
//
// The output is the slice's text format alone: equal slices are equal bytes.
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "common/io/exit_code.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "pipeline/config/configs.h"
#include "pipeline/config/slices.h"

ABSL_FLAG(std::string, config, "", "deep-study config (text proto)");
ABSL_FLAG(bool, training, false, "write the training slice of --phase, --chunk");
ABSL_FLAG(bool, evaluation, false, "write the evaluation slice");
ABSL_FLAG(int, phase, 1, "training: 1 = beta-VAE, 2 = lambda-beta-VAE");
ABSL_FLAG(int64_t, chunk, -1, "training: chunk index (-1: the whole phase)");
ABSL_FLAG(std::string, out, "", "where to write the slice (text proto)");

namespace lambdabeta {
namespace {

absl::Status Run() {
  if (absl::GetFlag(FLAGS_training) == absl::GetFlag(FLAGS_evaluation)) {
    return absl::InvalidArgumentError("give exactly one of --training and --evaluation");
  }
  if (absl::GetFlag(FLAGS_out).empty()) return absl::InvalidArgumentError("--out is required");
  ASSIGN_OR_RETURN(DeepStudyConfig config, LoadDeepStudyConfig(absl::GetFlag(FLAGS_config)));
  if (absl::GetFlag(FLAGS_evaluation)) {
    return WriteTextProto(absl::GetFlag(FLAGS_out), EvaluationSliceOf(config));
  }
  ASSIGN_OR_RETURN(TrainingSlice slice,
                   TrainingSliceOf(config, absl::GetFlag(FLAGS_phase), absl::GetFlag(FLAGS_chunk)));
  return WriteTextProto(absl::GetFlag(FLAGS_out), slice);
}

}  // namespace
}  // namespace lambdabeta

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return lambdabeta::ExitCode("slice", lambdabeta::Run());
}
