#include "proofs_check/check_record.h"

#include <cmath>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace lambdabeta::proofs_check {

SubCheck::SubCheck(std::string name, std::string statement, std::string residual_definition) {
  proto_.set_name(std::move(name));
  proto_.set_statement(std::move(statement));
  proto_.set_residual(std::move(residual_definition));
  proto_.set_passed(true);
}

void SubCheck::Add(double residual, double tolerance, absl::string_view where) {
  proto_.set_instances(proto_.instances() + 1);
  // residual / tolerance, +inf for anything not finite (0 / 0 counts as 0).
  double ratio = std::numeric_limits<double>::infinity();
  if (std::isfinite(residual) && std::isfinite(tolerance) && tolerance >= 0) {
    if (tolerance > 0) {
      ratio = residual / tolerance;
    } else if (residual <= 0) {
      ratio = 0;
    }
  }
  if (!(ratio <= 1)) proto_.set_passed(false);
  if (proto_.instances() == 1 || ratio > worst_ratio_) {
    worst_ratio_ = ratio;
    proto_.set_max_residual(residual);
    proto_.set_tolerance(tolerance);
    proto_.set_worst(std::string(where));
  }
}

void SubCheck::AddFailure(absl::string_view where, absl::string_view why) {
  proto_.set_instances(proto_.instances() + 1);
  proto_.set_passed(false);
  if (worst_ratio_ < std::numeric_limits<double>::infinity()) {
    worst_ratio_ = std::numeric_limits<double>::infinity();
    proto_.set_max_residual(std::numeric_limits<double>::infinity());
    proto_.set_worst(absl::StrCat(where, ": ", why));
  }
}

RecordBuilder::RecordBuilder(std::string claim, std::string statement) {
  record_.set_claim(std::move(claim));
  record_.set_statement(std::move(statement));
}

SubCheck& RecordBuilder::AddSubCheck(std::string name, std::string statement,
                                     std::string residual_definition) {
  return sub_checks_.emplace_back(std::move(name), std::move(statement),
                                  std::move(residual_definition));
}

void RecordBuilder::AddQualifier(std::string qualifier) {
  record_.add_qualifiers(std::move(qualifier));
}

void RecordBuilder::SetSeeds(std::string seeds) { record_.set_seeds(std::move(seeds)); }

ProofCheckRecord RecordBuilder::Build() const {
  ProofCheckRecord record = record_;
  record.set_instances(instances_);
  record.set_tolerance(1.0);
  bool passed = !sub_checks_.empty();
  double worst = 0;
  std::string summary =
      "the largest residual / tolerance over the sub-checks (each residual <= its tolerance "
      "iff this is <= 1):";
  for (const SubCheck& sub_check : sub_checks_) {
    *record.add_sub_checks() = sub_check.proto();
    passed = passed && sub_check.passed() && sub_check.evaluations() > 0;
    worst = std::max(worst, sub_check.evaluations() > 0 ? sub_check.worst_ratio()
                                                        : std::numeric_limits<double>::infinity());
    absl::StrAppend(&summary, " ", sub_check.proto().name(), " ",
                    absl::StrFormat("%.3g", sub_check.proto().max_residual()),
                    " <= ", absl::StrFormat("%.3g", sub_check.proto().tolerance()), " (",
                    sub_check.evaluations(), " evaluations", sub_check.passed() ? "" : ", FAILED",
                    ");");
  }
  record.set_max_residual(worst);
  record.set_passed(passed);
  record.set_residual(summary);
  return record;
}

}  // namespace lambdabeta::proofs_check
