#include "pipeline/metrics/factor_classes.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/status/status.h"

namespace lambdabeta::metrics {

absl::StatusOr<Eigen::MatrixXi> ClassesFromValues(const Eigen::MatrixXd& values) {
  if (!values.allFinite()) {
    return absl::InvalidArgumentError("factor values contain NaN or infinity");
  }
  Eigen::MatrixXi classes(values.rows(), values.cols());
  for (Eigen::Index j = 0; j < values.cols(); ++j) {
    // std::nearbyint rounds half to even in the default rounding mode, as numpy.round does.
    std::vector<double> rounded(values.rows());
    for (Eigen::Index n = 0; n < values.rows(); ++n) {
      rounded[n] = std::nearbyint(values(n, j) * 1e6) / 1e6;
    }
    std::vector<double> unique = rounded;
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    for (Eigen::Index n = 0; n < values.rows(); ++n) {
      classes(n, j) = static_cast<int>(std::lower_bound(unique.begin(), unique.end(), rounded[n]) -
                                       unique.begin());
    }
  }
  return classes;
}

}  // namespace lambdabeta::metrics
