// Factors given as values (Shapes3D's labels are floats) become class indices by rank among the
// column's unique values after rounding to 6 decimals (DEFINITIONS.md), e.g. a column with
// values {0.25, 0.5, 0.25, 1.0000000001} becomes {0, 1, 0, 2}.
#ifndef LAMBDABETA_PIPELINE_METRICS_FACTOR_CLASSES_H_
#define LAMBDABETA_PIPELINE_METRICS_FACTOR_CLASSES_H_

#include "Eigen/Core"
#include "absl/status/statusor.h"

namespace lambdabeta::metrics {

// Rounding is numpy.round(x, 6): x * 1e6 rounded half to even, divided by 1e6.
absl::StatusOr<Eigen::MatrixXi> ClassesFromValues(const Eigen::MatrixXd& values);

}  // namespace lambdabeta::metrics

#endif  // LAMBDABETA_PIPELINE_METRICS_FACTOR_CLASSES_H_
