#include "paper/claims/rules.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_format.h"

namespace lambdabeta::claims {
namespace {

Verdict FromSide(Side side, bool claim_is_above) {
  if (side == Side::kStraddles) return INCONCLUSIVE;
  return (side == Side::kAbove) == claim_is_above ? REPRODUCED : NOT_REPRODUCED;
}

}  // namespace

Verdict Superior(const Interval& difference) { return Above(difference, 0.0); }

Verdict NonInferior(const Interval& difference, double margin) {
  return Above(difference, -margin);
}

Verdict Below(const Interval& value, double threshold) {
  if (value.n < 1 || std::isnan(value.mean)) return INCONCLUSIVE;
  return FromSide(Compare(value, threshold), /*claim_is_above=*/false);
}

Verdict Above(const Interval& value, double threshold) {
  if (value.n < 1 || std::isnan(value.mean)) return INCONCLUSIVE;
  return FromSide(Compare(value, threshold), /*claim_is_above=*/true);
}

Verdict BySupport(bool holds, double support, int seeds) {
  if (seeds < 2) return INCONCLUSIVE;
  if (holds && support >= kBootstrapSupport) return REPRODUCED;
  if (!holds && support <= 1 - kBootstrapSupport) return NOT_REPRODUCED;
  return INCONCLUSIVE;
}

Verdict CombineAll(const std::vector<Verdict>& parts) {
  if (parts.empty()) return NOT_RUN;
  bool all_reproduced = true;
  for (Verdict v : parts) {
    if (v == NOT_REPRODUCED) return NOT_REPRODUCED;
    all_reproduced = all_reproduced && v == REPRODUCED;
  }
  return all_reproduced ? REPRODUCED : INCONCLUSIVE;
}

double SpreadOf(const Interval& interval) {
  if (interval.n < 2) return std::numeric_limits<double>::quiet_NaN();
  return (interval.high - interval.low) / 2 * std::sqrt(static_cast<double>(interval.n)) /
         StudentTQuantile(kConfidence, interval.n - 1);
}

int SeedsToSeparate(double distance, double spread) {
  if (!(distance > 0) || std::isnan(spread)) return 0;
  for (int n = 2; n <= kMaxSeedsToDecide; ++n) {
    if (StudentTQuantile(kConfidence, n - 1) * spread / std::sqrt(static_cast<double>(n)) <
        distance) {
      return n;
    }
  }
  return 0;
}

PartDecision DecidePart(const Interval& value, double boundary, bool claim_is_above,
                        bool score_gain, bool noise_floor) {
  PartDecision d;
  d.against = claim_is_above ? value.mean < boundary : value.mean > boundary;
  const double distance = std::abs(value.mean - boundary);
  if (noise_floor) {
    d.outlook = Decision::NOISE_FLOOR;
  } else if (score_gain && distance < kNonInferiorityMargin) {
    d.outlook = Decision::EFFECT_BELOW_MARGIN;
  } else if (value.n < 2) {
    d.outlook = Decision::UNKNOWN_SPREAD;
  } else {
    d.n = SeedsToSeparate(distance, SpreadOf(value));
    d.outlook = d.n > 0 ? Decision::DECIDED_AT : Decision::BEYOND_LIMIT;
  }
  return d;
}

PartDecision DecideClaim(const std::vector<PartDecision>& inconclusive_parts) {
  PartDecision against, all;
  for (const PartDecision& part : inconclusive_parts) {
    if (part.outlook == Decision::DECIDED_AT && part.against &&
        (against.n == 0 || part.n < against.n)) {
      against = part;
    }
  }
  if (against.n > 0) return against;
  for (const PartDecision& part : inconclusive_parts) {
    if (part.outlook != Decision::DECIDED_AT) return part;
    if (part.n > all.n) all = part;
  }
  return all;
}

double FisherExactOneSided(int a, int n_a, int b, int n_b) {
  const int total = n_a + n_b;
  const int collapsed = a + b;
  // log C(n, k) by lgamma; P(X = x) = C(collapsed, x) C(total - collapsed, n_a - x) / C(total,
  // n_a).
  const auto log_choose = [](int n, int k) {
    return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0);
  };
  double p = 0;
  for (int x = a; x <= std::min(collapsed, n_a); ++x) {
    if (n_a - x > total - collapsed) continue;
    p += std::exp(log_choose(collapsed, x) + log_choose(total - collapsed, n_a - x) -
                  log_choose(total, n_a));
  }
  return std::min(1.0, p);
}

std::string VerdictName(Verdict verdict) {
  switch (verdict) {
    case REPRODUCED:
      return "REPRODUCED";
    case NOT_REPRODUCED:
      return "NOT REPRODUCED";
    case INCONCLUSIVE:
      return "INCONCLUSIVE";
    case NOT_RUN:
      return "NOT RUN";
    default:
      return "UNSPECIFIED";
  }
}

std::string FormatInterval(double value, double low, double high) {
  if (low == value && high == value) return absl::StrFormat("%.4g", value);
  return absl::StrFormat("%.4g [%.4g, %.4g]", value, low, high);
}

Measurement MakeMeasurement(const std::string& label, const Interval& interval, Verdict verdict) {
  Measurement m;
  m.set_label(label);
  m.set_value(interval.mean);
  m.set_low(interval.low);
  m.set_high(interval.high);
  m.set_n(interval.n);
  m.set_verdict(verdict);
  return m;
}

}  // namespace lambdabeta::claims
