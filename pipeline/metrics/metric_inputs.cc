#include "pipeline/metrics/metric_inputs.h"

#include "absl/strings/str_cat.h"

namespace lambdabeta::metrics {
namespace {

template <typename Matrix>
std::vector<int> ConstantColumns(const Matrix& m) {
  std::vector<int> constant;
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    if (m.rows() == 0 || (m.col(j).array() == m(0, j)).all()) {
      constant.push_back(static_cast<int>(j));
    }
  }
  return constant;
}

}  // namespace

absl::Status CheckCodes(const Eigen::MatrixXd& codes, Eigen::Index factor_rows,
                        Eigen::Index num_factors, absl::string_view what) {
  if (codes.rows() == 0) return absl::InvalidArgumentError(absl::StrCat(what, ": no samples"));
  if (codes.rows() != factor_rows) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": ", codes.rows(), " codes but ", factor_rows, " factor rows"));
  }
  if (codes.cols() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": ", codes.cols(), " latent(s); the top-two gap needs at least 2"));
  }
  if (num_factors < 1) return absl::InvalidArgumentError(absl::StrCat(what, ": no factors"));
  if (!codes.allFinite()) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": codes contain NaN or infinity"));
  }
  return absl::OkStatus();
}

std::vector<int> ConstantFactors(const Eigen::MatrixXi& factor_classes) {
  return ConstantColumns(factor_classes);
}

std::vector<int> ConstantFactors(const Eigen::MatrixXd& factor_values) {
  return ConstantColumns(factor_values);
}

}  // namespace lambdabeta::metrics
