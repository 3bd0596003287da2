// The registry's proof checks: each claim judged by its check's record (proofs_check/).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "paper/claims/registry_families.h"
#include "paper/claims/rules.h"

namespace lambdabeta::claims {
namespace {

void JudgeProof(const ClaimSpec& spec, const Evidence& evidence, ClaimResult* result) {
  auto it = evidence.proofs.find(spec.id);
  if (it == evidence.proofs.end()) return SetNotRun(result, "its proof-check record was not given");
  const ProofCheckRecord& record = it->second;
  result->set_statement(record.statement());
  for (const std::string& q : record.qualifiers()) result->add_qualifiers(q);
  result->set_seeds(static_cast<int>(record.instances()));
  const double ratio = record.max_residual() / record.tolerance();
  const Verdict v = record.passed() ? REPRODUCED : NOT_REPRODUCED;
  *result->add_measurements() =
      MakeMeasurement("max residual / tolerance", {ratio, ratio, ratio, result->seeds()}, v);
  result->set_verdict(v);
  result->set_summary(absl::StrFormat("max residual / tolerance %.3g over %d instances", ratio,
                                      record.instances()));
}

ClaimSpec Proof(const std::string& id, const std::string& source, const std::string& quote) {
  return {id,
          source,
          quote,
          "",
          {absl::StrCat("//proofs_check:", id, "_record")},
          "the largest residual / tolerance over the check's random instances",
          "REPRODUCED iff every residual is within its tolerance (the record's PASS)",
          "none: a deterministic check on a fixed list of instances",
          {},
          JudgeProof};
}

}  // namespace

std::vector<ClaimSpec> ProofClaims() {
  return {
      Proof("lemma_3_1", "Lemma 3.1, Section 3.3",
            "At any stationary point of the β-VAE objective, the model parameters "
            "$(A, B, \\Sigma_Z, \\Sigma_W)$ must satisfy the following system of conditions"),
      Proof("lemma_a_1", "Lemma A.1, Appendix A.1",
            "For all iterations $t \\ge 0$, the encoder noise covariance $\\Sigma_W^{(t)}$ "
            "satisfies $\\lVert \\Sigma_W^{(t)} \\rVert_2 \\le 1$."),
      Proof("eq_11", "Eq. 11, Appendix A.2",
            "$B^{(t+n)} = \\beta^{-n} \\Sigma_W^{(t+n)} [\\Sigma_W^{(t)}]^{-1} B^{(t)}$"),
      Proof("theorem_3_2", "Theorem 3.2, Section 3.3",
            "For any $\\beta > 1$, the stationarity-induced dynamics characterized by Lemma 3.1 "
            "converge to the trivial solution "
            "$(A, B, \\Sigma_Z, \\Sigma_W) = (0, 0, \\Sigma_Y, I_m)$."),
      Proof("gaussian_identities", "Section 4.1, Eq. 7-9",
            "In our Gaussian setting, $I(X_i; V_j)$ is a monotonic function of $S_{i,j}$, "
            "specifically $I(X_i; V_j) = -\\frac{1}{2} \\log(1 - S_{i,j})$."),
      Proof("corollary_4_1", "Corollary 4.1, Section 4.2",
            "$\\{\\mathrm{SAP}, \\mathrm{MIG}, I_m\\} \\to 0$ for $\\beta > 1$."),
      Proof("lemma_4_2", "Lemma 4.2, Section 4.2",
            "Let $M := (\\Sigma_Z^{-1} + 2\\lambda I_n)/\\beta$. At any stationary point of the "
            "λβ-VAE objective, the decoder parameters satisfy the conditions established in "
            "Lemma 3.1, while the encoder parameters satisfy "
            "$B = (I_m + A^\\top M A)^{-1} A^\\top M$, $\\Sigma_W = (I_m + A^\\top M A)^{-1}$."),
      Proof("phase_boundary", "Section 4.2 (beyond the paper: the exact boundary)",
            "$\\lambda$ shifts the informational phase transition, effectively widening the stable "
            "regime where information about generative factors remains measurable."),
  };
}

}  // namespace lambdabeta::claims
