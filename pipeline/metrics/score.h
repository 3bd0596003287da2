// The stand-alone `score` tool's work (//pipeline:score): anyone's encoder codes and known
// factors, read from .npy/.npz files, checked, and scored with the deep study's own MIG
// (mig.h) and SAP (sap.h). Factor values of any numeric type become classes as factor_classes.h
// says, over both splits together so that a value gets the same class in each.
#ifndef LAMBDABETA_PIPELINE_METRICS_SCORE_H_
#define LAMBDABETA_PIPELINE_METRICS_SCORE_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/proto/results.pb.h"

namespace lambdabeta::metrics {

struct ScoreRequest {
  // Each a .npy file, an .npz holding one array, or "<archive>.npz:<array>".
  std::string codes_file;    // N x L, float32 or float64
  std::string factors_file;  // N x F (or N), any numeric type
  // Both or neither: discrete SAP's test split. Without them, every third sample of the files
  // above (index % 3 == 2) is the test split and the others are the fit split.
  std::string test_codes_file;
  std::string test_factors_file;
  SapMode sap_mode = DISCRETE;
  int mig_bins = 20;
  int num_threads = 1;  // discrete SAP's fits; the result does not depend on it
};

// Errors are InvalidArgument (or the reader's NotFound / DataLoss) and name the file: wrong
// element type or rank, shapes that do not match, NaN or infinity, a factor with one value.
absl::StatusOr<RepresentationScores> ScoreRepresentation(const ScoreRequest& request);

// The scores as plain-text tables: the summary, per-factor gaps, the MI and SAP matrices.
std::string FormatScores(const RepresentationScores& scores);

}  // namespace lambdabeta::metrics

#endif  // LAMBDABETA_PIPELINE_METRICS_SCORE_H_
