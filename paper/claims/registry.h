// The claim ledger's registry: every claim of the paper, empirical and proved, once. Each entry
// quotes the paper, states the claim in one sentence of ours, names the artifacts it reads, the
// statistic, the decision rule (rules.h) and how the uncertainty is made, and judges the
// evidence. The rules and thresholds were declared before the results were looked at; the
// report, README and claims.md read the statements from here (proof statements come from the
// proof-check records, where the checks define them).
#ifndef LAMBDABETA_PAPER_CLAIMS_REGISTRY_H_
#define LAMBDABETA_PAPER_CLAIMS_REGISTRY_H_

#include <string>
#include <vector>

#include "common/proto/claims.pb.h"
#include "paper/claims/evidence.h"

namespace lambdabeta::claims {

struct ClaimSpec {
  std::string id;
  std::string source;
  std::string paper_quote;
  std::string statement;  // empty for proof checks: their record states it
  std::vector<std::string> artifacts;
  std::string statistic;
  std::string rule;
  std::string uncertainty;
  std::vector<std::string> qualifiers;
  // Sets verdict, measurements, summary, seeds and reason of `result`.
  void (*judge)(const ClaimSpec& spec, const Evidence& evidence, ClaimResult* result);
};

// In the paper's order.
const std::vector<ClaimSpec>& Registry();

// Every claim of the registry judged on `evidence`.
ClaimLedger JudgeAll(const Evidence& evidence);

}  // namespace lambdabeta::claims

#endif  // LAMBDABETA_PAPER_CLAIMS_REGISTRY_H_
