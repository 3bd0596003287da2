// A one-vs-rest linear SVM on a single feature, trained by Debian's liblinear 2.3 with the
// settings of the reference SAP (sklearn.svm.LinearSVC(C=0.01, class_weight="balanced")):
//   - solver L2R_L2LOSS_SVC_DUAL: squared hinge loss, L2 penalty, dual coordinate descent,
//     tolerance 1e-4, at most 1000 iterations (liblinear 2.3's fixed cap for this solver,
//     also LinearSVC's default max_iter);
//   - intercept as a bias feature of value 1 (so the intercept is penalised too, like
//     LinearSVC's intercept_scaling=1);
//   - balanced class weights n / (n_classes * count_c): class c's C becomes C * weight_c.
//     As in liblinear's train() (and scikit-learn's bundled copy of it), with three or more
//     classes the weight applies to the positive side of the c-vs-rest subproblem only; the
//     rest keep C. With two classes one subproblem is solved with each class's own weighted C.
//   - prediction: the class with the largest decision value slope_c * z + intercept_c (for two
//     classes liblinear's single decision value d gives d to the first class, -d to the other);
//     exact ties go to the smallest class label, which is scikit-learn's rule (its classes are
//     sorted). liblinear's own predict() sends ties to the class seen first in training.
// Each fit runs inside a FitRandomScope (seed 1), so its result depends on its inputs only.
// liblinear's progress output is captured, never printed: it tells us the iteration count.
#ifndef LAMBDABETA_PIPELINE_METRICS_LINEAR_SVM_H_
#define LAMBDABETA_PIPELINE_METRICS_LINEAR_SVM_H_

#include <cstdint>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"

namespace lambdabeta::metrics {

struct LinearSvmOptions {
  double c = 0.01;
  double tolerance = 1e-4;  // liblinear's eps
  bool balanced_class_weights = true;
  unsigned random_seed = 1;
};

struct OneFeatureSvm {
  std::vector<int> classes;  // liblinear's order: first occurrence in the training data
  std::vector<double> slope;
  std::vector<double> intercept;
  int binary_fits = 0;            // subproblems solved: 1 for two classes, else one per class
  int fits_at_iteration_cap = 0;  // of those, how many stopped at 1000 iterations unconverged
  int64_t solver_iterations = 0;  // outer iterations (passes over the data), summed over fits

  double Decision(int k, double z) const { return slope[k] * z + intercept[k]; }
  int Predict(double z) const;
};

// Needs at least two classes among `y`, equal lengths, finite `z`.
absl::StatusOr<OneFeatureSvm> TrainOneFeatureSvm(const Eigen::Ref<const Eigen::VectorXd>& z,
                                                 const Eigen::Ref<const Eigen::VectorXi>& y,
                                                 const LinearSvmOptions& options = {});

}  // namespace lambdabeta::metrics

#endif  // LAMBDABETA_PIPELINE_METRICS_LINEAR_SVM_H_
