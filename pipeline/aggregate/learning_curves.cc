#include "pipeline/aggregate/learning_curves.h"

#include <array>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "pipeline/aggregate/result_grid.h"

namespace lambdabeta::aggregate {
namespace {

constexpr int kMetrics = 4;  // bce, kl, mig, sap

struct Point {
  int dataset;
  double beta;
  double lambda;
  int64_t steps;
  auto tie() const { return std::tie(dataset, beta, lambda, steps); }
  bool operator<(const Point& o) const { return tie() < o.tie(); }
};

std::array<double, kMetrics> Metrics(const DeepRunResult& r) {
  const DeepMetrics& m = r.metrics();
  return {m.bce(), m.kl(), m.mig(), m.sap()};
}

}  // namespace

absl::StatusOr<std::string> LearningCurvesTsv(const std::vector<DeepRunResult>& results,
                                              int64_t phase1_steps) {
  std::map<Point, std::map<int, std::array<double, kMetrics>>> by_seed;
  std::map<std::tuple<int, double>, std::set<double>> lambdas;  // (dataset, beta) -> lambdas
  for (const DeepRunResult& r : results) {
    const std::string what =
        absl::StrFormat("%s beta=%g lambda=%g seed=%d at step %d", Dataset_Name(r.dataset()),
                        r.beta(), r.lambda(), r.seed(), r.steps());
    if (r.steps() <= phase1_steps && r.lambda() != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, ": phase 1 (steps <= ", phase1_steps, ") has lambda = 0"));
    }
    for (double v : Metrics(r)) {
      if (!std::isfinite(v)) return absl::InvalidArgumentError(absl::StrCat(what, ": metric ", v));
    }
    lambdas[{r.dataset(), r.beta()}].insert(r.lambda());
    const Point point{r.dataset(), r.beta(), r.lambda(), r.steps()};
    if (!by_seed[point].emplace(r.seed(), Metrics(r)).second) {
      return absl::InvalidArgumentError(absl::StrCat(what, ": given twice"));
    }
  }
  // The shared phase-1 trunk under every lambda.
  std::map<Point, std::map<int, std::array<double, kMetrics>>> curves;
  for (const auto& [point, seeds] : by_seed) {
    if (point.steps > phase1_steps) {
      curves[point] = seeds;
      continue;
    }
    for (double lambda : lambdas[{point.dataset, point.beta}]) {
      Point branch = point;
      branch.lambda = lambda;
      curves[branch] = seeds;
    }
  }
  std::string tsv =
      "# "
      "dataset\tbeta\tlambda\tsteps\tphase\tseeds\tbce\tbce_sd\tkl\tkl_sd\tmig\tmig_sd\tsap\tsap_"
      "sd\n";
  const Point* previous = nullptr;
  for (const auto& [point, seeds] : curves) {
    if (previous != nullptr && std::tie(previous->dataset, previous->beta, previous->lambda) !=
                                   std::tie(point.dataset, point.beta, point.lambda)) {
      tsv += "\n\n";  // a new curve: a new gnuplot data block
    }
    previous = &point;
    const std::string dataset = absl::StrReplaceAll(
        DatasetLabel(static_cast<::lambdabeta::Dataset>(point.dataset)), {{" ", "_"}});
    absl::StrAppendFormat(&tsv, "%s\t%g\t%g\t%d\t%d\t%d", dataset, point.beta, point.lambda,
                          point.steps, point.steps <= phase1_steps ? 1 : 2, seeds.size());
    const double n = static_cast<double>(seeds.size());
    for (int k = 0; k < kMetrics; ++k) {
      double mean = 0;
      for (const auto& [seed, values] : seeds) mean += values[k] / n;
      double squares = 0;
      for (const auto& [seed, values] : seeds) squares += (values[k] - mean) * (values[k] - mean);
      const double sd = seeds.size() > 1 ? std::sqrt(squares / (n - 1)) : 0.0;
      absl::StrAppendFormat(&tsv, "\t%.9g\t%.9g", mean, sd);
    }
    tsv += "\n";
  }
  return tsv;
}

}  // namespace lambdabeta::aggregate
