#include "proofs_check/claims.h"

#include "proofs_check/torch_gradient.h"

namespace lambdabeta::proofs_check {

CheckOptions DefaultOptions() {
  CheckOptions options;
  options.autograd = AutogradGradient;
  return options;
}

const std::vector<Claim>& Claims() {
  static const std::vector<Claim> claims = {
      {"lemma_3_1", CheckLemma31},
      {"lemma_a_1", CheckLemmaA1},
      {"eq_11", CheckEq11},
      {"theorem_3_2", CheckTheorem32},
      {"corollary_4_1", CheckCorollary41},
      {"lemma_4_2", CheckLemma42},
      {"phase_boundary", CheckPhaseBoundary},
      {"gaussian_identities", CheckGaussianIdentities},
  };
  return claims;
}

}  // namespace lambdabeta::proofs_check
