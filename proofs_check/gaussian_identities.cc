// The Gaussian identities behind the metrics and the solver: pairwise and total mutual
// information, and the push-through / Woodbury forms of the updates.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "models/linear_gaussian/closed_forms.h"
#include "models/linear_gaussian/metrics.h"
#include "models/linear_gaussian/phase_boundary.h"
#include "proofs_check/claim_support.h"
#include "proofs_check/claims.h"
#include "proofs_check/fixed_points.h"
#include "proofs_check/numerics.h"

namespace lambdabeta::proofs_check {
namespace {

constexpr uint32_t kClaimId = 0x61;

double LogDet(const Eigen::MatrixXd& spd) {
  const Eigen::LLT<Eigen::MatrixXd> llt(spd);
  if (llt.info() != Eigen::Success) return NAN;
  return 2.0 * llt.matrixLLT().diagonal().array().log().sum();
}

double Condition(const Eigen::MatrixXd& spd) { return SpdSpectrum::Of(spd).Condition(); }

struct Checks {
  SubCheck* pairwise;
  SubCheck* joint_log_det;
  SubCheck* conditional;
  SubCheck* woodbury;
};

// The information identities at encoder (B, Sigma_W).
void CheckInformation(const Problem& problem, const State& state, const std::string& where,
                      const Checks& checks) {
  const int m = problem.m, s = problem.s();
  const Eigen::MatrixXd joint =
      linear_gaussian::JointLatentFactorCovariance(problem, state.b, state.sigma_w);
  const Eigen::MatrixXd cross = joint.topRightCorner(m, s);
  // (a) I(X_i; V_j) = -1/2 log(1 - S_ij) against the log-determinant of the 2 x 2 joint.
  const Eigen::MatrixXd squared =
      linear_gaussian::SquaredCorrelations(problem, state.b, state.sigma_w);
  const Eigen::MatrixXd pairwise = linear_gaussian::PairwiseMutualInformation(squared);
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < s; ++j) {
      Eigen::Matrix2d pair;
      pair << joint(i, i), joint(i, m + j), joint(m + j, i), joint(m + j, m + j);
      const double direct = 0.5 * (std::log(pair(0, 0)) + std::log(pair(1, 1)) - LogDet(pair));
      const double s_ij = squared(i, j);
      // det = ad (1 - S) errs relatively by about eps (1 + S) / (1 - S); the two ways compute
      // the cross term (B Gamma Sigma_V)_ij by sums in different orders, each with relative error
      // (n + s) eps kappa_ij, kappa_ij = (|B| |Gamma| Sigma_V)_ij / |(B Gamma Sigma_V)_ij|, which
      // moves I by S / (1 - S) times twice that.
      const double magnitude =
          state.b.row(i).cwiseAbs().dot(problem.gamma.col(j).cwiseAbs().transpose()) *
          problem.factor_variance(j);
      const double kappa = magnitude > 0 ? magnitude / std::abs(cross(i, j)) : 1;
      checks.pairwise->Add(std::abs(pairwise(i, j) - direct),
                           4 * kEpsilon *
                               ((1 + s_ij) / (1 - s_ij) +
                                (problem.n() + s) * kappa * s_ij / (1 - s_ij) + std::abs(direct)),
                           absl::StrCat(where, " i=", i, " j=", j));
    }
  }
  // (b) I(X; V) by canonical correlations (closed_forms) against the paper's log-det formula
  // and against the conditional covariance Sigma_X - Sigma_XV Sigma_V^-1 Sigma_VX.
  absl::StatusOr<double> information =
      linear_gaussian::LatentFactorMutualInformation(problem, state.b, state.sigma_w);
  if (!information.ok()) {
    checks.joint_log_det->AddFailure(where, information.status().ToString());
    return;
  }
  const Eigen::MatrixXd sigma_x = joint.topLeftCorner(m, m);
  const Eigen::MatrixXd sigma_v = joint.bottomRightCorner(s, s);
  const double by_joint = 0.5 * (LogDet(sigma_x) + LogDet(sigma_v) - LogDet(joint));
  const Eigen::MatrixXd conditional = sigma_x - cross * sigma_v.llt().solve(cross.transpose());
  const double by_conditional =
      0.5 * (LogDet(sigma_x) - LogDet(0.5 * (conditional + conditional.transpose())));
  // A Cholesky log-determinant of a d x d matrix errs by about d^2 eps cond (backward error
  // d eps ||A|| times tr(A^-1 .)).
  const double d = m + s;
  checks.joint_log_det->Add(
      std::abs(*information - by_joint),
      d * d * kEpsilon * (Condition(joint) + Condition(sigma_x) + Condition(sigma_v)), where);
  // Forming Sigma_X - Sigma_XV Sigma_V^-1 Sigma_VX cancels: its rounding, relative to its
  // smallest eigenvalue, is amplified by ||Sigma_X|| / lambda_min(conditional).
  const SpdSpectrum conditional_spectrum = SpdSpectrum::Of(conditional);
  checks.conditional->Add(
      std::abs(*information - by_conditional),
      d * d * kEpsilon *
          (SpdSpectrum::Of(sigma_x).max / conditional_spectrum.min + Condition(sigma_x)),
      where);
}

