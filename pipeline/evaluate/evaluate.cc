#include "pipeline/evaluate/evaluate.h"

#include <torch/types.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/io/files.h"
#include "common/io/progress.h"
#include "common/runtime/environment.h"
#include "common/runtime/runtime.h"
#include "common/status/status_macros.h"
#include "models/conv_vae/conv_vae.h"
#include "pipeline/evaluate/encode.h"
#include "pipeline/evaluate/sample.h"
#include "pipeline/metrics/deep_metrics.h"
#include "pipeline/train/checkpoint.h"

namespace lambdabeta::evaluate {
namespace {

// Images per forward pass. Fixed, so that results never depend on a tuning knob.
constexpr int kEncodeBatch = 250;

// Rows `rows` of the dataset's factor classes (N x F).
Eigen::MatrixXi FactorClasses(const data::Dataset& dataset, const std::vector<int64_t>& rows) {
  const int factors = static_cast<int>(dataset.factors.size());
  Eigen::MatrixXi classes(static_cast<Eigen::Index>(rows.size()), factors);
  for (size_t n = 0; n < rows.size(); ++n) {
    for (int f = 0; f < factors; ++f) classes(n, f) = dataset.factor_class(rows[n], f);
  }
  return classes;
}

Eigen::MatrixXd FactorValues(const data::Dataset& dataset, const std::vector<int64_t>& rows) {
  const int factors = static_cast<int>(dataset.factors.size());
  Eigen::MatrixXd values(static_cast<Eigen::Index>(rows.size()), factors);
  for (size_t n = 0; n < rows.size(); ++n) {
    for (int f = 0; f < factors; ++f) values(n, f) = dataset.factor_value(rows[n], f);
  }
  return values;
}

// [n, C, H, W] intensities in [0, 1] (C = 1 or 3) -> packed RGB images.
std::vector<PackedImage> PackImages(const torch::Tensor& images) {
  const torch::Tensor cpu = images.to(torch::kCPU, torch::kDouble).contiguous();
  const int64_t n = cpu.size(0), channels = cpu.size(1), height = cpu.size(2), width = cpu.size(3);
  const double* v = cpu.data_ptr<double>();
  std::vector<PackedImage> packed(n, PackedImage(height * width));
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t p = 0; p < height * width; ++p) {
      auto at = [&](int64_t c) { return v[(i * channels + c) * height * width + p]; };
      packed[i][p] = channels == 3 ? PackRgb(at(0), at(1), at(2)) : PackRgb(at(0), at(0), at(0));
    }
  }
  return packed;
}

// The checkpoint must come from this dataset.
absl::Status CheckCheckpoint(const EvaluationRequest& r, const CheckpointInfo& info) {
  if (info.dataset() != r.dataset->name || info.channels() != r.dataset->channels) {
    return absl::FailedPreconditionError(absl::StrCat(
        r.checkpoint_path, " was trained on '", info.dataset(), "' (", info.channels(),
        " channels), not on '", r.dataset->name, "' (", r.dataset->channels, " channels)"));
  }
  return absl::OkStatus();
}

// The member's model alone, from a checkpoint that must come from this dataset; the other
// members' weights are released with the checkpoint.
absl::StatusOr<std::shared_ptr<conv_vae::ConvVae>> LoadMemberModel(const EvaluationRequest& r,
                                                                   torch::Device device,
                                                                   CheckpointInfo* info) {
  ASSIGN_OR_RETURN(train::Checkpoint checkpoint, train::LoadCheckpoint(r.checkpoint_path, device));
  *info = checkpoint.info;
  RETURN_IF_ERROR(CheckCheckpoint(r, *info));
  ASSIGN_OR_RETURN(int k, train::MemberIndex(*info, r.member, r.checkpoint_path));
  return checkpoint.model->Member(k);
}

// Encodes the sampled images (fit rows, then test rows), with progress lines if asked; the
// encoder means must be finite.
absl::StatusOr<EncodedImages> EncodeSample(const EvaluationRequest& r,
                                           const conv_vae::ConvVae& model,
                                           const std::vector<int64_t>& images, torch::Device device,
                                           const std::string& device_name,
                                           const std::string& what) {
  const ::lambdabeta::Evaluation& settings = r.settings.evaluation();
  std::unique_ptr<Progress> progress;
  if (r.progress) {
    std::fprintf(stderr, "evaluate: %s on %s, %d thread%s; %lld fit + %lld test images\n",
                 what.c_str(), device_name.c_str(), r.threads, r.threads == 1 ? "" : "s",
                 static_cast<long long>(settings.num_fit()),
                 static_cast<long long>(settings.num_test()));
    progress = std::make_unique<Progress>(absl::StrCat("encode ", what),
                                          static_cast<int64_t>(images.size()), "images");
  }
  ASSIGN_OR_RETURN(EncodedImages encoded,
                   EncodeImages(model, *r.dataset, images, device, kEncodeBatch,
                                settings.num_reconstructions(), progress.get()));
  if (progress) progress->Finish();
  if (!encoded.codes.allFinite()) {
    return absl::FailedPreconditionError(
        absl::StrCat(r.checkpoint_path, ": ", what, " gives non-finite encoder means"));
  }
  return encoded;
}

