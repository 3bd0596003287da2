#include "common/score_gap/score_gap.h"

#include <algorithm>
#include <limits>

#include "absl/status/status.h"

namespace lambdabeta::metrics {

double TopTwoGap(const Eigen::Ref<const Eigen::VectorXd>& scores) {
  double first = -std::numeric_limits<double>::infinity();
  double second = first;
  for (Eigen::Index i = 0; i < scores.size(); ++i) {
    const double s = scores[i];
    if (s > first) {
      second = first;
      first = s;
    } else if (s > second) {
      second = s;
    }
  }
  return first - second;
}

absl::StatusOr<double> MeanOverKeptFactors(const Eigen::VectorXd& per_factor,
                                           const std::vector<int>& skipped) {
  double sum = 0;
  int kept = 0;
  for (Eigen::Index j = 0; j < per_factor.size(); ++j) {
    if (std::binary_search(skipped.begin(), skipped.end(), static_cast<int>(j))) continue;
    sum += per_factor[j];
    ++kept;
  }
  if (kept == 0) {
    return absl::InvalidArgumentError(
        "every factor takes a single value in the sample: the score is undefined");
  }
  return sum / kept;
}

}  // namespace lambdabeta::metrics
