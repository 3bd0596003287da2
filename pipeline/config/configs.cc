#include "pipeline/config/configs.h"

#include <cmath>
#include <set>
#include <tuple>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/text_format.h"

namespace lambdabeta {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::TextFormat;

// Collects validation errors, each located by the field path it is about ("a.b[2].c").
class ConfigErrors {
 public:
  ConfigErrors(std::string path, const Descriptor* root, const TextFormat::ParseInfoTree* tree)
      : path_(std::move(path)), root_(root), tree_(tree) {}

  void Check(bool ok, const std::string& field, const std::string& what) {
    if (!ok) errors_.push_back(absl::StrCat(Where(field), "field '", field, "': ", what));
  }

  absl::Status status() const {
    if (errors_.empty()) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrJoin(errors_, "\n"));
  }

 private:
  // "<file>:<line>:<column>: " where the field was set, or "<file>: " if it is absent.
  std::string Where(const std::string& field_path) const {
    const Descriptor* descriptor = root_;
    const TextFormat::ParseInfoTree* tree = tree_;
    const std::vector<std::string> parts = absl::StrSplit(field_path, '.');
    for (size_t i = 0; i < parts.size() && tree != nullptr && descriptor != nullptr; ++i) {
      std::vector<std::string> name_index = absl::StrSplit(parts[i], absl::MaxSplits('[', 1));
      const FieldDescriptor* field = descriptor->FindFieldByName(name_index[0]);
      if (field == nullptr) break;
      int index = -1;
      if (name_index.size() == 2) {
        if (!absl::SimpleAtoi(absl::StripSuffix(name_index[1], "]"), &index)) break;
      } else if (field->is_repeated()) {
        index = 0;  // a whole repeated field: point at its first element
      }
      if (i + 1 == parts.size()) {
        TextFormat::ParseLocation location = tree->GetLocation(field, index);
        // List syntax `f: [a, b, c]` records one location, the list's: use it.
        if (location.line < 0 && index > 0) location = tree->GetLocation(field, 0);
        if (location.line < 0) break;
        return absl::StrCat(path_, ":", location.line + 1, ":", location.column + 1, ": ");
      }
      if (field->type() != FieldDescriptor::TYPE_MESSAGE) break;
      tree = tree->GetTreeForNested(field, index);
      descriptor = field->message_type();
    }
    return absl::StrCat(path_, ": ");
  }

  std::string path_;
  const Descriptor* root_;
  const TextFormat::ParseInfoTree* tree_;
  std::vector<std::string> errors_;
};

std::string Got(double value) { return absl::StrCat(", got ", value); }

void CheckPositive(ConfigErrors& errors, double value, const std::string& field) {
  errors.Check(value > 0 && std::isfinite(value), field,
               absl::StrCat("must be positive", Got(value)));
}

void CheckNonNegative(ConfigErrors& errors, double value, const std::string& field) {
  errors.Check(value >= 0 && std::isfinite(value), field,
               absl::StrCat("must be non-negative", Got(value)));
}

void CheckRange(ConfigErrors& errors, const UniformRange& range, const std::string& field) {
  CheckPositive(errors, range.low(), field + ".low");
  errors.Check(range.high() >= range.low() && std::isfinite(range.high()), field + ".high",
               absl::StrCat("must be at least low (", range.low(), ")", Got(range.high())));
}

template <typename Values>
void CheckGrid(ConfigErrors& errors, const Values& values, const std::string& field,
               bool allow_zero) {
  errors.Check(!values.empty(), field, "must list at least one value");
  std::set<double> seen;
  for (int i = 0; i < values.size(); ++i) {
    const std::string element = absl::StrCat(field, "[", i, "]");
    if (allow_zero) {
      CheckNonNegative(errors, values[i], element);
    } else {
      CheckPositive(errors, values[i], element);
    }
    errors.Check(seen.insert(values[i]).second, element, absl::StrCat("repeats ", values[i]));
  }
}

template <typename Values>
bool Contains(const Values& values, double value) {
  for (double v : values) {
    if (v == value) return true;
  }
  return false;
}

void ValidateBudgetCheck(const LinearStudyConfig& c, ConfigErrors& e) {
  if (!c.has_adamw_budget_check()) return;
  const AdamWBudgetCheck& check = c.adamw_budget_check();
  CheckGrid(e, check.beta(), "adamw_budget_check.beta", /*allow_zero=*/false);
  for (int i = 0; i < check.beta_size(); ++i) {
    e.Check(Contains(c.beta(), check.beta(i)), absl::StrCat("adamw_budget_check.beta[", i, "]"),
            absl::StrCat(check.beta(i), " is not a beta of the Figure 2 sweep (beta)"));
  }
  e.Check(Contains(check.beta(), 1.0), "adamw_budget_check.beta",
          "must include 1, the reference of fig2_collapse's criterion");
  e.Check(check.trials() > 0 && check.trials() <= c.trials(), "adamw_budget_check.trials",
          absl::StrCat("must lie in [1, trials = ", c.trials(), "]", Got(check.trials())));
  e.Check(check.steps() > c.adamw().steps(), "adamw_budget_check.steps",
          absl::StrCat("must exceed adamw.steps (", c.adamw().steps(), ")", Got(check.steps())));
}

