#include "paper/claims/ledger_markdown.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "paper/claims/rules.h"

namespace lambdabeta::claims {
namespace {

// Text inside a Markdown table cell: no pipes, no line breaks.
std::string Cell(const std::string& text) {
  return absl::StrReplaceAll(text, {{"|", "\\|"}, {"\n", " "}});
}

std::string Measured(const ClaimResult& claim) {
  if (claim.verdict() == NOT_RUN) return claim.reason();
  return claim.summary();
}

// What would decide an INCONCLUSIVE deep claim, in a few words (the note says it in full).
std::string ToDecide(const ClaimResult& claim) {
  if (claim.verdict() != INCONCLUSIVE || !claim.has_decision()) return "";
  const Decision& d = claim.decision();
  switch (d.outlook()) {
    case Decision::DECIDED_AT:
      return absl::StrCat(
          "~", d.n(), " ", d.unit(), d.against() ? " (NOT REPRODUCED)" : "",
          d.unit() == "seeds" ? absl::StrFormat(", %.2g core-h", d.core_hours()) : ", no training",
          " (rough)");
    case Decision::BEYOND_LIMIT:
      return absl::StrCat("> ", kMaxSeedsToDecide, " ", d.unit());
    case Decision::UNKNOWN_SPREAD:
      return "unknown (one seed)";
    case Decision::EFFECT_BELOW_MARGIN:
      return "not by seeds: gain below the margin";
    case Decision::NOISE_FLOOR:
      return "not by seeds: noise floor (collapsed)";
    case Decision::NOT_ESTIMATED:
      return "not estimated (bootstrap)";
    default:
      return "";
  }
}

// A budget-bound verdict (fig2_collapse), in a few words: what the longer budget gives.
std::string BudgetBound(const ClaimResult& claim) {
  if (!claim.has_budget_check() || !claim.budget_check().budget_bound()) return "";
  const BudgetCheck& b = claim.budget_check();
  if (b.longer_steps() == 0) return absl::StrCat("budget-bound at ", b.steps(), " steps");
  return absl::StrCat("budget-bound: AdamW at ", b.longer_steps(), " steps ",
                      VerdictName(b.longer_verdict()));
}

// The verdict cell: the verdict; under an INCONCLUSIVE deep claim what would decide it, and
// under a budget-bound one what a longer budget gives.
std::string VerdictCell(const ClaimResult& claim) {
  const std::string to_decide = ToDecide(claim);
  const std::string budget = BudgetBound(claim);
  return absl::StrCat("**", VerdictName(claim.verdict()), "**",
                      to_decide.empty() ? "" : absl::StrCat("<br>to decide: ", Cell(to_decide)),
                      budget.empty() ? "" : absl::StrCat("<br>", Cell(budget)));
}

}  // namespace

std::string ClaimAnchor(const std::string& id) { return absl::StrCat("claim-", id); }

std::string LedgerTable(const ClaimLedger& ledger) {
  std::string md =
      "| Claim | What the paper says | What we measured | Seeds | Verdict |\n"
      "|---|---|---|--:|---|\n";
  for (const ClaimResult& claim : ledger.claims()) {
    absl::StrAppend(&md, "| [", claim.id(), "](#", ClaimAnchor(claim.id()), ")<br>",
                    Cell(claim.source()), " | ", Cell(claim.paper_quote()), " | ",
                    Cell(Measured(claim)), " | ", claim.seeds(), " | ", VerdictCell(claim), " |\n");
  }
  return md;
}

std::string ClaimSection(const ClaimResult& claim, int heading_level,
                         const std::string& same_rule_as) {
  const std::string hashes(heading_level, '#');
  std::string md = absl::StrCat(hashes, " <a id=\"", ClaimAnchor(claim.id()), "\"></a>", claim.id(),
                                ": ", VerdictName(claim.verdict()), "\n\n");
  if (!claim.paper_quote().empty()) {
    absl::StrAppend(&md, "*", claim.source(), "*: \"", claim.paper_quote(), "\"\n\n");
  }
  if (!claim.statement().empty()) absl::StrAppend(&md, "**Claim.** ", claim.statement(), "\n\n");
  absl::StrAppend(&md, "- **Reads:** ");
  for (int i = 0; i < claim.artifacts_size(); ++i) {
    absl::StrAppend(&md, i ? ", " : "", "`", claim.artifacts(i), "`");
  }
  if (same_rule_as.empty()) {
    absl::StrAppend(&md, "\n- **Statistic:** ", claim.statistic(), "\n- **Rule (declared):** ",
                    claim.rule(), "\n- **Uncertainty:** ", claim.uncertainty(), "\n");
  } else {
    absl::StrAppend(&md, "\n- **Statistic, rule, uncertainty:** as for [", same_rule_as, "](#",
                    ClaimAnchor(same_rule_as), ")\n");
  }
  if (claim.seeds() > 0) absl::StrAppend(&md, "- **n:** ", claim.seeds(), "\n");
  for (const std::string& q : claim.qualifiers())
    absl::StrAppend(&md, "- **Qualifier:** ", q, "\n");
  if (!claim.reason().empty()) absl::StrAppend(&md, "- **Note:** ", claim.reason(), "\n");
  if (claim.verdict() == INCONCLUSIVE && claim.has_decision()) {
    absl::StrAppend(&md, "- **To decide:** ", claim.decision().note(), "\n");
  }
  if (claim.has_budget_check()) {
    absl::StrAppend(&md, "- **AdamW's budget** (decides nothing): ", claim.budget_check().note(),
                    "\n");
  }
  for (const CollapseCount& c : claim.collapse_counts()) {
    absl::StrAppend(
        &md,
        absl::StrFormat("- **Collapse count** (supplementary, decides nothing): %s: %d of %d at "
                        "lambda = 0, %d of %d at lambda > 0 (KL below %g nats); Fisher's exact "
                        "one-sided p = %.3g\n",
                        c.label(), c.collapsed_baseline(), c.n(), c.collapsed_treated(), c.n(),
                        kCollapsedKlNats, c.p_value()));
  }
  absl::StrAppend(&md, "\n");
  if (!claim.measurements().empty()) {
    absl::StrAppend(&md, "| Measurement | Value [95 % interval] | n | Verdict |\n",
                    "|---|---|--:|---|\n");
    for (const Measurement& m : claim.measurements()) {
      absl::StrAppend(&md, "| ", Cell(m.label()), " | ",
                      FormatInterval(m.value(), m.low(), m.high()), " | ", m.n(), " | ",
                      VerdictName(m.verdict()), " |\n");
    }
    absl::StrAppend(&md, "\n");
  }
  return md;
}

std::string LedgerMarkdown(const ClaimLedger& ledger) {
  std::string md =
      absl::StrCat("# Claim ledger", ledger.tier().empty() ? "" : " (tier ", ledger.tier(),
                   ledger.tier().empty() ? "" : ")", "\n\n", LedgerTable(ledger), "\n");
  for (const ClaimResult& claim : ledger.claims()) absl::StrAppend(&md, ClaimSection(claim, 2));
  return md;
}

std::string CompareLedgers(const ClaimLedger& before, const ClaimLedger& after) {
  std::map<std::string, const ClaimResult*> old_claims;
  for (const ClaimResult& c : before.claims()) old_claims[c.id()] = &c;
  std::string out;
  for (const ClaimResult& c : after.claims()) {
    auto it = old_claims.find(c.id());
    if (it == old_claims.end()) {
      absl::StrAppend(&out, "added ", c.id(), ": ", VerdictName(c.verdict()), "\n");
      continue;
    }
    const ClaimResult& o = *it->second;
    if (o.verdict() != c.verdict()) {
      absl::StrAppend(&out, "verdict ", c.id(), ": ", VerdictName(o.verdict()), " -> ",
                      VerdictName(c.verdict()), "\n");
    }
    if (o.summary() != c.summary()) {
      absl::StrAppend(&out, "number  ", c.id(), ": ", o.summary(), " -> ", c.summary(), "\n");
    }
    old_claims.erase(it);
  }
  for (const auto& [id, c] : old_claims) {
    absl::StrAppend(&out, "removed ", id, ": ", VerdictName(c->verdict()), "\n");
  }
  return out;
}

}  // namespace lambdabeta::claims
