// Lemma 3.1: the updates characterise the stationary points of L_beta.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "models/linear_gaussian/closed_forms.h"
#include "models/linear_gaussian/random.h"
#include "proofs_check/claim_support.h"
#include "proofs_check/claims.h"
#include "proofs_check/fixed_points.h"

namespace lambdabeta::proofs_check {
namespace {

constexpr uint32_t kClaimId = 31;
constexpr int kTrajectorySteps = 5;
constexpr int kMaxFixedPointSteps = 3000;

}  // namespace

ProofCheckRecord CheckLemma31(const CheckOptions& options) {
  RecordBuilder record(
      "Lemma 3.1",
      "For $\\mathcal{L}_\\beta$ ($\\lambda = 0$) and every $\\beta > 0$: (i) the decoder update "
      "$(A, \\Sigma_Z)$ of Lemma 3.1 zeroes $\\partial\\mathcal{L}/\\partial A$ and "
      "$\\partial\\mathcal{L}/\\partial\\Sigma_Z$ for the current encoder, and the encoder update "
      "$(B, \\Sigma_W)$ zeroes $\\partial\\mathcal{L}/\\partial B$ and "
      "$\\partial\\mathcal{L}/\\partial\\Sigma_W$ for that decoder; (ii) each update is the global "
      "minimiser of its block (no random perturbation of the block lowers $\\mathcal{L}_\\beta$); "
      "hence (iii) at a fixed point of the updates all four gradients vanish: checked at fixed "
      "points reached by iterating the updates ($\\beta > 1$) and at the exact fixed points of "
      "$\\beta = 1$ (every encoder with $\\Sigma_X = I$). Gradients by LibTorch autograd (float64) "
      "and by central finite differences of the Eigen objective, in whitened coordinates.");
  record.SetSeeds(SeedsDescription(kClaimId));
  const UpdateChecks updates = AddUpdateChecks(record, options, "L_beta");
  const FixedPointChecks fixed_point = AddFixedPointChecks(
      record, options, "L_beta",
      "the fixed points used are fixed by the update: the beta = 1 family Sigma_X = I is "
      "mapped to itself, and iterating the update from random states for beta > 1 reaches "
      "the rounding level within 3000 updates");

  const std::vector<double> betas = {0.5, 0.9, 1.0, 1.5, 4.0, 32.0};
  uint32_t index = 0;
  int beta_one_fixed_points = 0;
  double least_information = INFINITY, most_information = 0;
  double largest_trivial_b = 0;
  for (const Size& size : SizesFor(options)) {
    for (double beta : betas) {
      const Instance instance = MakeInstance(InstanceSeed(kClaimId, index++), size, {beta, 0});
      record.CountInstance();
      const Problem& problem = instance.problem;
      CheckUpdatesAlongTrajectory(options, instance, kTrajectorySteps, updates);

      // Fixed points: reached by iteration for beta > 1 (the trivial one), built for beta = 1.
      State fixed;
      std::string where = instance.Describe();
      if (beta > 1) {
        const FixedPointSearch search = IterateToFixedPoint(options.step, problem, instance.initial,
                                                            instance.weights, kMaxFixedPointSteps);
        where = absl::StrCat(where, " fixed point after ", search.steps, " updates");
        if (!search.converged) {
          fixed_point.defect->AddFailure(where, search.status.ToString());
          continue;
        }
        fixed = search.defect.with_decoder;
        largest_trivial_b = std::max(largest_trivial_b, fixed.b.norm());
      } else if (beta == 1) {
        absl::StatusOr<State> built = UnitLatentFixedPoint(problem, instance.initial.b, 0.8);
        where = absl::StrCat(where, " built fixed point Sigma_X = I");
        absl::StatusOr<FixedPointDefect> defect =
            built.ok() ? MeasureDefect(options.step, problem, *built, instance.weights)
                       : absl::StatusOr<FixedPointDefect>(built.status());
        if (!defect.ok()) {
          fixed_point.defect->AddFailure(where, defect.status().ToString());
          continue;
        }
        fixed_point.defect->Add(defect->defect, defect->rounding, where);
        fixed = defect->with_decoder;
        ++beta_one_fixed_points;
        absl::StatusOr<double> information =
            linear_gaussian::LatentFactorMutualInformation(problem, fixed.b, fixed.sigma_w);
        if (information.ok()) {
          least_information = std::min(least_information, *information);
          most_information = std::max(most_information, *information);
        }
      } else {
        continue;  // beta < 1: no fixed point (theorem_3_2 shows the divergence)
      }
      CheckStationary(problem, fixed, instance.weights, DECODER_MEAN, kAllBlocks, options.autograd,
                      linear_gaussian::MixBits(instance.seed) ^ 0xf1, where,
                      fixed_point.stationary);
    }
  }
  record.AddQualifier(absl::StrCat(
      "Stationary points exist only for $\\beta \\ge 1$: for $\\beta > 1$ the only one is the "
      "trivial $(0, 0, \\Sigma_Y, I)$ (theorem_3_2; the iterated fixed points here have "
      "$\\lVert B \\rVert_F \\le$ ",
      Format(largest_trivial_b), "), for $\\beta = 1$ every encoder with $\\Sigma_X = I$ is one (",
      beta_one_fixed_points, " built here, $B \\ne 0$, $I(X; V)$ from ", Format(least_information),
      " to ", Format(most_information),
      " nats: no collapse), for $\\beta < 1$ there is none ($\\mathcal{L}_\\beta$ is unbounded "
      "below). The block checks (i)-(ii) hold for every $\\beta > 0$, along the diverging "
      "$\\beta < 1$ trajectories too."));
  record.AddQualifier(
      "Both directions of the lemma follow: each block's stationarity equations have the "
      "update as their only solution ($\\partial\\mathcal{L}/\\partial A = \\Sigma_Z^{-1} "
      "(A \\Sigma_X - \\Sigma_Y B^\\top) = 0$ fixes $A$, then "
      "$\\partial\\mathcal{L}/\\partial\\Sigma_Z = 0$ fixes $\\Sigma_Z = C$; $\\mathcal{L}$ is "
      "strictly convex in $(B, \\Sigma_W)$), so a state is stationary iff it is a fixed point of "
      "the updates.");
  return record.Build();
}

}  // namespace lambdabeta::proofs_check