void ValidateLinear(const LinearStudyConfig& c, ConfigErrors& e) {
  e.Check(!c.name().empty(), "name", "must be set");
  CheckPositive(e, c.n(), "n");
  e.Check(c.m() >= 2, "m", absl::StrCat("must be at least 2 (SAP needs two latents)", Got(c.m())));
  CheckPositive(e, c.s(), "s");
  CheckPositive(e, c.sigma2(), "sigma2");
  e.Check(c.gamma().kind() != GammaDistribution::KIND_UNSPECIFIED, "gamma.kind", "must be set");
  CheckPositive(e, c.gamma().scale(), "gamma.scale");
  e.Check(c.gamma().kind() != GammaDistribution::ORTHONORMAL_COLUMNS || c.s() <= c.n(),
          "gamma.kind", "ORTHONORMAL_COLUMNS needs s <= n");
  CheckRange(e, c.factor_variance(), "factor_variance");
  e.Check(c.problem_sharing() != LinearStudyConfig::SHARING_UNSPECIFIED, "problem_sharing",
          "must be set");
  CheckPositive(e, c.trials(), "trials");
  CheckGrid(e, c.beta(), "beta", /*allow_zero=*/false);
  CheckGrid(e, c.heatmap_beta(), "heatmap_beta", /*allow_zero=*/false);
  CheckGrid(e, c.heatmap_lambda(), "heatmap_lambda", /*allow_zero=*/true);
  e.Check(c.reading() != READING_UNSPECIFIED, "reading", "must be set");
  for (int i = 0; i < c.heatmap_lambda_size(); ++i) {
    e.Check(c.reading() != DECODER_SAMPLE || c.heatmap_lambda(i) == 0,
            absl::StrCat("heatmap_lambda[", i, "]"),
            "lambda > 0 with reading DECODER_SAMPLE: the fixed-point solver (Lemma 4.2) holds "
            "for the penalty on the decoder mean only; use reading: DECODER_MEAN");
  }
  CheckNonNegative(e, c.init().gain_scale(), "init.gain_scale");
  CheckRange(e, c.init().noise_variance(), "init.noise_variance");
  CheckPositive(e, c.fixed_point().max_iterations(), "fixed_point.max_iterations");
  CheckPositive(e, c.fixed_point().relative_tolerance(), "fixed_point.relative_tolerance");
  e.Check(c.fixed_point().max_condition_number() > 1, "fixed_point.max_condition_number",
          absl::StrCat("must exceed 1", Got(c.fixed_point().max_condition_number())));
  e.Check(c.fixed_point().min_noise_eigenvalue() > 0 && c.fixed_point().min_noise_eigenvalue() < 1,
          "fixed_point.min_noise_eigenvalue",
          absl::StrCat("must lie in (0, 1): Sigma_W <= I at every step",
                       Got(c.fixed_point().min_noise_eigenvalue())));
  e.Check(c.adamw().mode() != AdamWSettings::MODE_UNSPECIFIED, "adamw.mode", "must be set");
  CheckPositive(e, c.adamw().steps(), "adamw.steps");
  CheckPositive(e, c.adamw().learning_rate(), "adamw.learning_rate");
  CheckPositive(e, c.adamw().batch_size(), "adamw.batch_size");
  CheckNonNegative(e, c.adamw().weight_decay(), "adamw.weight_decay");
  e.Check(c.adamw().schedule() != AdamWSettings::SCHEDULE_UNSPECIFIED, "adamw.schedule",
          "must be set");
  for (const auto& [present, value, field] :
       {std::tuple{c.adamw().has_beta1(), c.adamw().beta1(), "adamw.beta1"},
        std::tuple{c.adamw().has_beta2(), c.adamw().beta2(), "adamw.beta2"}}) {
    e.Check(!present || (value >= 0 && value < 1), field,
            absl::StrCat("must lie in [0, 1)", Got(value)));
  }
  CheckNonNegative(e, c.adamw().record_every(), "adamw.record_every");
  ValidateBudgetCheck(c, e);
}

