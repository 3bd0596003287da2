#include "paper/claims/registry.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "paper/claims/registry_families.h"
#include "paper/claims/rules.h"

namespace lambdabeta::claims {

std::string Num(double value) { return absl::StrFormat("%g", value); }

void SetNotRun(ClaimResult* result, const std::string& reason) {
  result->set_verdict(NOT_RUN);
  result->set_reason(reason);
}

// The claim's verdict from its parts, and the part that decides it as the headline.
void Conclude(ClaimResult* result, const std::vector<Verdict>& parts) {
  result->set_verdict(CombineAll(parts));
  if (result->measurements().empty()) return;
  // The first part whose verdict is the claim's (for REPRODUCED, the first part).
  auto it = std::find_if(result->measurements().begin(), result->measurements().end(),
                         [&](const Measurement& m) { return m.verdict() == result->verdict(); });
  const Measurement& headline = it != result->measurements().end() ? *it : result->measurements(0);
  result->set_summary(absl::StrCat(
      headline.label(), ": ", FormatInterval(headline.value(), headline.low(), headline.high())));
}

void AddPart(ClaimResult* result, std::vector<Verdict>* parts, const std::string& label,
             const Interval& interval, Verdict verdict) {
  *result->add_measurements() = MakeMeasurement(label, interval, verdict);
  parts->push_back(verdict);
}

const std::vector<ClaimSpec>& Registry() {
  static const auto* registry = [] {
    auto* all = new std::vector<ClaimSpec>(ProofClaims());
    for (std::vector<ClaimSpec> family : {LinearClaims(), DeepClaims()}) {
      all->insert(all->end(), family.begin(), family.end());
    }
    return all;
  }();
  return *registry;
}

ClaimLedger JudgeAll(const Evidence& evidence) {
  ClaimLedger ledger;
  if (evidence.deep) ledger.set_tier(evidence.deep->config.name());
  for (const ClaimSpec& spec : Registry()) {
    ClaimResult* result = ledger.add_claims();
    result->set_id(spec.id);
    result->set_source(spec.source);
    result->set_paper_quote(spec.paper_quote);
    result->set_statement(spec.statement);
    for (const std::string& a : spec.artifacts) result->add_artifacts(a);
    result->set_statistic(spec.statistic);
    result->set_rule(spec.rule);
    result->set_uncertainty(spec.uncertainty);
    for (const std::string& q : spec.qualifiers) result->add_qualifiers(q);
    spec.judge(spec, evidence, result);
  }
  return ledger;
}

}  // namespace lambdabeta::claims
