// Evaluation of one trained conv VAE (Section 5.2): the model (beta, lambda, seed) of a
// checkpoint is scored on num_fit + num_test images of its dataset (sample.h: the same images for
// every model of the dataset), through the encoder means (encode.h):
//   - MIG (evaluation.mig_bins) on the fit split, with the latent x factor MI matrix (Figure 8);
//   - SAP, evaluation.sap_mode: DISCRETE = liblinear SVMs (evaluation.svm_c) fit on the fit split
//     and scored on the test split; CONTINUOUS = squared correlations with the factor values on
//     the fit split;
//   - reconstruction BCE and MSE of the decoded encoder mean, and KL, per image, averaged over all
//     evaluation images;
// plus the first evaluation.num_reconstructions images and their reconstructions (Figure 7).
// The metric definitions are pipeline/metrics'.
#ifndef LAMBDABETA_PIPELINE_EVALUATE_EVALUATE_H_
#define LAMBDABETA_PIPELINE_EVALUATE_EVALUATE_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/proto/deep_study.pb.h"
#include "common/proto/results.pb.h"
#include "common/proto/slices.pb.h"
#include "common/proto/training.pb.h"
#include "pipeline/data/dataset.h"
#include "pipeline/evaluate/reconstructions.h"

namespace lambdabeta::evaluate {

struct EvaluationRequest {
  EvaluationSlice settings;     // the evaluation settings (pipeline/config/slices.h)
  std::string settings_path;    // recorded
  std::string settings_sha256;  // recorded
  ::lambdabeta::Dataset dataset_kind = DATASET_UNSPECIFIED;
  const data::Dataset* dataset = nullptr;  // the checkpoint's training data
  std::string checkpoint_path;
  TrainingMember member;        // which model of the checkpoint
  std::string device = "auto";  // "auto" | "cpu" | "cuda"
  int threads = 1;              // intra-op threads and SAP's parallel SVM fits
  bool progress = true;         // progress lines on stderr
};

struct MemberEvaluation {
  DeepRunResult result;
  ReconstructionSet reconstructions;
};

// Errors name the checkpoint (trained on another dataset, or without this member) or the failing
// step. Any checkpoint of the run can be scored; result.steps records how far it was trained (the
// aggregator insists on fully trained models).
absl::StatusOr<MemberEvaluation> EvaluateMember(const EvaluationRequest& request);

}  // namespace lambdabeta::evaluate

#endif  // LAMBDABETA_PIPELINE_EVALUATE_EVALUATE_H_
