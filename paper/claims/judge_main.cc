// Judges every claim of the paper on a set of artifacts, from this build or from a run done
// elsewhere (e.g. a GPU run of --config=paper):
//
//   judge --linear_results=results.pbtxt --deep_config=paper.deep.pbtxt
//         --deep_results=DIR_OR_FILES --proof_records=DIR_OR_FILES
//         --out=claims.pbtxt [--markdown=claims.md] [--table=claims_table.md]
//
// Directories are searched recursively: deep results are *_result.pbtxt, Figure 7's images
// *_reconstructions.dat, proof records *.pbtxt named after their check. Anything left out
// makes the claims that read it NOT RUN.
#include <filesystem>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "common/io/exit_code.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "paper/claims/evidence.h"
#include "paper/claims/ledger_markdown.h"
#include "paper/claims/registry.h"

ABSL_FLAG(std::string, linear_results, "", "the linear study's results.pbtxt");
ABSL_FLAG(std::string, deep_config, "", "the deep study's config (needed with deep results)");
ABSL_FLAG(std::vector<std::string>, deep_results, {},
          "deep-study result files or directories (comma-separated)");
ABSL_FLAG(std::vector<std::string>, proof_records, {},
          "proof-check records or directories (comma-separated)");
ABSL_FLAG(std::string, out, "", "the ledger, text-format ClaimLedger");
ABSL_FLAG(std::string, markdown, "", "the ledger as Markdown (claims.md)");
ABSL_FLAG(std::string, table, "", "the summary table alone, as Markdown");

namespace lambdabeta::claims {
namespace {

// Each entry: a directory searched for files ending in `suffix`, or a file kept if its name
// ends in `suffix` (files of the other kinds given in the same list are left to their kind).
absl::Status Expand(const std::vector<std::string>& entries, const std::string& suffix,
                    std::vector<std::string>* out) {
  for (const std::string& entry : entries) {
    if (!std::filesystem::is_directory(entry)) {
      if (absl::EndsWith(entry, suffix)) out->push_back(entry);
      continue;
    }
    ASSIGN_OR_RETURN(std::vector<std::string> found, FilesEndingWith(entry, suffix));
    out->insert(out->end(), found.begin(), found.end());
  }
  return absl::OkStatus();
}

absl::Status Run() {
  EvidenceFiles files;
  files.linear_results = absl::GetFlag(FLAGS_linear_results);
  files.deep_config = absl::GetFlag(FLAGS_deep_config);
  const std::vector<std::string> deep = absl::GetFlag(FLAGS_deep_results);
  RETURN_IF_ERROR(Expand(deep, "_result.pbtxt", &files.deep_results));
  RETURN_IF_ERROR(Expand(deep, "_reconstructions.dat", &files.reconstructions));
  RETURN_IF_ERROR(Expand(absl::GetFlag(FLAGS_proof_records), ".pbtxt", &files.proof_records));
  ASSIGN_OR_RETURN(Evidence evidence, LoadEvidence(files));
  const ClaimLedger ledger = JudgeAll(evidence);
  if (absl::GetFlag(FLAGS_out).empty()) return absl::InvalidArgumentError("--out is required");
  RETURN_IF_ERROR(WriteTextProto(absl::GetFlag(FLAGS_out), ledger));
  if (!absl::GetFlag(FLAGS_markdown).empty()) {
    RETURN_IF_ERROR(WriteFileAtomically(absl::GetFlag(FLAGS_markdown), LedgerMarkdown(ledger)));
  }
  if (!absl::GetFlag(FLAGS_table).empty()) {
    return WriteFileAtomically(absl::GetFlag(FLAGS_table), LedgerTable(ledger));
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace lambdabeta::claims

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return lambdabeta::ExitCode("judge", lambdabeta::claims::Run());
}
