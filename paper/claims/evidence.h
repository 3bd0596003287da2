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
  // Figure 7's images: seed 0's final evaluation at each of the config's
  // reconstruction_settings, at most one per dataset and setting.
  std::vector<evaluate::ReconstructionSet> reconstructions;
};

struct Evidence {
  std::optional<LinearStudyResults> linear;
  std::optional<DeepEvidence> deep;
  std::map<std::string, ProofCheckRecord> proofs;  // by check name: "lemma_3_1", ...
};

// What was given: the files of a directory's whole tree, or the list a build passes. Both go
// through LoadEvidence, the one place that chooses what is evidence.
struct EvidenceFiles {
  std::string linear_results;             // results.pbtxt of the linear study, or ""
  std::string deep_config;                // the deep study's config, needed with deep results
  std::vector<std::string> deep_results;  // *_result.pbtxt files, learning-curve points too
  // *_reconstructions.dat files of any evaluation: each is judged by the result written beside
  // it (the same evaluation writes X_result.pbtxt and X_reconstructions.dat).
  std::vector<std::string> reconstructions;
  std::vector<std::string> proof_records;  // <check name>.pbtxt files
};

// Every file under `directory` (recursively) whose name ends in `suffix`, sorted. A directory
// below `directory` whose name ends in ".runfiles" is not entered: it holds a test's or a
// tool's copies of files that live elsewhere in the tree (Bazel's bazel-bin/proofs_check has
// <check>_test.runfiles/.../<check>.pbtxt beside <check>.pbtxt). `directory` itself may lie
// inside a runfiles tree.
absl::StatusOr<std::vector<std::string>> FilesEndingWith(const std::string& directory,
                                                         const std::string& suffix);

// Chooses the evidence among `files` and loads it. Deep results: a result of fewer steps than
// the config's (aggregate::FinalSteps) is a learning-curve point, an intermediate checkpoint's
// evaluation, and is left out; the others must form the config's complete grid (see
// aggregate::CollectResults). Figure 7: a reconstruction file is taken when the result beside
// it is a final one of seed 0 at one of the config's reconstruction_settings; one beside a
// learning-curve point, or of another seed or setting, is left out; one with no result beside
// it among `files.deep_results` is an error (nothing tells whether it shows the final model).
// Errors name the file and what is wrong with it.
absl::StatusOr<Evidence> LoadEvidence(const EvidenceFiles& files);

}  // namespace lambdabeta::claims

#endif  // LAMBDABETA_PAPER_CLAIMS_EVIDENCE_H_
