// //pipeline/evaluate:evaluate_model: scores one trained model of a checkpoint (see
// pipeline/evaluate/).
//
//   evaluate --config=paper/config/smoke.deep.pbtxt --dataset=BUILTIN_SPRITES
//            --data=bazel-bin/pipeline/data/builtin_sprites.npz --checkpoint=p2_final.ckpt
//            --beta=16 --lambda=16 --seed=0 --out=result.pbtxt --reconstructions=recon.dat
//
// Writes a DeepRunResult text proto (--out) and the reconstruction file of Figure 7
// (--reconstructions, format in pipeline/evaluate/reconstructions.h), both atomically.
#include <string>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/io/exit_code.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "pipeline/config/configs.h"
#include "pipeline/config/slices.h"
#include "pipeline/data/datasets.h"
#include "pipeline/evaluate/evaluate.h"
#include "pipeline/evaluate/reconstructions.h"

ABSL_FLAG(std::string, slice, "",
          "evaluation slice (text proto, from //pipeline/config:slice); replaces --config");
ABSL_FLAG(std::string, config, "", "deep-study config (text proto), when there is no --slice");
ABSL_FLAG(
    std::string, dataset, "",
    "a dataset of pipeline/data/registry.bzl by its Dataset enum name (e.g. BUILTIN_SPRITES)");
ABSL_FLAG(std::string, data, "", "the dataset's file (npz or h5)");
ABSL_FLAG(std::string, checkpoint, "", "checkpoint holding the model");
ABSL_FLAG(double, beta, -1, "the model's beta");
ABSL_FLAG(double, lambda, -1, "the model's lambda");
ABSL_FLAG(int, seed, -1, "the model's training seed");
ABSL_FLAG(std::string, out, "", "where to write the DeepRunResult (text proto)");
ABSL_FLAG(std::string, reconstructions, "", "where to write the images and reconstructions");
ABSL_FLAG(int, threads, 1,
          "intra-op threads and parallel SVM fits (1 suits Bazel, which runs many evaluations at "
          "once; another count may change the encoder's float32 sums in the last bits)");
ABSL_FLAG(std::string, device, "auto", "auto | cpu | cuda");

namespace lambdabeta {
namespace {

absl::Status Run() {
  const std::pair<const char*, std::string> required[] = {
      {"dataset", absl::GetFlag(FLAGS_dataset)},
      {"data", absl::GetFlag(FLAGS_data)},
      {"checkpoint", absl::GetFlag(FLAGS_checkpoint)},
      {"out", absl::GetFlag(FLAGS_out)},
      {"reconstructions", absl::GetFlag(FLAGS_reconstructions)}};
  for (const auto& [flag, value] : required) {
    if (value.empty()) return absl::InvalidArgumentError(absl::StrCat("--", flag, " is required"));
  }
  if (absl::GetFlag(FLAGS_beta) <= 0 || absl::GetFlag(FLAGS_lambda) < 0 ||
      absl::GetFlag(FLAGS_seed) < 0) {
    return absl::InvalidArgumentError(
        "--beta (> 0), --lambda (>= 0) and --seed (>= 0) are required");
  }
  evaluate::EvaluationRequest r;
  if (!absl::GetFlag(FLAGS_slice).empty()) {
    r.settings_path = absl::GetFlag(FLAGS_slice);
    ASSIGN_OR_RETURN(EvaluationSlice slice, LoadEvaluationSlice(r.settings_path));
    r.settings = slice;
  } else if (!absl::GetFlag(FLAGS_config).empty()) {
    r.settings_path = absl::GetFlag(FLAGS_config);
    ASSIGN_OR_RETURN(DeepStudyConfig config, LoadDeepStudyConfig(r.settings_path));
    r.settings = EvaluationSliceOf(config);
  } else {
    return absl::InvalidArgumentError("--slice or --config is required");
  }
  r.settings_sha256 = SliceSha256(r.settings);  // the aggregation checks it

  const std::string name = absl::GetFlag(FLAGS_dataset);
  absl::StatusOr<Dataset> kind = data::ParseDataset(name);
  if (!kind.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--dataset: ", kind.status().message()));
  }
  r.dataset_kind = *kind;
  ASSIGN_OR_RETURN(data::Dataset dataset,
                   data::LoadDataset(r.dataset_kind, absl::GetFlag(FLAGS_data)));
  r.dataset = &dataset;

  r.checkpoint_path = absl::GetFlag(FLAGS_checkpoint);
  r.member.set_beta(absl::GetFlag(FLAGS_beta));
  r.member.set_lambda(absl::GetFlag(FLAGS_lambda));
  r.member.set_seed(static_cast<uint64_t>(absl::GetFlag(FLAGS_seed)));
  r.device = absl::GetFlag(FLAGS_device);
  r.threads = absl::GetFlag(FLAGS_threads);

  ASSIGN_OR_RETURN(evaluate::MemberEvaluation evaluation, evaluate::EvaluateMember(r));
  RETURN_IF_ERROR(WriteTextProto(absl::GetFlag(FLAGS_out), evaluation.result));
  return evaluate::WriteReconstructions(absl::GetFlag(FLAGS_reconstructions),
                                        evaluation.reconstructions);
}

}  // namespace
}  // namespace lambdabeta

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return lambdabeta::ExitCode("evaluate", lambdabeta::Run());
}
