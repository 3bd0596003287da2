#include "paper/claims/evidence.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"

namespace lambdabeta::claims {

absl::StatusOr<std::vector<std::string>> FilesEndingWith(const std::string& directory,
                                                         const std::string& suffix) {
  std::error_code error;
  std::vector<std::string> paths;
  std::filesystem::recursive_directory_iterator it(
      directory, std::filesystem::directory_options::follow_directory_symlink, error);
  if (error) return absl::NotFoundError(absl::StrCat(directory, ": ", error.message()));
  for (const auto& entry : it) {
    const std::string path = entry.path().string();
    if (absl::EndsWith(path, suffix) && !entry.is_directory()) paths.push_back(path);
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

absl::StatusOr<Evidence> LoadEvidence(const EvidenceFiles& files) {
  Evidence evidence;
  if (!files.linear_results.empty()) {
    LinearStudyResults linear;
    RETURN_IF_ERROR(ReadTextProto(files.linear_results, &linear));
    if (linear.runs().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(files.linear_results, ": no runs"));
    }
    evidence.linear = std::move(linear);
  }
  if (!files.deep_results.empty()) {
    if (files.deep_config.empty()) {
      return absl::InvalidArgumentError("deep results were given without their deep config");
    }
    DeepEvidence deep;
    RETURN_IF_ERROR(ReadTextProto(files.deep_config, &deep.config));
    ASSIGN_OR_RETURN(
        aggregate::ResultGrid grid,
        aggregate::CollectResults(deep.config, aggregate::EvaluationSettingsSha256(deep.config),
                                  files.deep_results));
    deep.grid = std::move(grid);
    for (const std::string& path : files.reconstructions) {
      ASSIGN_OR_RETURN(evaluate::ReconstructionSet set, evaluate::ReadReconstructions(path));
      deep.reconstructions.push_back(std::move(set));
    }
    evidence.deep = std::move(deep);
  }
  for (const std::string& path : files.proof_records) {
    ProofCheckRecord record;
    RETURN_IF_ERROR(ReadTextProto(path, &record));
    const std::string name = std::filesystem::path(path).stem().string();
    if (!evidence.proofs.emplace(name, std::move(record)).second) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": a second record of ", name));
    }
  }
  return evidence;
}

}  // namespace lambdabeta::claims
