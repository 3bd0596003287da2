// Runs one claim's numeric check and writes its ProofCheckRecord (text format, atomically):
//   run_check --claim=lemma_3_1 --out=lemma_3_1.pbtxt
// Exits 0 whether or not the claim passed (the record says which; //proofs_check:NAME_test
// asserts it); non-zero only for bad flags or an I/O error.
#define TORCH_ASSERT_ONLY_METHOD_OPERATORS  // no header with every operator (ARCHITECTURE.md)
#include <ATen/Parallel.h>

#include <chrono>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_format.h"
#include "common/io/exit_code.h"
#include "common/io/files.h"
#include "proofs_check/claims.h"

ABSL_FLAG(std::string, claim, "", "which claim: lemma_3_1, lemma_a_1, ... (see claims.cc)");
ABSL_FLAG(std::string, out, "", "the record to write (text-format ProofCheckRecord)");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("run_check --claim=NAME --out=FILE");
  absl::ParseCommandLine(argc, argv);
  // One thread: the record does not depend on how many cores the build machine has.
  at::set_num_threads(1);  // what torch::set_num_threads names (torch/utils.h)
  using lambdabeta::proofs_check::Claims;
  const std::string name = absl::GetFlag(FLAGS_claim);
  const std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) {
    std::cerr << "run_check: --out is required\n";
    return 2;
  }
  for (const auto& claim : Claims()) {
    if (claim.name != name) continue;
    const auto start = std::chrono::steady_clock::now();
    const lambdabeta::ProofCheckRecord record =
        claim.check(lambdabeta::proofs_check::DefaultOptions());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (absl::Status status = lambdabeta::WriteTextProto(out, record); !status.ok()) {
      return lambdabeta::ExitCode("run_check", status);
    }
    std::cerr << absl::StrFormat("%s: %s, %d instances, max residual/tolerance %.3g (%.1f s)\n",
                                 name, record.passed() ? "passed" : "FAILED", record.instances(),
                                 record.max_residual(), seconds);
    return 0;
  }
  std::cerr << "run_check: unknown --claim '" << name << "'; known:";
  for (const auto& claim : Claims()) std::cerr << " " << claim.name;
  std::cerr << "\n";
  return 2;
}
