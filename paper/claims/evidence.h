// What the claim ledger judges: the artifacts of one tier (or of a run done elsewhere), loaded
// and checked. Any part may be absent; the claims that read it are then NOT RUN.
#ifndef LAMBDABETA_PAPER_CLAIMS_EVIDENCE_H_
#define LAMBDABETA_PAPER_CLAIMS_EVIDENCE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/proto/deep_study.pb.h"
#include "common/proto/results.pb.h"
#include "pipeline/aggregate/result_grid.h"
#include "pipeline/evaluate/reconstructions.h"

namespace lambdabeta::claims {

struct DeepEvidence {
  DeepStudyConfig config;
  aggregate::ResultGrid grid;  // complete: every dataset x beta x lambda x seed of the config
  std::vector<evaluate::ReconstructionSet> reconstructions;  // Figure 7's seed-0 files
};

struct Evidence {
  std::optional<LinearStudyResults> linear;
  std::optional<DeepEvidence> deep;
  std::map<std::string, ProofCheckRecord> proofs;  // by check name: "lemma_3_1", ...
};

struct EvidenceFiles {
  std::string linear_results;                // results.pbtxt of the linear study, or ""
  std::string deep_config;                   // the deep study's config, needed with deep results
  std::vector<std::string> deep_results;     // *_result.pbtxt files
  std::vector<std::string> reconstructions;  // *_reconstructions.dat files
  std::vector<std::string> proof_records;    // <check name>.pbtxt files
};

// Every file under `directory` (recursively) whose name ends in `suffix`, sorted.
absl::StatusOr<std::vector<std::string>> FilesEndingWith(const std::string& directory,
                                                         const std::string& suffix);

// Errors name the file and what is wrong with it (see aggregate::CollectResults for results).
absl::StatusOr<Evidence> LoadEvidence(const EvidenceFiles& files);

}  // namespace lambdabeta::claims

#endif  // LAMBDABETA_PAPER_CLAIMS_EVIDENCE_H_