// Every metric of the registry (pipeline/metrics/deep_metrics.h) on the encoded images: fit
// rows first, then test rows. Errors name the metric and member.
absl::Status ScoreMember(const EvaluationRequest& r, const EvaluationSample& sample,
                         const EncodedImages& encoded, const std::string& what, DeepMetrics* m) {
  const ::lambdabeta::Evaluation& settings = r.settings.evaluation();
  const Eigen::MatrixXd fit_codes = encoded.codes.topRows(settings.num_fit());
  const Eigen::MatrixXd test_codes = encoded.codes.bottomRows(settings.num_test());
  const Eigen::MatrixXi fit_classes = FactorClasses(*r.dataset, sample.fit);
  const Eigen::MatrixXi test_classes = FactorClasses(*r.dataset, sample.test);
  const Eigen::MatrixXd fit_values = FactorValues(*r.dataset, sample.fit);
  const metrics::DeepMetricInputs inputs{settings,     fit_codes,  test_codes,  fit_classes,
                                         test_classes, fit_values, encoded.bce, encoded.mse,
                                         encoded.kl,   r.threads};
  RETURN_IF_ERROR(metrics::ComputeDeepMetrics(inputs, what, m));
  for (const data::Factor& f : r.dataset->factors) m->add_factor_names(f.name);
  m->set_num_fit(static_cast<int32_t>(settings.num_fit()));
  m->set_num_test(static_cast<int32_t>(settings.num_test()));
  return absl::OkStatus();
}

ReconstructionSet MakeReconstructionSet(const EvaluationRequest& r, const EncodedImages& encoded) {
  ReconstructionSet set;
  set.dataset = r.dataset_kind;
  set.beta = r.member.beta();
  set.lambda = r.member.lambda();
  set.seed = r.member.seed();
  set.height = r.dataset->height;
  set.width = r.dataset->width;
  set.channels = r.dataset->channels;
  set.originals = PackImages(encoded.originals);
  set.reconstructions = PackImages(encoded.reconstructions);
  return set;
}

// No wall time and no tier name: equal evaluations give equal bytes.
void SetProvenance(const EvaluationRequest& r, const std::string& device_name, Provenance* p) {
  p->set_config_file(r.settings_path);
  p->set_config_sha256(r.settings_sha256);
  p->set_code_sha256(ExecutableSha256Hex());
  p->set_seed(r.member.seed());
  p->set_device(device_name);
  p->set_threads(r.threads);
  *p->mutable_environment() = runtime::CollectEnvironment(device_name, r.threads);
}

}  // namespace

absl::StatusOr<MemberEvaluation> EvaluateMember(const EvaluationRequest& r) {
  const auto start = std::chrono::steady_clock::now();  // for the progress line only
  if (r.dataset == nullptr || r.dataset->factors.empty()) {
    return absl::InvalidArgumentError("evaluation needs a dataset with factors");
  }
  if (r.threads < 1) return absl::InvalidArgumentError("threads must be at least 1");
  const ::lambdabeta::Evaluation& settings = r.settings.evaluation();
  const std::string what = absl::StrCat(r.dataset->name, " ", train::Describe(r.member));

  ASSIGN_OR_RETURN(std::string device_name, runtime::ResolveDevice(r.device));
  const torch::Device device(device_name);
  runtime::SetIntraOpThreads(r.threads);
  // Batches of 250 images allocate blocks above glibc's mmap ceiling: without this every batch
  // page-faults its activations in again (measured: 6.2 s -> 3.4 s for a default-tier model).
  runtime::KeepFreedMemory();
  CheckpointInfo info;
  ASSIGN_OR_RETURN(std::shared_ptr<conv_vae::ConvVae> model, LoadMemberModel(r, device, &info));

  absl::StatusOr<EvaluationSample> sample = DrawEvaluationSample(
      r.dataset->num_images, settings.num_fit(), settings.num_test(), settings.sample_seed());
  if (!sample.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(r.settings_path, ": ", sample.status().message(),
                                                   " ('", r.dataset->name, "')"));
  }
  std::vector<int64_t> images = sample->fit;
  images.insert(images.end(), sample->test.begin(), sample->test.end());
  ASSIGN_OR_RETURN(EncodedImages encoded,
                   EncodeSample(r, *model, images, device, device_name, what));

  MemberEvaluation out;
  DeepRunResult& result = out.result;
  result.set_dataset(r.dataset_kind);
  result.set_beta(r.member.beta());
  result.set_lambda(r.member.lambda());
  result.set_seed(static_cast<int32_t>(r.member.seed()));
  result.set_steps(info.phase() == 2 ? info.phase1_steps() + info.step() : info.step());
  ASSIGN_OR_RETURN(std::string checkpoint_sha, FileSha256Hex(r.checkpoint_path));
  result.set_checkpoint_sha256(checkpoint_sha);
  RETURN_IF_ERROR(ScoreMember(r, *sample, encoded, what, result.mutable_metrics()));
  out.reconstructions = MakeReconstructionSet(r, encoded);
  SetProvenance(r, device_name, result.mutable_provenance());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (r.progress) {
    const DeepMetrics& m = result.metrics();
    std::string scores;
    for (const metrics::DeepMetric& metric : metrics::AllDeepMetrics()) {
      absl::StrAppendFormat(&scores, "%s %.4g  ", metric.label, metric.value(m));
    }
    std::fprintf(stderr, "evaluate: %s: %s(%d SVM fits, %d at the iteration cap)  %.1f s\n",
                 what.c_str(), scores.c_str(), m.sap_binary_fits(), m.sap_fits_at_iteration_cap(),
                 seconds);
  }
  return out;
}

}  // namespace lambdabeta::evaluate
