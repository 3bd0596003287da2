// Eq. 11: B^(t+n) = beta^-n Sigma_W^(t+n) [Sigma_W^(t)]^-1 B^(t) along the beta-VAE iteration.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "models/linear_gaussian/closed_forms.h"
#include "proofs_check/claim_support.h"
#include "proofs_check/claims.h"
#include "proofs_check/fixed_points.h"
#include "proofs_check/numerics.h"

namespace lambdabeta::proofs_check {
namespace {

constexpr uint32_t kClaimId = 11;
constexpr int kLongestGap = 50;
constexpr int kStarts[] = {0, 5};
constexpr double kPrintedFormConditionLimit = 1e10;

// Checks Eq. 11 on the trajectory of `step` from the instance, for every start in kStarts and
// gap n = 1..50 (while the trajectory lasts).
// `printed_form`: the update inverts Sigma_Y and Sigma_Z^-1 = Sigma_Y^-1 + B^T Sigma_W^-1 B too,
// so their condition numbers enter its rounding.
struct Counts {
  int pairs = 0;
  int cut_below_one = 0;  // trajectories cut short, beta < 1
  int cut_other = 0;      // and beta >= 1 (expected: none)
};

void CheckTrajectory(const StepFunction& step, bool printed_form, const Instance& instance,
                     SubCheck& check, Counts& counts) {
  const Problem& problem = instance.problem;
  const double beta = instance.weights.beta;
  const int length = kStarts[1] + kLongestGap;
  const Trajectory trajectory =
      Trajectory::Run(step, problem, instance.initial, instance.weights, length);
  if (trajectory.length() < length) {
    if (beta >= 1) {
      check.AddFailure(instance.Describe(), trajectory.stop_reason().ToString());
      return;
    }
    ++counts.cut_below_one;  // beta < 1: Sigma_W -> 0 until a step fails
  }
  // The largest condition number among the matrices update t inverts (Sigma_W, Sigma_X; for
  // the printed form also Sigma_Y and Sigma_Z), and that of the last Sigma_W.
  const double observation = printed_form ? ObservationCondition(problem) : 0;
  std::vector<double> condition(trajectory.length() + 1);
  for (int t = 0; t <= trajectory.length(); ++t) {
    condition[t] = SpdSpectrum::Of(trajectory.sigma_w(t)).Condition();
    if (t == trajectory.length()) break;
    condition[t] =
        std::max({condition[t], observation,
                  SpdSpectrum::Of(linear_gaussian::LatentCovariance(problem, trajectory.b(t),
                                                                    trajectory.sigma_w(t)))
                      .Condition(),
                  printed_form ? SpdSpectrum::Of(trajectory.sigma_z(t)).Condition() : 0.0});
  }
  // The printed form inverts Sigma_Z, which becomes numerically singular as Sigma_W -> 0 (beta <
  // 1): its pairs are checked only while every K_k < 1e10 (at least ~6 correct digits).
  int usable = trajectory.length();
  if (printed_form) {
    for (int t = 0; t <= trajectory.length(); ++t) {
      if (!(condition[t] < kPrintedFormConditionLimit)) {
        usable = t - 1;
        ++(beta < 1 ? counts.cut_below_one : counts.cut_other);
        break;
      }
    }
  }
  for (int start : kStarts) {
    if (start > usable) continue;
    const Eigen::LLT<Eigen::MatrixXd> llt(trajectory.sigma_w(start));
    if (llt.info() != Eigen::Success) {
      check.AddFailure(At(instance, start), "Sigma_W^(t) is not positive definite");
      continue;
    }
    const Eigen::MatrixXd whitened_gain = llt.solve(trajectory.b(start));  // Sigma_W^-1 B
    double accumulated_condition = condition[start];
    for (int gap = 1; gap <= kLongestGap && start + gap <= usable; ++gap) {
      accumulated_condition += condition[start + gap];
      const double shrink = std::pow(beta, -gap);
      const Eigen::MatrixXd& sigma_w = trajectory.sigma_w(start + gap);
      const Eigen::MatrixXd predicted = shrink * (sigma_w * whitened_gain);
      const double scale = shrink * SpectralNorm(sigma_w) * whitened_gain.norm();
      const double residual =
          scale > 0 ? (trajectory.b(start + gap) - predicted).norm() / scale : 0;
      // Each update's rounding moves Sigma_W^-1 B and Sigma_W by about (n + m) eps K_k relative
      // to these norms; the errors add along the n updates.
      const double tolerance = 2 * (problem.n() + problem.m) * kEpsilon * accumulated_condition;
      check.Add(residual, tolerance, absl::StrCat(At(instance, start), " n=", gap));
      ++counts.pairs;
    }
  }
}

}  // namespace

ProofCheckRecord CheckEq11(const CheckOptions& options) {
  RecordBuilder record(
      "Eq. 11",
      "Along the $\\beta$-VAE iteration ($\\lambda = 0$), "
      "$B^{(t+n)} = \\beta^{-n} \\Sigma_W^{(t+n)} [\\Sigma_W^{(t)}]^{-1} B^{(t)}$ for "
      "$t \\in \\{0, 5\\}$ and every $n = 1, \\dots, 50$, for "
      "$\\beta \\in \\{0.5, 0.8, 1, 1.5, 4, 32\\}$, with the solver's update and with the update "
      "as printed in Lemma 3.1 (explicit $n \\times n$ inverses).");
  record.SetSeeds(SeedsDescription(kClaimId));
  const std::string residual =
      "||B^(t+n) - beta^-n Sigma_W^(t+n) [Sigma_W^(t)]^-1 B^(t)||_F / (beta^-n "
      "||Sigma_W^(t+n)||_2 ||[Sigma_W^(t)]^-1 B^(t)||_F); tolerance 2 (n+m) eps sum_{k=t}^{t+n} "
      "K_k, K_k the largest condition number among the matrices update k inverts (Sigma_W^(k), "
      "Sigma_X^(k); for the printed form also Sigma_Y and Sigma_Z^(k)): the updates' rounding, "
      "accumulated";
  SubCheck& step_check = record.AddSubCheck(
      "identity_along_update", "Eq. 11 along the iteration of the update under test", residual);
  SubCheck& literal_check = record.AddSubCheck(
      "identity_along_printed_update",
      "Eq. 11 along the iteration of Lemma 3.1 as printed (proofs_check/steps.h LiteralStep)",
      residual);
  const std::vector<double> betas = {0.5, 0.8, 1.0, 1.5, 4.0, 32.0};
  uint32_t index = 0;
  Counts counts;
  for (const Size& size : SizesFor(options)) {
    for (double beta : betas) {
      const Instance instance = MakeInstance(InstanceSeed(kClaimId, index++), size, {beta, 0});
      record.CountInstance();
      CheckTrajectory(options.step, /*printed_form=*/false, instance, step_check, counts);
      CheckTrajectory(LiteralStep, /*printed_form=*/true, instance, literal_check, counts);
    }
  }
  // For lambda > 0 the identity is not expected to hold: how far off it is.
  double largest_off = 0;
  for (const Size& size : SizesFor(options)) {
    const Instance instance = MakeInstance(InstanceSeed(kClaimId, index++), size, {4.0, 1.0});
    const Trajectory trajectory =
        Trajectory::Run(options.step, instance.problem, instance.initial, instance.weights, 10);
    const Eigen::MatrixXd whitened_gain = instance.initial.sigma_w.llt().solve(instance.initial.b);
    for (int gap = 1; gap <= trajectory.length(); ++gap) {
      const double shrink = std::pow(instance.weights.beta, -gap);
      const Eigen::MatrixXd predicted = shrink * (trajectory.sigma_w(gap) * whitened_gain);
      largest_off = std::max(
          largest_off, (trajectory.b(gap) - predicted).norm() /
                           (shrink * SpectralNorm(trajectory.sigma_w(gap)) * whitened_gain.norm()));
    }
  }
  record.AddQualifier(absl::StrCat(
      "Eq. 11 is an identity of the lambda = 0 iteration for every beta > 0 (one update gives "
      "Sigma_W'^-1 B' = Sigma_W^-1 B / beta because A^T Sigma_Z^-1 = Sigma_W^-1 B for the "
      "optimal decoder); it does not need beta > 1. For lambda > 0 it fails (the update adds "
      "2 lambda Sigma_W' A^T / beta): residual up to ",
      Format(largest_off), " on beta = 4, lambda = 1 trajectories. ", counts.pairs,
      " (t, n) pairs checked; ", counts.cut_below_one, " beta < 1 and ", counts.cut_other,
      " beta >= 1 trajectories were cut before 55 updates, when Sigma_W became numerically "
      "singular or, for the printed form, a matrix it inverts reached condition number 1e10 "
      "(their pairs up to then are checked)."));
  return record.Build();
}

}  // namespace lambdabeta::proofs_check