// (c) the solver's update against Lemma 3.1 / 4.2 as printed, at encoder (B, Sigma_W).
void CheckWoodbury(const Problem& problem, const State& state, const Weights& weights,
                   const StepFunction& step, const std::string& where, const Checks& checks) {
  absl::StatusOr<State> fast = step(problem, state, weights);
  absl::StatusOr<State> plain = LiteralStep(problem, state, weights);
  if (!fast.ok() || !plain.ok()) {
    checks.woodbury->AddFailure(
        where, absl::StrCat(fast.status().ToString(), " / ", plain.status().ToString()));
    return;
  }
  const Eigen::MatrixXd sigma_x =
      linear_gaussian::LatentCovariance(problem, state.b, state.sigma_w);
  const double condition = Condition(linear_gaussian::ObservationCovariance(problem)) +
                           Condition(plain->sigma_z) + Condition(state.sigma_w) +
                           Condition(sigma_x) + Condition(plain->sigma_w);
  const double tolerance = 2 * (problem.n() + problem.m) * kEpsilon * condition;
  auto relative = [](const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
    const double scale = std::max(x.norm(), y.norm());
    return scale > 0 ? (x - y).norm() / scale : 0.0;
  };
  const double residual =
      std::max({relative(fast->a, plain->a), relative(fast->sigma_z, plain->sigma_z),
                relative(fast->b, plain->b), relative(fast->sigma_w, plain->sigma_w)});
  checks.woodbury->Add(residual, tolerance, where);
}

}  // namespace

