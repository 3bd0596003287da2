// The registry's families, each in its own file with its claims' judges and specs
// (registry_proofs.cc, registry_linear.cc, registry_deep.cc); registry.cc lists them in the
// paper's order. Internal to the registry: what the judges of every family share.
#ifndef LAMBDABETA_PAPER_CLAIMS_REGISTRY_FAMILIES_H_
#define LAMBDABETA_PAPER_CLAIMS_REGISTRY_FAMILIES_H_

#include <string>
#include <vector>

#include "common/proto/claims.pb.h"
#include "paper/claims/registry.h"
#include "paper/claims/statistics.h"

namespace lambdabeta::claims {

// Each family's claims, in the paper's order.
std::vector<ClaimSpec> ProofClaims();
std::vector<ClaimSpec> LinearClaims();
std::vector<ClaimSpec> DeepClaims();

// A grid value as the ledger writes it ("%g").
std::string Num(double value);

void SetNotRun(ClaimResult* result, const std::string& reason);

// The claim's verdict from its parts, and the part that decides it as the headline.
void Conclude(ClaimResult* result, const std::vector<Verdict>& parts);

// One part of the claim: its measurement, and its verdict among the parts.
void AddPart(ClaimResult* result, std::vector<Verdict>* parts, const std::string& label,
             const Interval& interval, Verdict verdict);

}  // namespace lambdabeta::claims

#endif  // LAMBDABETA_PAPER_CLAIMS_REGISTRY_FAMILIES_H_
