// The claim ledger for people: claims.md (the summary table, then one section per claim with
// its statement, rule, uncertainty and every measurement) and the comparison of two ledgers.
#ifndef LAMBDABETA_PAPER_CLAIMS_LEDGER_MARKDOWN_H_
#define LAMBDABETA_PAPER_CLAIMS_LEDGER_MARKDOWN_H_

#include <string>

#include "common/proto/claims.pb.h"

namespace lambdabeta::claims {

// The anchor of a claim's section: "claim-fig4_peak".
std::string ClaimAnchor(const std::string& id);

// One row per claim: claim (linked to its section), what the paper says, what we measured,
// seeds, verdict; under an INCONCLUSIVE deep claim's verdict, what would decide it (rules.h:
// DecideClaim, in short). The summary table of claims.md, claims_table.md and the report.
std::string LedgerTable(const ClaimLedger& ledger);

// One claim's details: the paper's words (if any) and where, statement, artifacts, statistic,
// rule, uncertainty, qualifiers, what would decide it (INCONCLUSIVE deep claims), measurements.
// Headings start at `heading_level`. With `same_rule_as` (a claim id), one line says that the
// statistic, rule and uncertainty are that claim's, in place of the three.
std::string ClaimSection(const ClaimResult& claim, int heading_level,
                         const std::string& same_rule_as = "");

// LedgerTable and every ClaimSection.
std::string LedgerMarkdown(const ClaimLedger& ledger);

// What changed from `before` to `after`: verdicts, headline numbers, added and removed claims.
// Empty when nothing did.
std::string CompareLedgers(const ClaimLedger& before, const ClaimLedger& after);

}  // namespace lambdabeta::claims

#endif  // LAMBDABETA_PAPER_CLAIMS_LEDGER_MARKDOWN_H_
