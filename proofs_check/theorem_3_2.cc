// Theorem 3.2: for beta > 1 the iteration contracts B like beta^-t and converges to the trivial
// solution (0, 0, Sigma_Y, I), so I(X; V) -> 0.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "models/linear_gaussian/closed_forms.h"
#include "proofs_check/claim_support.h"
#include "proofs_check/claims.h"
#include "proofs_check/numerics.h"
#include "proofs_check/stationarity.h"

namespace lambdabeta::proofs_check {
namespace {

constexpr uint32_t kClaimId = 32;
constexpr int kMaxSteps = 800;
constexpr double kSmallestBound = 1e-30;  // stop once beta^-t C_0 is below it
constexpr int kMaxDivergentSteps = 3000;
constexpr double kVanishedNoise = 1e-12;

constexpr char kStatement[] =
    "For $\\beta > 1$ and $\\lambda = 0$, along the iteration from random states: (a) "
    "$\\lVert B^{(t)} \\rVert_2 \\le \\beta^{-t} C_0$ with "
    "$C_0 = \\lVert [\\Sigma_W^{(0)}]^{-1} B^{(0)} \\rVert_2$ for every $t \\ge 1$; (b) with "
    "$b_t = \\beta^{-t} C_0$ and $w_t = \\lambda_{\\min}(\\Sigma_W^{(t)})$: "
    "$\\lVert A^{(t)} \\rVert_2 \\le \\lVert \\Sigma_Y \\rVert b_t / w_t$, "
    "$\\lVert \\Sigma_Y - \\Sigma_Z^{(t)} \\rVert_2 \\le "
    "\\lVert \\Sigma_Y \\rVert^2 b_t^2 / w_t$, "
    "$\\lVert I - \\Sigma_W^{(t+1)} \\rVert_2 \\le "
    "\\lVert \\Sigma_Y \\rVert b_t^2 / (\\beta w_t^2)$ and "
    "$I(X;V)^{(t)} \\le m \\lVert \\Sigma_Y \\rVert b_t^2 / (2 w_t)$, so the state converges "
    "geometrically to $(0, 0, \\Sigma_Y, I)$ and $I(X; V) \\to 0$; (c) $(0, I)$ is mapped to "
    "itself, and by Eq. 11 it is the only fixed point for every $\\beta \\ne 1$ (a fixed point "
    "has $\\Sigma_W^{-1} B = \\Sigma_W^{-1} B / \\beta$); (d) for $\\beta < 1$ the iteration has "
    "no limit: $\\Sigma_W \\to 0$ at the rate $\\beta$.";

// (a) and (b): the sub-checks of the contracting trajectories (beta > 1).
struct ContractionChecks {
  SubCheck* gain_bound = nullptr;
  SubCheck* decoder_gain = nullptr;
  SubCheck* decoder_noise = nullptr;
  SubCheck* encoder_noise = nullptr;
  SubCheck* information = nullptr;
};

// What the contracting trajectories showed beyond their sub-checks, for the qualifiers.
struct ContractionSummary {
  int trajectories = 0;
  int above_at_start = 0;  // initial states with ||B^(0)||_2 > C_0
  double largest_initial_ratio = 0;
  double slowest_final = 0;  // the largest final ||B||_2
  double largest_final_information = 0;
};

// (d): what the diverging trajectories (beta < 1) showed, for the qualifiers.
struct DivergenceSummary {
  int divergent = 0;
  int slowest_collapse = 0;  // the most updates any Sigma_W took to vanish
  double objective_drop = INFINITY;
};

ContractionChecks AddContractionChecks(RecordBuilder& record) {
  const std::string accumulated =
      "2 (n+m) eps sum_{k<=t} cond(Sigma_W^(k)) (the updates' rounding, as in eq_11)";
  ContractionChecks checks;
  checks.gain_bound = &record.AddSubCheck(
      "gain_contraction", "(a) ||B^(t)||_2 <= beta^-t C_0, t >= 1",
      absl::StrCat("max(0, ||B^(t)||_2 / (beta^-t C_0) - 1); tolerance ", accumulated));
  const std::string rate_residual =
      absl::StrCat("max(0, distance - bound); tolerance bound x ", accumulated,
                   " + the absolute rounding of the distance");
  checks.decoder_gain = &record.AddSubCheck(
      "decoder_gain_rate", "(b) ||A^(t)||_2 <= ||Sigma_Y|| b_t / w_t", rate_residual);
  checks.decoder_noise = &record.AddSubCheck(
      "decoder_noise_rate", "(b) ||Sigma_Y - Sigma_Z^(t)||_2 <= ||Sigma_Y||^2 b_t^2 / w_t",
      absl::StrCat(rate_residual, " (n eps ||Sigma_Y||)"));
  checks.encoder_noise = &record.AddSubCheck(
      "encoder_noise_rate", "(b) ||I - Sigma_W^(t+1)||_2 <= ||Sigma_Y|| b_t^2 / (beta w_t^2)",
      absl::StrCat(rate_residual, " (m eps cond(Sigma_W^(t+1)))"));
  checks.information = &record.AddSubCheck(
      "information_rate", "(b) I(X;V)^(t) <= m ||Sigma_Y|| b_t^2 / (2 w_t)", rate_residual);
  return checks;
}

// (b) at step t >= 1 of a trajectory, with b_t = `bound`, w_t = `w` and `relative` the
// accumulated relative rounding.
void CheckRatesAt(const Problem& problem, const Trajectory& trajectory, int t, double beta,
                  double norm_y, double bound, double w, double relative, const std::string& where,
                  const ContractionChecks& checks, ContractionSummary& summary) {
  const int m = problem.m;
  const double a_bound = norm_y * bound / w;
  checks.decoder_gain->Add(std::max(0.0, SpectralNorm(trajectory.a(t)) - a_bound),
                           a_bound * relative, where);
  const Eigen::MatrixXd noise_change =
      linear_gaussian::ObservationCovariance(problem) - trajectory.sigma_z(t);
  const double z_bound = norm_y * norm_y * bound * bound / w;
  const double z_distance = std::max(std::abs(SpdSpectrum::Of(noise_change).max),
                                     std::abs(SpdSpectrum::Of(noise_change).min));
  checks.decoder_noise->Add(std::max(0.0, z_distance - z_bound),
                            z_bound * relative + problem.n() * kEpsilon * norm_y, where);
  const Eigen::MatrixXd encoder_change =
      Eigen::MatrixXd::Identity(m, m) - trajectory.sigma_w(t + 1);
  const SpdSpectrum change = SpdSpectrum::Of(encoder_change);
  const double w_bound = norm_y * bound * bound / (beta * w * w);
  checks.encoder_noise->Add(
      std::max(0.0, std::max(std::abs(change.max), std::abs(change.min)) - w_bound),
      w_bound * relative + m * kEpsilon * SpdSpectrum::Of(trajectory.sigma_w(t + 1)).Condition(),
      where);
  absl::StatusOr<double> mi = linear_gaussian::LatentFactorMutualInformation(
      problem, trajectory.b(t), trajectory.sigma_w(t));
  const double i_bound = 0.5 * m * norm_y * bound * bound / w;
  if (!mi.ok()) {
    checks.information->AddFailure(where, mi.status().ToString());
  } else {
    checks.information->Add(std::max(0.0, *mi - i_bound), i_bound * relative, where);
    if (t + 1 == trajectory.length()) {
      summary.largest_final_information = std::max(summary.largest_final_information, *mi);
    }
  }
}

// (a) and (b) along the trajectory from `instance` (beta > 1), until beta^-t C_0 is negligible.
void CheckContractingTrajectory(const CheckOptions& options, const Instance& instance, double beta,
                                const ContractionChecks& checks, ContractionSummary& summary) {
  const Problem& problem = instance.problem;
  const int m = problem.m;
  const double norm_y = SpdSpectrum::Of(linear_gaussian::ObservationCovariance(problem)).max;
  const Eigen::MatrixXd q0 = instance.initial.sigma_w.llt().solve(instance.initial.b);
  const double c0 = SpectralNorm(q0);
  const double initial_ratio = SpectralNorm(instance.initial.b) / c0;
  if (initial_ratio > 1) {
    ++summary.above_at_start;
    summary.largest_initial_ratio = std::max(summary.largest_initial_ratio, initial_ratio);
  }
  const int steps = std::min<int>(
      kMaxSteps, static_cast<int>(std::ceil(std::log(c0 / kSmallestBound) / std::log(beta))));
  const Trajectory trajectory =
      Trajectory::Run(options.step, problem, instance.initial, instance.weights, steps);
  if (trajectory.length() < steps) {
    checks.gain_bound->AddFailure(instance.Describe(), trajectory.stop_reason().ToString());
  }
  ++summary.trajectories;
  double accumulated_condition = SpdSpectrum::Of(trajectory.sigma_w(0)).Condition();
  for (int t = 1; t < trajectory.length(); ++t) {
    const std::string where = At(instance, t);
    const SpdSpectrum sigma_w = SpdSpectrum::Of(trajectory.sigma_w(t));
    accumulated_condition += sigma_w.Condition();
    const double relative = 2 * (problem.n() + m) * kEpsilon * accumulated_condition;
    const double bound = std::pow(beta, -t) * c0;
    checks.gain_bound->Add(std::max(0.0, SpectralNorm(trajectory.b(t)) / bound - 1), relative,
                           where);
    CheckRatesAt(problem, trajectory, t, beta, norm_y, bound, sigma_w.min, relative, where, checks,
                 summary);
  }
  summary.slowest_final =
      std::max(summary.slowest_final, SpectralNorm(trajectory.b(trajectory.length())));
}

// (c): the trivial state, for beta on both sides of 1.
void CheckTrivialStateIsFixed(const CheckOptions& options, SubCheck& trivial_fixed) {
  uint32_t trivial_index = 1000;
  for (const Size& size : SizesFor(options)) {
    for (double beta : {0.5, 1.0, 1.5, 4.0, 32.0}) {
      const Instance instance =
          MakeInstance(InstanceSeed(kClaimId, trivial_index++), size, {beta, 0});
      const Problem& problem = instance.problem;
      State trivial = instance.initial;
      trivial.b.setZero();
      trivial.sigma_w.setIdentity();
      absl::StatusOr<State> next = options.step(problem, trivial, instance.weights);
      if (!next.ok()) {
        trivial_fixed.AddFailure(instance.Describe(), next.status().ToString());
        continue;
      }
      const Eigen::MatrixXd sigma_y = linear_gaussian::ObservationCovariance(problem);
      const double residual =
          next->a.norm() + next->b.norm() + (next->sigma_z - sigma_y).norm() / sigma_y.norm() +
          (next->sigma_w - Eigen::MatrixXd::Identity(problem.m, problem.m)).norm();
      trivial_fixed.Add(residual, (problem.n() + problem.m) * kEpsilon, instance.Describe());
    }
  }
}

// (d) for one update from `state` to `next` (beta < 1): the Weyl bounds on each eigenvalue of
// Sigma_W. Returns the largest eigenvalue of the updated Sigma_W.
double CheckNoiseRate(const Problem& problem, const State& state, const State& next, double beta,
                      const std::string& where, SubCheck& noise_rate) {
  const int m = problem.m;
  // Weyl: beta Sigma_W'^-1 = Sigma_W^-1 + E with -Sigma_X^-1 <= E <= beta I, so the k-th
  // eigenvalues satisfy beta w / (1 + beta w) <= w' <= beta w / (1 - s w), s =
  // ||Sigma_X^-1||.
  const Eigen::VectorXd w =
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(state.sigma_w, Eigen::EigenvaluesOnly)
          .eigenvalues();
  const Eigen::VectorXd w_next =
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(next.sigma_w, Eigen::EigenvaluesOnly)
          .eigenvalues();
  const SpdSpectrum sigma_x =
      SpdSpectrum::Of(linear_gaussian::LatentCovariance(problem, state.b, state.sigma_w));
  const double s = 1 / sigma_x.min;
  const double tolerance =
      2 * (problem.n() + m) * kEpsilon *
      (w.maxCoeff() / w.minCoeff() + w_next.maxCoeff() / w_next.minCoeff() + sigma_x.Condition());
  double residual = 0;
  for (int k = 0; k < m; ++k) {
    const double lower = beta * w(k) / (1 + beta * w(k));
    residual = std::max(residual, 1 - w_next(k) / lower);
    if (s * w(k) < 1) {
      const double upper = beta * w(k) / (1 - s * w(k));
      residual = std::max(residual, w_next(k) / upper - 1);
    }
  }
  noise_rate.Add(std::max(0.0, residual), tolerance, where);
  return w_next.maxCoeff();
}

// (d) along the trajectory from `instance` (beta < 1) until Sigma_W vanishes, with the drop
// of L_beta on the way.
void CheckDivergentTrajectory(const CheckOptions& options, const Instance& instance, double beta,
                              SubCheck& noise_rate, SubCheck& noise_vanishes,
                              DivergenceSummary& summary) {
  const Problem& problem = instance.problem;
  State state = instance.initial;
  absl::StatusOr<linear_gaussian::ObjectiveValue> first;
  double last_objective = NAN;
  bool vanished = false;
  int slowest_collapse_here = 0;
  for (int t = 0; t < kMaxDivergentSteps && !vanished; ++t) {
    const std::string where = At(instance, t);
    absl::StatusOr<State> next = options.step(problem, state, instance.weights);
    if (!next.ok()) {
      noise_vanishes.AddFailure(where, next.status().ToString());
      break;
    }
    if (t == 0) {
      first = linear_gaussian::EvaluateObjective(
          problem, State{next->a, next->b, next->sigma_z, next->sigma_w}, instance.weights,
          DECODER_MEAN);
    }
    const double largest_next = CheckNoiseRate(problem, state, *next, beta, where, noise_rate);
    state = *std::move(next);
    if (largest_next <= kVanishedNoise) {
      vanished = true;
      slowest_collapse_here = t + 1;
      summary.slowest_collapse = std::max(summary.slowest_collapse, t + 1);
      absl::StatusOr<linear_gaussian::ObjectiveValue> last =
          linear_gaussian::EvaluateObjective(problem, state, instance.weights, DECODER_MEAN);
      if (first.ok() && last.ok()) {
        last_objective = last->total;
        summary.objective_drop = std::min(summary.objective_drop, first->total - last_objective);
      }
    }
  }
  ++summary.divergent;
  if (vanished) {
    noise_vanishes.Add(slowest_collapse_here, kMaxDivergentSteps, instance.Describe());
  } else {
    noise_vanishes.AddFailure(instance.Describe(),
                              absl::StrCat("||Sigma_W||_2 = ", SpdSpectrum::Of(state.sigma_w).max,
                                           " after ", kMaxDivergentSteps, " updates"));
  }
}

void AddQualifiers(const ContractionSummary& contraction, const DivergenceSummary& divergence,
                   RecordBuilder& record) {
  record.AddQualifier(absl::StrCat(
      "beta < 1 (outside the theorem): the iteration diverges. On ", divergence.divergent,
      " trajectories (beta in {0.3, 0.5, 0.8, 0.95}) every eigenvalue of Sigma_W shrank by "
      "the factor beta (1 + O(Sigma_W)) per update (the Weyl bounds above), Sigma_W fell below "
      "1e-12 within ",
      divergence.slowest_collapse, " updates, and L_beta fell by at least ",
      Format(divergence.objective_drop),
      " nats on the way: it is unbounded below ((1 - beta)/2 log det Sigma_W -> -infinity). "
      "The trivial state is still fixed but repels."));
  record.AddQualifier(
      "beta = 1 (outside the theorem): every encoder with Sigma_X = B Sigma_Y B^T + Sigma_W = I "
      "is a fixed point, with B != 0 and I(X; V) > 0 (lemma_3_1 checks such points and reports "
      "their information): there is no collapse.");
  record.AddQualifier(absl::StrCat(
      "The bound (a) holds for t >= 1; at t = 0 it needs ||Sigma_W^(0)||_2 <= 1 (Lemma A.1 "
      "holds from t = 1): ",
      contraction.above_at_start, " of ", contraction.trajectories,
      " initial states had ||B^(0)||_2 > C_0 (up to ", Format(contraction.largest_initial_ratio),
      " C_0). At the end of the ", contraction.trajectories,
      " trajectories (beta^-t C_0 <= 1e-30 or 800 updates) ||B||_2 <= ",
      Format(contraction.slowest_final),
      " and I(X; V) <= ", Format(contraction.largest_final_information), " nats."));
}

}  // namespace

ProofCheckRecord CheckTheorem32(const CheckOptions& options) {
  RecordBuilder record("Theorem 3.2", kStatement);
  record.SetSeeds(SeedsDescription(kClaimId));
  const ContractionChecks contraction_checks = AddContractionChecks(record);
  SubCheck& trivial_fixed = record.AddSubCheck(
      "trivial_state_is_fixed",
      "(c) the update maps (B, Sigma_W) = (0, I) to (A, B, Sigma_Z, Sigma_W) = (0, 0, Sigma_Y, "
      "I), for beta in {0.5, 1, 1.5, 4, 32}",
      "||A||_F + ||B'||_F + ||Sigma_Z - Sigma_Y||_F / ||Sigma_Y||_F + ||Sigma_W' - I||_F; "
      "tolerance (n+m) eps");
  SubCheck& noise_rate = record.AddSubCheck(
      "beta_below_one_noise_rate",
      "(d) for beta < 1, each update maps the k-th eigenvalue w of Sigma_W to w' with "
      "beta w / (1 + beta w) <= w' <= beta w / (1 - s w), s = ||Sigma_X^-1||_2 (upper bound "
      "where s w < 1): Sigma_W -> 0 at the rate beta",
      "the largest relative violation of either bound over k; tolerance 2 (n+m) eps (cond "
      "Sigma_W + cond Sigma_W' + cond Sigma_X)");
  SubCheck& noise_vanishes = record.AddSubCheck(
      "beta_below_one_noise_vanishes",
      "(d) for beta < 1, ||Sigma_W^(t)||_2 falls below 1e-12 within 3000 updates: no fixed "
      "point is approached",
      "the updates it took; tolerance 3000");

  // (a), (b): beta > 1, trajectories until beta^-t C_0 is negligible.
  uint32_t index = 0;
  ContractionSummary contraction;
  for (const Size& size : SizesFor(options)) {
    for (double beta : {1.1, 1.5, 2.0, 4.0, 32.0}) {
      const Instance instance = MakeInstance(InstanceSeed(kClaimId, index++), size, {beta, 0});
      record.CountInstance();
      CheckContractingTrajectory(options, instance, beta, contraction_checks, contraction);
    }
  }
  CheckTrivialStateIsFixed(options, trivial_fixed);  // (c)
  // (d) beta < 1: no convergence; Sigma_W -> 0 at the rate beta.
  uint32_t divergent_index = 2000;
  DivergenceSummary divergence;
  for (const Size& size : SizesFor(options)) {
    for (double beta : {0.3, 0.5, 0.8, 0.95}) {
      const Instance instance =
          MakeInstance(InstanceSeed(kClaimId, divergent_index++), size, {beta, 0});
      record.CountInstance();
      CheckDivergentTrajectory(options, instance, beta, noise_rate, noise_vanishes, divergence);
    }
  }
  AddQualifiers(contraction, divergence, record);
  return record.Build();
}

}  // namespace lambdabeta::proofs_check
