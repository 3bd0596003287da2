#include "pipeline/metrics/linear_svm.h"

#include <linear.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "pipeline/metrics/liblinear_random.h"

namespace lambdabeta::metrics {
namespace {

// What liblinear printed during the current fit on this thread.
struct FitLog {
  int64_t dual_passes = 0;   // the sum of N over the dual's "optimization finished, #iter = N"
  int64_t newton_steps = 0;  // the primal's "iter  k act ... pre ..." lines
  int iteration_cap = 0;     // "WARNING: reaching max number of iterations"
};
thread_local FitLog* current_log = nullptr;

void CaptureLiblinearOutput(const char* text) {
  if (current_log == nullptr) return;  // some other use of liblinear: stay silent too
  if (const char* found = std::strstr(text, "optimization finished, #iter = ")) {
    current_log->dual_passes += std::atoi(found + std::strlen("optimization finished, #iter = "));
  }
  if (absl::StartsWith(text, "iter ") && absl::StrContains(text, " act ")) {
    ++current_log->newton_steps;
  }
  if (absl::StrContains(text, "reaching max number of iterations")) ++current_log->iteration_cap;
}

void SilenceLiblinearOnce() {
  static std::once_flag once;
  std::call_once(once, [] { set_print_string_function(&CaptureLiblinearOutput); });
}

struct ModelDeleter {
  void operator()(model* m) const { free_and_destroy_model(&m); }
};

}  // namespace

int OneFeatureSvm::Predict(double z) const {
  int best = 0;
  double best_value = Decision(0, z);
  for (int k = 1; k < static_cast<int>(classes.size()); ++k) {
    const double value = Decision(k, z);
    if (value > best_value || (value == best_value && classes[k] < classes[best])) {
      best = k;
      best_value = value;
    }
  }
  return classes[best];
}

absl::StatusOr<OneFeatureSvm> TrainOneFeatureSvm(const Eigen::Ref<const Eigen::VectorXd>& z,
                                                 const Eigen::Ref<const Eigen::VectorXi>& y,
                                                 const LinearSvmOptions& options) {
  const int n = static_cast<int>(z.size());
  if (y.size() != z.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("SVM: ", z.size(), " feature values but ", y.size(), " labels"));
  }
  if (!z.allFinite()) return absl::InvalidArgumentError("SVM: feature contains NaN or infinity");
  std::map<int, int> counts;
  for (int i = 0; i < n; ++i) ++counts[y[i]];
  if (counts.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("SVM: needs at least two classes, got ", counts.size()));
  }

  // Each sample: feature 1 = z, feature 2 = the bias 1, then the terminator.
  std::vector<feature_node> nodes(3 * static_cast<size_t>(n));
  std::vector<feature_node*> rows(n);
  std::vector<double> labels(n);
  for (int i = 0; i < n; ++i) {
    nodes[3 * i] = {1, z[i]};
    nodes[3 * i + 1] = {2, 1.0};
    nodes[3 * i + 2] = {-1, 0.0};
    rows[i] = &nodes[3 * i];
    labels[i] = y[i];
  }
  problem prob;
  prob.l = n;
  prob.n = 2;
  prob.y = labels.data();
  prob.x = rows.data();
  prob.bias = 1.0;

  std::vector<int> weight_label;
  std::vector<double> weight;
  if (options.balanced_class_weights) {
    for (const auto& [label, count] : counts) {
      weight_label.push_back(label);
      weight.push_back(static_cast<double>(n) / (static_cast<double>(counts.size()) * count));
    }
  }
  parameter param{};
  const bool dual = options.solver == SvmSolver::kDualCoordinateDescent;
  param.solver_type = dual ? L2R_L2LOSS_SVC_DUAL : L2R_L2LOSS_SVC;
  param.eps = options.tolerance;
  param.C = options.c;
  param.nr_weight = static_cast<int>(weight.size());
  param.weight_label = weight_label.empty() ? nullptr : weight_label.data();
  param.weight = weight.empty() ? nullptr : weight.data();
  param.p = 0.1;  // unused by classifiers; check_parameter wants p >= 0
  param.init_sol = nullptr;
  if (const char* error = check_parameter(&prob, &param); error != nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("liblinear rejects the parameters: ", error));
  }

  SilenceLiblinearOnce();
  FitLog log;
  FitRandomScope random(options.random_seed);
  current_log = &log;
  std::unique_ptr<model, ModelDeleter> trained;
  {
    absl::Cleanup stop_capture = [] { current_log = nullptr; };
    trained.reset(train(&prob, &param));
  }
  if (dual && random.calls() == 0) {
    return absl::InternalError(
        "liblinear did not draw from FitRandomScope: rand() interposition is not in effect, "
        "so fits would depend on the process-wide rand() state");
  }

  OneFeatureSvm svm;
  const int num_classes = get_nr_class(trained.get());
  svm.classes.resize(num_classes);
  get_labels(trained.get(), svm.classes.data());
  for (int k = 0; k < num_classes; ++k) {
    svm.slope.push_back(get_decfun_coef(trained.get(), 1, k));
    svm.intercept.push_back(get_decfun_bias(trained.get(), k));
  }
  svm.binary_fits = num_classes == 2 ? 1 : num_classes;
  svm.solver_iterations = dual ? log.dual_passes : log.newton_steps;
  svm.fits_at_iteration_cap = log.iteration_cap;
  return svm;
}

}  // namespace lambdabeta::metrics