ProofCheckRecord CheckGaussianIdentities(const CheckOptions& options) {
  RecordBuilder record(
      "Gaussian identities (Sections 3.1, 4.1)",
      "(a) $I(X_i; V_j) = -\\tfrac12 \\log(1 - S_{ij})$ (eq. 7, Section 4.1) equals "
      "$\\tfrac12 \\log(\\Sigma_{X,ii} \\Sigma_{V,jj} / \\det \\Sigma_{(X_i, V_j)})$, with "
      "$\\Sigma_{(X_i, V_j)}$ the $2 \\times 2$ joint covariance of $(X_i, V_j)$; (b) $I(X; V)$ "
      "as computed (canonical correlations) equals "
      "$\\tfrac12 \\log(\\det \\Sigma_X \\det \\Sigma_V / \\det \\Sigma_{(X,V)})$ (eq. 4, "
      "Appendix A) and $\\tfrac12 \\log(\\det \\Sigma_X / "
      "\\det(\\Sigma_X - \\Sigma_{XV} \\Sigma_V^{-1} \\Sigma_{VX}))$; (c) the solver's update "
      "(push-through and Woodbury forms, $O(n m (m+s))$) equals Lemma 3.1 / 4.2 as printed with "
      "explicit $n \\times n$ inverses. On random encoders, encoders along $\\beta > 1$ "
      "trajectories (collapsing: tiny $S$) and $\\lambda\\beta$ fixed points (informative), for "
      "every size.");
  record.SetSeeds(SeedsDescription(kClaimId));
  Checks checks;
  checks.pairwise = &record.AddSubCheck(
      "pairwise_information",
      "-1/2 log(1 - S_ij) = 1/2 log(Sigma_X,ii Sigma_V,jj / det [[Sigma_X,ii, c], [c, "
      "Sigma_V,jj]]) for every (i, j)",
      "absolute difference in nats; tolerance 4 eps ((1 + S) / (1 - S) + (n + s) kappa S / "
      "(1 - S) + I): the 2 x 2 determinant's rounding and the cross term's (kappa = (|B| "
      "|Gamma| Sigma_V)_ij / |(B Gamma Sigma_V)_ij|, the conditioning of its sum)");
  checks.joint_log_det = &record.AddSubCheck(
      "total_information_log_det", "I(X; V) = 1/2 log(det Sigma_X det Sigma_V / det Sigma_(X,V))",
      "absolute difference in nats; tolerance (m+s)^2 eps (cond Sigma_(X,V) + cond Sigma_X + "
      "cond Sigma_V), the rounding of Cholesky log-determinants");
  checks.conditional = &record.AddSubCheck(
      "total_information_conditional",
      "I(X; V) = 1/2 log(det Sigma_X / det(Sigma_X - Sigma_XV Sigma_V^-1 Sigma_VX))",
      "absolute difference in nats; tolerance (m+s)^2 eps (||Sigma_X|| / lambda_min of the "
      "conditional covariance (its cancellation) + cond Sigma_X)");
  checks.woodbury = &record.AddSubCheck(
      "woodbury_forms",
      "the update under test equals Lemma 3.1 / 4.2 as printed: A, Sigma_Z, B', Sigma_W'",
      "largest relative Frobenius difference of the four; tolerance 2 (n+m) eps (cond Sigma_Y "
      "+ cond Sigma_Z + cond Sigma_W + cond Sigma_X + cond Sigma_W')");

  const std::vector<Weights> update_weights = {{0.5, 0}, {1, 0}, {4, 0}, {2, 1.5}, {32, 10}};
  uint32_t index = 0;
  int encoders = 0;
  for (const Size& size : SizesFor(options)) {
    for (int draw = 0; draw < 3; ++draw) {
      const Instance instance = MakeInstance(InstanceSeed(kClaimId, index++), size, {1.5, 0});
      record.CountInstance();
      const Problem& problem = instance.problem;
      std::vector<std::pair<State, std::string>> encoders_here;
      encoders_here.emplace_back(instance.initial, instance.Describe() + " random");
      State strong = instance.initial;  // a strongly coupled encoder: S near 1
      strong.b *= 30;
      encoders_here.emplace_back(strong, instance.Describe() + " random, B x 30");
      const Trajectory trajectory =
          Trajectory::Run(options.step, problem, instance.initial, instance.weights, 20);
      encoders_here.emplace_back(trajectory.AfterEncoderUpdate(trajectory.length() - 1),
                                 At(instance, trajectory.length()));
      const linear_gaussian::ObservationSpectrum spectrum =
          linear_gaussian::ComputeObservationSpectrum(problem);
      const Weights informative{4, 3 * (4 - 1) / (2 * spectrum.eigenvalues(0))};  // 3 lambda_c
      const FixedPointSearch search =
          IterateToFixedPoint(options.step, problem, instance.initial, informative, 20000);
      if (search.converged) {
        encoders_here.emplace_back(search.defect.with_decoder,
                                   instance.Describe() + " lambda-beta fixed point");
      } else {
        checks.woodbury->AddFailure(instance.Describe(), search.status.ToString());
      }
      for (const auto& [state, where] : encoders_here) {
        ++encoders;
        CheckInformation(problem, state, where, checks);
        for (const Weights& weights : update_weights) {
          CheckWoodbury(
              problem, state, weights, options.step,
              absl::StrCat(where, " update beta=", weights.beta, " lambda=", weights.lambda),
              checks);
        }
      }
    }
  }
  record.AddQualifier(
      absl::StrCat(encoders,
                   " encoders. The pairwise identity needs (X_i, V_j) jointly Gaussian, which "
                   "holds here (X = B(Gamma V + Z~) + W): S_ij is their squared correlation."));
  return record.Build();
}

}  // namespace lambdabeta::proofs_check
