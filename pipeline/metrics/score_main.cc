// //pipeline:score: MIG and SAP of anyone's representation, by the deep study's own metric code
// (pipeline/metrics/score.h).
//
//   bazel run //pipeline:score -- --codes=codes.npy --factors=factors.npy
//       [--test_codes=test_codes.npy --test_factors=test_factors.npy]
//       [--sap=discrete|continuous] [--bins=20] [--threads=0] [--out=scores.pbtxt]
//
// Prints the scores, the per-factor gaps and the MI and SAP matrices; --out also writes them as
// a RepresentationScores text proto. Paths are relative to where `bazel run` was started.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/io/exit_code.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "pipeline/metrics/score.h"

ABSL_FLAG(std::string, codes, "", "codes, samples x latents (.npy, .npz or <file>.npz:<array>)");
ABSL_FLAG(std::string, factors, "", "factor values or classes, samples x factors, same rows");
ABSL_FLAG(std::string, test_codes, "",
          "discrete SAP's test split (default: every third sample of --codes)");
ABSL_FLAG(std::string, test_factors, "", "the test split's factors");
ABSL_FLAG(std::string, sap, "discrete", "discrete (SVM accuracy) or continuous (correlation)");
ABSL_FLAG(int, bins, 20, "MIG's histogram bins per latent");
ABSL_FLAG(int, threads, 0, "threads for discrete SAP (0: every core); results do not depend on it");
ABSL_FLAG(std::string, out, "", "write the scores here as text proto (optional)");

namespace lambdabeta {
namespace {

absl::Status Run() {
  metrics::ScoreRequest request;
  request.codes_file = absl::GetFlag(FLAGS_codes);
  request.factors_file = absl::GetFlag(FLAGS_factors);
  request.test_codes_file = absl::GetFlag(FLAGS_test_codes);
  request.test_factors_file = absl::GetFlag(FLAGS_test_factors);
  request.mig_bins = absl::GetFlag(FLAGS_bins);
  const int threads = absl::GetFlag(FLAGS_threads);
  request.num_threads =
      threads > 0 ? threads : static_cast<int>(std::thread::hardware_concurrency());
  if (request.codes_file.empty() || request.factors_file.empty()) {
    return absl::InvalidArgumentError("--codes and --factors are required");
  }
  const std::string sap = absl::GetFlag(FLAGS_sap);
  if (sap == "continuous") {
    request.sap_mode = CONTINUOUS;
  } else if (sap != "discrete") {
    return absl::InvalidArgumentError(
        absl::StrCat("--sap must be discrete or continuous, got '", sap, "'"));
  }
  ASSIGN_OR_RETURN(RepresentationScores scores, metrics::ScoreRepresentation(request));
  std::fputs(metrics::FormatScores(scores).c_str(), stdout);
  const std::string out = absl::GetFlag(FLAGS_out);
  return out.empty() ? absl::OkStatus() : WriteTextProto(out, scores);
}

}  // namespace
}  // namespace lambdabeta

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  // `bazel run` starts tools in their runfiles folder: resolve paths where the user typed them.
  if (const char* dir = std::getenv("BUILD_WORKING_DIRECTORY"); dir != nullptr && chdir(dir) != 0) {
    return lambdabeta::ExitCode(
        "score", absl::InternalError(absl::StrCat("cannot enter BUILD_WORKING_DIRECTORY ", dir)));
  }
  return lambdabeta::ExitCode("score", lambdabeta::Run());
}
