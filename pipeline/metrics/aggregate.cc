#include "pipeline/metrics/aggregate.h"

#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace lambdabeta::metrics {

absl::StatusOr<Summary> Summarize(absl::Span<const double> values) {
  if (values.empty()) return absl::InvalidArgumentError("no values to summarise");
  double sum = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("value ", i, " of ", values.size(), " is not finite: ", values[i]));
    }
    sum += values[i];
  }
  Summary summary;
  summary.count = static_cast<int64_t>(values.size());
  summary.mean = sum / static_cast<double>(values.size());
  if (values.size() > 1) {
    double squares = 0;  // two passes: no cancellation when the spread is small
    for (double v : values) squares += (v - summary.mean) * (v - summary.mean);
    summary.std = std::sqrt(squares / static_cast<double>(values.size() - 1));
  }
  return summary;
}

}  // namespace lambdabeta::metrics
