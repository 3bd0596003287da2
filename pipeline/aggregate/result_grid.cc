#include "pipeline/aggregate/result_grid.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "pipeline/config/slices.h"
#include "pipeline/metrics/deep_metrics.h"

namespace lambdabeta::aggregate {
namespace {

bool Contains(const google::protobuf::RepeatedField<double>& grid, double value) {
  return std::find(grid.begin(), grid.end(), value) != grid.end();
}

// The checks that need only the result and the config.
absl::Status CheckResult(const DeepStudyConfig& config, const std::string& evaluation_sha256,
                         const DeepRunResult& r) {
  const Provenance& p = r.provenance();
  if (p.config_sha256() != evaluation_sha256) {
    return absl::FailedPreconditionError(absl::StrCat(
        "was scored with other evaluation settings (", p.config_file(), ", sha256 ",
        p.config_sha256(), ") than the config in force's (sha256 ", evaluation_sha256, ")"));
  }
  const auto& datasets = config.datasets();
  if (std::find(datasets.begin(), datasets.end(), r.dataset()) == datasets.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("dataset ", Dataset_Name(r.dataset()), " is not among the config's datasets"));
  }
  if (!Contains(config.beta(), r.beta()) || !Contains(config.lambda(), r.lambda())) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "(beta, lambda) = (%g, %g) is not a cell of the config's grid", r.beta(), r.lambda()));
  }
  if (r.seed() < 0 || r.seed() >= config.training().seeds()) {
    return absl::InvalidArgumentError(
        absl::StrCat("seed ", r.seed(), " is outside 0..", config.training().seeds() - 1));
  }
  const int64_t steps = FinalSteps(config);
  if (r.steps() != steps) {
    return absl::FailedPreconditionError(absl::StrCat("the model was trained for ", r.steps(),
                                                      " steps, not the config's ", steps,
                                                      " (beta_vae_steps + lambda_beta_vae_steps)"));
  }
  const DeepMetrics& m = r.metrics();
  for (const metrics::DeepMetric& metric : metrics::AllDeepMetrics()) {
    const double value = metric.value(m);
    if (!std::isfinite(value)) {
      return absl::InvalidArgumentError(absl::StrCat(metric.name, " is ", value));
    }
  }
  const Matrix& mi = m.mutual_information();
  const int latents = config.architecture().latent_dim();
  if (mi.rows() != latents || mi.cols() < 1 || mi.values_size() != mi.rows() * mi.cols() ||
      m.factor_names_size() != mi.cols() || m.factor_entropy_size() != mi.cols()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "metrics.mutual_information is ", mi.rows(), " x ", mi.cols(), " with ", mi.values_size(),
        " values, ", m.factor_names_size(), " factor names and ", m.factor_entropy_size(),
        " entropies; expected ", latents, " latent rows and one column per factor"));
  }
  for (double v : mi.values()) {
    if (!std::isfinite(v)) return absl::InvalidArgumentError("a mutual information is not finite");
  }
  for (double v : m.factor_entropy()) {
    if (!std::isfinite(v)) return absl::InvalidArgumentError("a factor entropy is not finite");
  }
  return absl::OkStatus();
}

}  // namespace

int64_t FinalSteps(const DeepStudyConfig& config) {
  return config.training().beta_vae_steps() + config.training().lambda_beta_vae_steps();
}

std::string EvaluationSettingsSha256(const DeepStudyConfig& config) {
  return SliceSha256(EvaluationSliceOf(config));
}

std::string Describe(const RunKey& key) {
  return absl::StrFormat("dataset=%s beta=%g lambda=%g seed=%d", Dataset_Name(key.cell.dataset),
                         key.cell.beta, key.cell.lambda, key.seed);
}

absl::StatusOr<ResultGrid> CollectResults(const DeepStudyConfig& config,
                                          const std::string& evaluation_sha256,
                                          const std::vector<std::string>& paths) {
  ResultGrid grid;
  std::map<RunKey, std::string> files;
  for (const std::string& path : paths) {
    DeepRunResult result;
    RETURN_IF_ERROR(ReadTextProto(path, &result));
    if (absl::Status s = CheckResult(config, evaluation_sha256, result); !s.ok()) {
      return absl::Status(s.code(), absl::StrCat(path, ": ", s.message()));
    }
    const RunKey key{{result.dataset(), result.beta(), result.lambda()}, result.seed()};
    const auto [it, inserted] = files.emplace(key, path);
    if (!inserted) {
      return absl::InvalidArgumentError(
          absl::StrCat("duplicate result for ", Describe(key), ": ", it->second, " and ", path));
    }
    grid.runs.emplace(key, std::move(result));
  }
  std::vector<std::string> missing;
  for (const int dataset : config.datasets()) {
    for (const double beta : config.beta()) {
      for (const double lambda : config.lambda()) {
        for (int seed = 0; seed < config.training().seeds(); ++seed) {
          const RunKey key{{static_cast<::lambdabeta::Dataset>(dataset), beta, lambda}, seed};
          if (grid.runs.count(key) == 0) missing.push_back(Describe(key));
        }
      }
    }
  }
  if (!missing.empty()) {
    const size_t shown = std::min<size_t>(missing.size(), 10);
    return absl::NotFoundError(absl::StrCat(
        missing.size(), " of the config's ", missing.size() + grid.runs.size(),
        " results are missing among the ", paths.size(),
        " files given: ", absl::StrJoin(missing.begin(), missing.begin() + shown, "; "),
        missing.size() > shown ? "; ..." : ""));
  }
  return grid;
}

}  // namespace lambdabeta::aggregate
