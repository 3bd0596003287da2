// The uncertainty behind every verdict of the claim ledger: Student-t intervals for a mean and
// for a mean of paired differences, and the two-sided decision they support.
#ifndef LAMBDABETA_PAPER_CLAIMS_STATISTICS_H_
#define LAMBDABETA_PAPER_CLAIMS_STATISTICS_H_

#include <vector>

namespace lambdabeta::claims {

// The ledger's one confidence level: two-sided 95 %.
inline constexpr double kConfidence = 0.95;

// P(|T| <= t) for Student's t with `dof` >= 1 degrees of freedom (integer: the closed forms of
// Abramowitz & Stegun 26.7.3 and 26.7.4).
double StudentTCentralProbability(double t, int dof);

// The t with P(|T| <= t) = `probability` (bisection on the closed form).
double StudentTQuantile(double probability, int dof);

// Mean and its two-sided kConfidence interval: mean +- t * s / sqrt(n). With n = 1 the interval
// is the whole line (nothing is known about the spread); with n = 0 everything is NaN.
struct Interval {
  double mean = 0;
  double low = 0;
  double high = 0;
  int n = 0;
};
Interval MeanInterval(const std::vector<double>& values);

// Paired differences a[i] - b[i] (same seed, trial or image), then MeanInterval. The sizes must
// match (checked by the caller's construction: a mismatch is a programming error and aborts).
Interval PairedDifference(const std::vector<double>& a, const std::vector<double>& b);

// Where an interval lies relative to a threshold: entirely above, entirely below, or across it.
enum class Side { kAbove, kBelow, kStraddles };
Side Compare(const Interval& interval, double threshold);

}  // namespace lambdabeta::claims

#endif  // LAMBDABETA_PAPER_CLAIMS_STATISTICS_H_
