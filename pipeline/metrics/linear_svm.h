// A one-vs-rest linear SVM on a single feature, trained by Debian's liblinear 2.3 with the
// settings of the reference SAP (sklearn.svm.LinearSVC(C=0.01, class_weight="balanced")):
//   - loss and penalty: squared hinge loss, L2 penalty, tolerance 1e-4, at most 1000
//     iterations (liblinear 2.3's fixed cap, also LinearSVC's default max_iter);
//   - solver: by default the primal trust-region Newton method (L2R_L2LOSS_SVC), which is what
//     LinearSVC's dual="auto" (the default from scikit-learn 1.5) picks when there are more
//     samples than features, as here; the dual coordinate descent (L2R_L2LOSS_SVC_DUAL) of
//     older LinearSVC, which the reference implementation ran, is an option. Both minimise the
//     same objective; the primal is 3-16x faster on the study's codes and deterministic, while
//     the dual's result depends on its random visiting order (pinned here, see below);
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
// A dual fit runs inside a FitRandomScope (seed 1), so its result depends on its inputs only.
// liblinear's progress output is captured, never printed: it tells us the iteration count.
#ifndef LAMBDABETA_PIPELINE_METRICS_LINEAR_SVM_H_
#define LAMBDABETA_PIPELINE_METRICS_LINEAR_SVM_H_

#include <cstdint>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"

namespace lambdabeta::metrics {

enum class SvmSolver {
  kPrimalNewton,           // L2R_L2LOSS_SVC: trust-region Newton on (slope, intercept)
  kDualCoordinateDescent,  // L2R_L2LOSS_SVC_DUAL: the reference's (older LinearSVC's) solver
};

struct LinearSvmOptions {
  double c = 0.01;
  double tolerance = 1e-4;  // liblinear's eps
  bool balanced_class_weights = true;
  unsigned random_seed = 1;  // the dual solver's visiting order
  SvmSolver solver = SvmSolver::kPrimalNewton;
};

struct OneFeatureSvm {
  std::vector<int> classes;  // liblinear's order: first occurrence in the training data
  std::vector<double> slope;
  std::vector<double> intercept;
  int binary_fits = 0;            // subproblems solved: 1 for two classes, else one per class
  int fits_at_iteration_cap = 0;  // of those, how many stopped at 1000 iterations unconverged
  // Summed over fits: Newton steps (primal) or coordinate-descent passes over the data (dual).
  int64_t solver_iterations = 0;

  double Decision(int k, double z) const { return slope[k] * z + intercept[k]; }
  int Predict(double z) const;
};

// Needs at least two classes among `y`, equal lengths, finite `z`.
absl::StatusOr<OneFeatureSvm> TrainOneFeatureSvm(const Eigen::Ref<const Eigen::VectorXd>& z,
                                                 const Eigen::Ref<const Eigen::VectorXi>& y,
                                                 const LinearSvmOptions& options = {});

}  // namespace lambdabeta::metrics

#endif  // LAMBDABETA_PIPELINE_METRICS_LINEAR_SVM_H_
