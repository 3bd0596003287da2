// Builds a ProofCheckRecord from sub-checks, each a set of (residual, tolerance) evaluations.
// A sub-check passes when every residual is finite and at most its tolerance; the record passes
// when every sub-check does, and its max_residual is the largest residual / tolerance over all
// sub-checks (so its tolerance is 1).
#ifndef LAMBDABETA_PROOFS_CHECK_CHECK_RECORD_H_
#define LAMBDABETA_PROOFS_CHECK_CHECK_RECORD_H_

#include <deque>
#include <string>

#include "absl/strings/string_view.h"
#include "common/proto/results.pb.h"

namespace lambdabeta::proofs_check {

class SubCheck {
 public:
  SubCheck(std::string name, std::string statement, std::string residual_definition);

  // One evaluation. A non-finite residual or tolerance fails. `where` names the instance
  // (seed, sizes, weights, step); it is kept for the worst evaluation only.
  void Add(double residual, double tolerance, absl::string_view where);

  // An evaluation that could not be carried out (e.g. a matrix that must be positive definite
  // is not): it fails the sub-check.
  void AddFailure(absl::string_view where, absl::string_view why);

  bool passed() const { return proto_.passed(); }
  int64_t evaluations() const { return proto_.instances(); }
  // The worst residual / tolerance so far (0 before any evaluation, +inf after a failure).
  double worst_ratio() const { return worst_ratio_; }
  const ProofSubCheck& proto() const { return proto_; }

 private:
  ProofSubCheck proto_;
  double worst_ratio_ = 0;
};

class RecordBuilder {
 public:
  RecordBuilder(std::string claim, std::string statement);

  // The returned reference stays valid for the builder's lifetime.
  SubCheck& AddSubCheck(std::string name, std::string statement, std::string residual_definition);
  void AddQualifier(std::string qualifier);
  void SetSeeds(std::string seeds);
  // Counts one instance: a distinct (problem, initial state, weights) the claim was tried on.
  void CountInstance() { ++instances_; }

  ProofCheckRecord Build() const;

 private:
  ProofCheckRecord record_;
  std::deque<SubCheck> sub_checks_;
  int64_t instances_ = 0;
};

}  // namespace lambdabeta::proofs_check

#endif  // LAMBDABETA_PROOFS_CHECK_CHECK_RECORD_H_