void ValidateDeep(const DeepStudyConfig& c, ConfigErrors& e) {
  e.Check(!c.name().empty(), "name", "must be set");
  e.Check(!c.datasets().empty(), "datasets", "must list at least one dataset");
  std::set<int> datasets;
  for (int i = 0; i < c.datasets_size(); ++i) {
    const std::string field = absl::StrCat("datasets[", i, "]");
    e.Check(c.datasets(i) != DATASET_UNSPECIFIED, field, "must name a dataset");
    e.Check(datasets.insert(c.datasets(i)).second, field, "repeats a dataset");
  }

  const Architecture& a = c.architecture();
  CheckPositive(e, a.latent_dim(), "architecture.latent_dim");
  e.Check(!a.conv_channels().empty(), "architecture.conv_channels", "must list the conv widths");
  for (int i = 0; i < a.conv_channels_size(); ++i) {
    CheckPositive(e, a.conv_channels(i), absl::StrCat("architecture.conv_channels[", i, "]"));
  }
  CheckPositive(e, a.kernel_size(), "architecture.kernel_size");
  CheckPositive(e, a.stride(), "architecture.stride");
  CheckPositive(e, a.fc_hidden(), "architecture.fc_hidden");
  e.Check(a.image_size() == 64, "architecture.image_size",
          absl::StrCat("must be 64 (all three datasets are 64x64)", Got(a.image_size())));

  const Training& t = c.training();
  e.Check(t.optimizer() == Training::ADAM, "training.optimizer", "must be ADAM (Table 2)");
  CheckPositive(e, t.learning_rate(), "training.learning_rate");
  CheckPositive(e, t.batch_size(), "training.batch_size");
  CheckPositive(e, t.beta_vae_steps(), "training.beta_vae_steps");
  CheckNonNegative(e, t.lambda_beta_vae_steps(), "training.lambda_beta_vae_steps");
  CheckPositive(e, t.seeds(), "training.seeds");
  CheckPositive(e, t.chunk_steps(), "training.chunk_steps");
  CheckPositive(e, t.checkpoint_every(), "training.checkpoint_every");

  CheckGrid(e, c.beta(), "beta", /*allow_zero=*/false);
  CheckGrid(e, c.lambda(), "lambda", /*allow_zero=*/true);
  e.Check(Contains(c.lambda(), 0.0), "lambda",
          "must include 0 (the beta-VAE baseline of Figure 4)");

  const Evaluation& v = c.evaluation();
  CheckPositive(e, v.num_fit(), "evaluation.num_fit");
  CheckPositive(e, v.num_test(), "evaluation.num_test");
  e.Check(v.mig_bins() >= 2, "evaluation.mig_bins",
          absl::StrCat("must be at least 2", Got(v.mig_bins())));
  CheckPositive(e, v.svm_c(), "evaluation.svm_c");
  e.Check(v.sap_mode() != SAP_MODE_UNSPECIFIED, "evaluation.sap_mode", "must be set");
  CheckPositive(e, v.num_reconstructions(), "evaluation.num_reconstructions");

  CheckNonNegative(e, c.selection().rho(), "selection.rho");
  e.Check(!c.selection().w1().empty(), "selection.w1", "must list at least one weight");
  for (int i = 0; i < c.selection().w1_size(); ++i) {
    const double w = c.selection().w1(i);
    e.Check(w >= 0 && w <= 1, absl::StrCat("selection.w1[", i, "]"),
            absl::StrCat("must lie in [0, 1]", Got(w)));
  }

  for (int i = 0; i < c.learning_curve_beta_size(); ++i) {
    e.Check(Contains(c.beta(), c.learning_curve_beta(i)),
            absl::StrCat("learning_curve_beta[", i, "]"),
            absl::StrCat("must be one of the beta grid", Got(c.learning_curve_beta(i))));
  }

  for (const auto* settings : {&c.reconstruction_settings(), &c.mi_heatmap_settings()}) {
    const std::string name = settings == &c.reconstruction_settings() ? "reconstruction_settings"
                                                                      : "mi_heatmap_settings";
    e.Check(!settings->empty(), name, "must list at least one (beta, lambda) setting");
    for (int i = 0; i < settings->size(); ++i) {
      const Setting& s = (*settings)[i];
      const std::string field = absl::StrCat(name, "[", i, "]");
      e.Check(Contains(c.beta(), s.beta()), field + ".beta",
              absl::StrCat("must be one of the beta grid", Got(s.beta())));
      e.Check(Contains(c.lambda(), s.lambda()), field + ".lambda",
              absl::StrCat("must be one of the lambda grid", Got(s.lambda())));
    }
  }
}

template <typename Config, typename Validate>
absl::StatusOr<Config> Load(const std::string& path, Validate validate) {
  Config config;
  TextFormat::ParseInfoTree locations;
  RETURN_IF_ERROR(ReadTextProto(path, &config, &locations));
  ConfigErrors errors(path, Config::descriptor(), &locations);
  validate(config, errors);
  RETURN_IF_ERROR(errors.status());
  return config;
}

}  // namespace

absl::StatusOr<LinearStudyConfig> LoadLinearStudyConfig(const std::string& path) {
  return Load<LinearStudyConfig>(path, ValidateLinear);
}

absl::StatusOr<DeepStudyConfig> LoadDeepStudyConfig(const std::string& path) {
  return Load<DeepStudyConfig>(path, ValidateDeep);
}

}  // namespace lambdabeta
