// The decision rules of the claim ledger, shared by every claim: how an interval becomes a
// verdict, and how the verdicts of a claim's parts combine. Declared here, once, before any
// result was seen; the registry (registry.h) only chooses which rule applies to which number.
#ifndef LAMBDABETA_PAPER_CLAIMS_RULES_H_
#define LAMBDABETA_PAPER_CLAIMS_RULES_H_

#include <string>
#include <vector>

#include "common/proto/claims.pb.h"
#include "paper/claims/statistics.h"

namespace lambdabeta::claims {

// "About zero" for a linear-Gaussian metric: below this fraction of the same solver's value at
// beta = 1, lambda = 0 (the informative reference of Figure 2).
inline constexpr double kCollapseFraction = 0.05;
// "Keeps or raises" a disentanglement score (MIG, SAP in [0, 1]): the paired difference may be
// negative by at most this much (a non-inferiority margin).
inline constexpr double kNonInferiorityMargin = 0.01;
// Bootstrap support needed for a claim about a selection (an argmin, not a mean): REPRODUCED
// at >= this fraction of resamples, NOT REPRODUCED at <= 1 - this fraction.
inline constexpr double kBootstrapSupport = 0.9;
inline constexpr int kBootstrapResamples = 1000;
// A phase-boundary prediction is REPRODUCED when every run agrees with it, NOT REPRODUCED when
// fewer than this fraction do.
inline constexpr double kBoundaryAgreementFloor = 0.95;

// The claim says the difference is > 0: REPRODUCED if its interval lies above 0, NOT
// REPRODUCED if below, INCONCLUSIVE if it straddles 0 (or n < 2: no spread is known).
Verdict Superior(const Interval& difference);
// The claim says the difference is >= -margin: REPRODUCED if the interval lies above -margin,
// NOT REPRODUCED if below, INCONCLUSIVE if it straddles.
Verdict NonInferior(const Interval& difference, double margin);
// The claim says the value is below `threshold` (REPRODUCED if the interval is), or above it.
Verdict Below(const Interval& value, double threshold);
Verdict Above(const Interval& value, double threshold);
// A claim about a statistic without a sampling interval (an argmin): `holds` on the data, and
// `support`, the fraction of bootstrap resamples over seeds on which it holds.
Verdict BySupport(bool holds, double support, int seeds);

// All parts must hold: any NOT REPRODUCED -> NOT REPRODUCED; else all REPRODUCED ->
// REPRODUCED; else INCONCLUSIVE. No parts: NOT RUN.
Verdict CombineAll(const std::vector<Verdict>& parts);

// "REPRODUCED", "NOT REPRODUCED", ...
std::string VerdictName(Verdict verdict);

// A measurement of `interval` with its verdict; "value [low, high]" as text.
Measurement MakeMeasurement(const std::string& label, const Interval& interval, Verdict verdict);
std::string FormatInterval(double value, double low, double high);

}  // namespace lambdabeta::claims

#endif  // LAMBDABETA_PAPER_CLAIMS_RULES_H_
