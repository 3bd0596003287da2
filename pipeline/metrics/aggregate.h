// Summaries over repeated runs (seeds): count, mean and sample standard deviation, generic in
// what identifies a group (e.g. a (dataset, beta, lambda) tuple).
#ifndef LAMBDABETA_PIPELINE_METRICS_AGGREGATE_H_
#define LAMBDABETA_PIPELINE_METRICS_AGGREGATE_H_

#include <cstdint>
#include <map>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/status/status_macros.h"

namespace lambdabeta::metrics {

struct Summary {
  int64_t count = 0;
  double mean = 0;
  // Sample standard deviation (divisor count - 1). With a single value it is reported as 0;
  // `count` = 1 tells the reader there was no spread to estimate.
  double std = 0;
};

// An error for no values or a non-finite value (a NaN must not reach a figure unnoticed).
absl::StatusOr<Summary> Summarize(absl::Span<const double> values);

// Collects values per key, then summarises each group. Key: any type with operator<.
template <typename Key>
class GroupedValues {
 public:
  void Add(const Key& key, double value) { values_[key].push_back(value); }

  absl::StatusOr<std::map<Key, Summary>> Summaries() const {
    std::map<Key, Summary> summaries;
    for (const auto& [key, values] : values_) {
      ASSIGN_OR_RETURN(Summary summary, Summarize(values));
      summaries.emplace(key, summary);
    }
    return summaries;
  }

 private:
  std::map<Key, std::vector<double>> values_;
};

}  // namespace lambdabeta::metrics

#endif  // LAMBDABETA_PIPELINE_METRICS_AGGREGATE_H_
