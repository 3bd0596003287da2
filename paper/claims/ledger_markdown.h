// The claim ledger for people: claims.md (the summary table, then one section per claim with
// its statement, rule, uncertainty and every measurement) and the comparison of two ledgers.
#ifndef LAMBDABETA_PAPER_CLAIMS_LEDGER_MARKDOWN_H_
#define LAMBDABETA_PAPER_CLAIMS_LEDGER_MARKDOWN_H_

#include <string>

#include "common/proto/claims.pb.h"

namespace lambdabeta::claims {

// The anchor of a claim's section: "claim-fig4_peak".
std::string ClaimAnchor(const std::string& id);

// One row per claim: claim, what the paper says, what we measured, seeds, verdict (linked to
// the claim's section). The report's summary table (claims_table.md).
std::string LedgerTable(const ClaimLedger& ledger);

// One claim's details: the paper's words (if any) and where, statement, artifacts, statistic,
// rule, uncertainty, qualifiers, what would decide it (INCONCLUSIVE deep claims), measurements.
// Headings start at `heading_level`.
std::string ClaimSection(const ClaimResult& claim, int heading_level);

// LedgerTable with one more column, "Seeds to decide" (rules.h: DecideClaim, in short), and
// every ClaimSection.
std::string LedgerMarkdown(const ClaimLedger& ledger);

// What changed from `before` to `after`: verdicts, headline numbers, added and removed claims.
// Empty when nothing did.
std::string CompareLedgers(const ClaimLedger& before, const ClaimLedger& after);

}  // namespace lambdabeta::claims

#endif  // LAMBDABETA_PAPER_CLAIMS_LEDGER_MARKDOWN_H_
