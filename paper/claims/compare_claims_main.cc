// Prints which verdicts and headline numbers changed between two ledgers (two tiers, or two
// commits): compare_claims BEFORE.pbtxt AFTER.pbtxt. Exit 0 either way; "no change" if none.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "common/io/exit_code.h"
#include "common/io/files.h"
#include "common/proto/claims.pb.h"
#include "common/status/status_macros.h"
#include "paper/claims/ledger_markdown.h"

namespace lambdabeta::claims {
namespace {

absl::Status Run(const std::vector<char*>& args) {
  if (args.size() != 3) {
    return absl::InvalidArgumentError("usage: compare_claims BEFORE.pbtxt AFTER.pbtxt");
  }
  ClaimLedger before, after;
  RETURN_IF_ERROR(ReadTextProto(args[1], &before));
  RETURN_IF_ERROR(ReadTextProto(args[2], &after));
  const std::string changes = CompareLedgers(before, after);
  std::printf("%s", changes.empty() ? "no change\n" : changes.c_str());
  return absl::OkStatus();
}

}  // namespace
}  // namespace lambdabeta::claims

int main(int argc, char** argv) {
  return lambdabeta::ExitCode("compare_claims",
                              lambdabeta::claims::Run(absl::ParseCommandLine(argc, argv)));
}
