#include "paper/claims/statistics.h"

#include <cmath>
#include <cstdlib>
#include <limits>

namespace lambdabeta::claims {

double StudentTCentralProbability(double t, int dof) {
  if (dof < 1) std::abort();
  const double theta = std::atan(std::fabs(t) / std::sqrt(static_cast<double>(dof)));
  const double c2 = std::cos(theta) * std::cos(theta);
  // A & S 26.7.3 (odd dof) and 26.7.4 (even dof): finite series in cos^2(theta).
  double sum = 1.0;
  double term = 1.0;
  if (dof % 2 == 1) {
    if (dof == 1) return 2.0 * theta / M_PI;
    for (int k = 2; k <= dof - 3; k += 2) {
      term *= c2 * k / (k + 1.0);
      sum += term;
    }
    return 2.0 / M_PI * (theta + std::sin(theta) * std::cos(theta) * sum);
  }
  for (int k = 1; k <= dof - 3; k += 2) {
    term *= c2 * k / (k + 1.0);
    sum += term;
  }
  return std::sin(theta) * sum;
}

double StudentTQuantile(double probability, int dof) {
  double low = 0;
  double high = 1;
  while (StudentTCentralProbability(high, dof) < probability) high *= 2;
  for (int i = 0; i < 200 && high - low > 1e-12 * high; ++i) {
    const double mid = 0.5 * (low + high);
    (StudentTCentralProbability(mid, dof) < probability ? low : high) = mid;
  }
  return 0.5 * (low + high);
}

Interval MeanInterval(const std::vector<double>& values) {
  Interval interval;
  interval.n = static_cast<int>(values.size());
  if (values.empty()) {
    interval.mean = interval.low = interval.high = std::numeric_limits<double>::quiet_NaN();
    return interval;
  }
  double sum = 0;
  for (double v : values) sum += v;
  interval.mean = sum / interval.n;
  if (interval.n == 1) {
    interval.low = -std::numeric_limits<double>::infinity();
    interval.high = std::numeric_limits<double>::infinity();
    return interval;
  }
  double squares = 0;
  for (double v : values) squares += (v - interval.mean) * (v - interval.mean);
  const double standard_error = std::sqrt(squares / (interval.n - 1) / interval.n);
  const double half = StudentTQuantile(kConfidence, interval.n - 1) * standard_error;
  interval.low = interval.mean - half;
  interval.high = interval.mean + half;
  return interval;
}

Interval PairedDifference(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) std::abort();
  std::vector<double> differences(a.size());
  for (size_t i = 0; i < a.size(); ++i) differences[i] = a[i] - b[i];
  return MeanInterval(differences);
}

Side Compare(const Interval& interval, double threshold) {
  if (interval.low > threshold) return Side::kAbove;
  if (interval.high < threshold) return Side::kBelow;
  return Side::kStraddles;
}

}  // namespace lambdabeta::claims
