// //pipeline/config:slice: writes one per-action slice of a deep-study config (slices.h).
//
//   slice --config=paper/config/smoke.deep.pbtxt --training --phase=1 --chunk=0 --out=t.pbtxt
//   slice --config=paper/config/smoke.deep.pbtxt --evaluation --out=e.pbtxt
//   slice --config=paper/config/paper.linear.pbtxt --linear_part=sweep --out=sweep.pbtxt
//
// The output is the slice's text format alone: equal slices are equal bytes.
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "pipeline/config/configs.h"
#include "pipeline/config/slices.h"
#include "pipeline/io/exit_code.h"
#include "pipeline/io/files.h"

ABSL_FLAG(std::string, config, "", "study config (text proto): deep, or linear for --linear_part");
ABSL_FLAG(bool, training, false, "write the training slice of --phase, --chunk");
ABSL_FLAG(bool, evaluation, false, "write the evaluation slice");
ABSL_FLAG(int, phase, 1, "training: 1 = beta-VAE, 2 = lambda-beta-VAE");
ABSL_FLAG(int64_t, chunk, -1, "training: chunk index (-1: the whole phase)");
ABSL_FLAG(std::string, linear_part, "", "sweep (Figure 2) or heatmap (Figure 3) of a linear study");
ABSL_FLAG(std::string, out, "", "where to write the slice (text proto)");

namespace lambdabeta {
namespace {

absl::Status WriteLinearPart(const std::string& part) {
  absl::StatusOr<LinearStudyConfig> config = LoadLinearStudyConfig(absl::GetFlag(FLAGS_config));
  if (!config.ok()) return config.status();
  if (part != "sweep" && part != "heatmap") {
    return absl::InvalidArgumentError(
        absl::StrCat("--linear_part: '", part, "' is neither sweep nor heatmap"));
  }
  return WriteTextProto(absl::GetFlag(FLAGS_out), part == "sweep" ? LinearSweepSlice(*config)
                                                                  : LinearHeatmapSlice(*config));
}

absl::Status Run() {
  const std::string part = absl::GetFlag(FLAGS_linear_part);
  if (absl::GetFlag(FLAGS_training) + absl::GetFlag(FLAGS_evaluation) + !part.empty() != 1) {
    return absl::InvalidArgumentError(
        "give exactly one of --training, --evaluation and --linear_part");
  }
  if (absl::GetFlag(FLAGS_out).empty()) return absl::InvalidArgumentError("--out is required");
  if (!part.empty()) return WriteLinearPart(part);
  absl::StatusOr<DeepStudyConfig> config = LoadDeepStudyConfig(absl::GetFlag(FLAGS_config));
  if (!config.ok()) return config.status();
  if (absl::GetFlag(FLAGS_evaluation)) {
    return WriteTextProto(absl::GetFlag(FLAGS_out), EvaluationSliceOf(*config));
  }
  absl::StatusOr<TrainingSlice> slice =
      TrainingSliceOf(*config, absl::GetFlag(FLAGS_phase), absl::GetFlag(FLAGS_chunk));
  if (!slice.ok()) return slice.status();
  return WriteTextProto(absl::GetFlag(FLAGS_out), *slice);
}

}  // namespace
}  // namespace lambdabeta

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return lambdabeta::ExitCode("slice", lambdabeta::Run());
}
