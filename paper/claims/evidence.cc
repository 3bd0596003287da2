#include "paper/claims/evidence.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <system_error>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"

namespace lambdabeta::claims {
namespace {

// The names an evaluation gives its two outputs, X_result.pbtxt and X_reconstructions.dat
// (pipeline/deep/deep_study.bzl).
constexpr absl::string_view kResultSuffix = "_result.pbtxt";
constexpr absl::string_view kReconstructionsSuffix = "_reconstructions.dat";

// Whether Figure 7 shows the model of `result`: seed 0 at one of the reconstruction_settings.
bool ShownInFigure7(const DeepStudyConfig& config, const DeepRunResult& result) {
  if (result.seed() != 0) return false;
  return std::any_of(
      config.reconstruction_settings().begin(), config.reconstruction_settings().end(),
      [&](const Setting& s) { return s.beta() == result.beta() && s.lambda() == result.lambda(); });
}

absl::StatusOr<DeepEvidence> LoadDeep(const EvidenceFiles& files) {
  DeepEvidence deep;
  RETURN_IF_ERROR(ReadTextProto(files.deep_config, &deep.config));
  const int64_t final_steps = aggregate::FinalSteps(deep.config);
  // Every result by the stem its evaluation shares with its reconstruction file; a
  // learning-curve point is there (its images are then left out too) without a result.
  std::map<std::string, std::optional<DeepRunResult>> by_stem;
  std::vector<std::string> finals;
  int curve_points = 0;
  for (const std::string& path : files.deep_results) {
    DeepRunResult result;
    RETURN_IF_ERROR(ReadTextProto(path, &result));
    const std::string stem(absl::StripSuffix(path, kResultSuffix));
    if (result.steps() < final_steps) {
      ++curve_points;
      by_stem[stem] = std::nullopt;
      continue;
    }
    finals.push_back(path);
    by_stem[stem] = std::move(result);
  }
  absl::StatusOr<aggregate::ResultGrid> grid = aggregate::CollectResults(
      deep.config, aggregate::EvaluationSettingsSha256(deep.config), finals);
  if (!grid.ok()) {
    if (curve_points == 0) return grid.status();
    return absl::Status(grid.status().code(),
                        absl::StrCat(grid.status().message(), " (", curve_points,
                                     " result files of fewer than the config's ", final_steps,
                                     " steps were left out as learning-curve points)"));
  }
  deep.grid = *std::move(grid);

  std::map<std::tuple<Dataset, double, double>, std::string> shown;
  for (const std::string& path : files.reconstructions) {
    const std::string stem(absl::StripSuffix(path, kReconstructionsSuffix));
    auto it = by_stem.find(stem);
    if (it == by_stem.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": the result of the same evaluation (", stem, kResultSuffix,
          ") is not among the deep results given, so nothing tells whether it shows a model's "
          "final evaluation or a learning-curve point"));
    }
    if (!it->second || !ShownInFigure7(deep.config, *it->second)) continue;
    const DeepRunResult& result = *it->second;
    ASSIGN_OR_RETURN(evaluate::ReconstructionSet set, evaluate::ReadReconstructions(path));
    if (set.dataset != result.dataset() || set.beta != result.beta() ||
        set.lambda != result.lambda() || static_cast<int64_t>(set.seed) != result.seed()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s holds dataset=%s beta=%g lambda=%g seed=%d, but the result beside it is of %s", path,
          Dataset_Name(set.dataset), set.beta, set.lambda, set.seed,
          aggregate::Describe({{result.dataset(), result.beta(), result.lambda()},
                               static_cast<int>(result.seed())})));
    }
    const auto [previous, inserted] =
        shown.emplace(std::tuple(set.dataset, set.beta, set.lambda), path);
    if (!inserted) {
      return absl::InvalidArgumentError(
          absl::StrCat("two Figure 7 files of one model: ", previous->second, " and ", path));
    }
    deep.reconstructions.push_back(std::move(set));
  }
  return deep;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> FilesEndingWith(const std::string& directory,
                                                         const std::string& suffix) {
  std::error_code error;
  std::vector<std::string> paths;
  std::filesystem::recursive_directory_iterator it(
      directory, std::filesystem::directory_options::follow_directory_symlink, error);
  if (error) return absl::NotFoundError(absl::StrCat(directory, ": ", error.message()));
  for (; it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (error) return absl::InternalError(absl::StrCat(directory, ": ", error.message()));
    const std::filesystem::directory_entry& entry = *it;
    if (entry.is_directory()) {
      // A copy (a test's or a tool's runfiles): the originals are elsewhere in the tree.
      if (absl::EndsWith(entry.path().filename().string(), ".runfiles")) {
        it.disable_recursion_pending();
      }
      continue;
    }
    const std::string path = entry.path().string();
    if (absl::EndsWith(path, suffix)) paths.push_back(path);
  }
  if (error) return absl::InternalError(absl::StrCat(directory, ": ", error.message()));
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
    ASSIGN_OR_RETURN(DeepEvidence deep, LoadDeep(files));
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
