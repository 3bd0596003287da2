// The numeric checks of the paper's claims, one function per claim (see README.md for the exact
// statements, tolerances and qualifiers). Each runs on its fixed list of random instances
// (instances.h) and returns the ProofCheckRecord the report shows; it never fails as a
// function: a claim that does not hold gives passed = false.
#ifndef LAMBDABETA_PROOFS_CHECK_CLAIMS_H_
#define LAMBDABETA_PROOFS_CHECK_CLAIMS_H_

#include <string>
#include <vector>

#include "common/proto/results.pb.h"
#include "proofs_check/stationarity.h"
#include "proofs_check/steps.h"

namespace lambdabeta::proofs_check {

struct CheckOptions {
  // The update rule under test (mutation_test injects a wrong one).
  StepFunction step = SolverStep();
  // The objective's gradient by autograd; empty: the autograd sub-checks are left out.
  GradientFunction autograd;
  // Only the instances of size n <= 4 (mutation_test runs unoptimised).
  bool small_only = false;
};

// The options the records are made with: the solver's step and LibTorch autograd.
CheckOptions DefaultOptions();

ProofCheckRecord CheckLemma31(const CheckOptions& options);
ProofCheckRecord CheckLemmaA1(const CheckOptions& options);
ProofCheckRecord CheckEq11(const CheckOptions& options);
ProofCheckRecord CheckTheorem32(const CheckOptions& options);
ProofCheckRecord CheckCorollary41(const CheckOptions& options);
ProofCheckRecord CheckLemma42(const CheckOptions& options);
ProofCheckRecord CheckPhaseBoundary(const CheckOptions& options);
ProofCheckRecord CheckGaussianIdentities(const CheckOptions& options);

struct Claim {
  std::string name;  // the report's {{record NAME}}
  ProofCheckRecord (*check)(const CheckOptions&);
};
const std::vector<Claim>& Claims();

}  // namespace lambdabeta::proofs_check

#endif  // LAMBDABETA_PROOFS_CHECK_CLAIMS_H_
