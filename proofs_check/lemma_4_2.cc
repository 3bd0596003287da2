// Lemma 4.2: the lambda-beta updates characterise the stationary points of L_lambda_beta (with
// the penalty on the decoder mean), and what changes when the penalty uses a decoder sample.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "models/linear_gaussian/closed_forms.h"
#include "models/linear_gaussian/phase_boundary.h"
#include "models/linear_gaussian/random.h"
#include "proofs_check/claim_support.h"
#include "proofs_check/claims.h"
#include "proofs_check/fixed_points.h"
#include "proofs_check/numerics.h"

namespace lambdabeta::proofs_check {
namespace {

using linear_gaussian::MixBits;

constexpr uint32_t kClaimId = 42;
constexpr int kTrajectorySteps = 5;
constexpr int kMaxFixedPointSteps = 20000;

// beta and lambda: lambda either absolute or a multiple of the critical (beta - 1) / (2 mu_1).
struct Setting {
  double beta;
  double lambda;
  bool times_critical;
};

// The Sigma_Z minimising L_lambda_beta over Sigma_Z when the penalty reads Y-hat = A X + Z:
// the solution of 2 lambda Sigma^2 + Sigma = C (C and Sigma commute), eigenvalue by eigenvalue
// sigma = 2 c / (1 + sqrt(1 + 8 lambda c)) (the root (sqrt(1 + 8 lambda c) - 1) / (4 lambda)
// without cancellation).
Eigen::MatrixXd SampleReadingNoise(const Eigen::MatrixXd& c, double lambda) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(c);
  const Eigen::ArrayXd values = eigen.eigenvalues().array();
  const Eigen::VectorXd sigma = 2 * values / (1 + (1 + 8 * lambda * values).sqrt());
  const Eigen::MatrixXd result =
      eigen.eigenvectors() * sigma.asDiagonal() * eigen.eigenvectors().transpose();
  return 0.5 * (result + result.transpose());
}

struct SampleChecks {
  StationarityChecks gradient_is_lambda;
  SubCheck* equation = nullptr;
  StationarityChecks shifted_noise;
  double smallest_gap = INFINITY;  // min over fixed points of ||whitened lambda I||_F / e_L
};

// The checks of the decoder-sample reading at a fixed point of the lambda-beta updates.
void CheckSampleReading(const Problem& problem, const State& fixed, const Weights& weights,
                        const GradientFunction& autograd, uint64_t seed, const std::string& where,
                        SampleChecks& checks) {
  const int n = problem.n();
  State lambda_identity{Eigen::MatrixXd::Zero(n, problem.m), Eigen::MatrixXd::Zero(problem.m, n),
                        weights.lambda * Eigen::MatrixXd::Identity(n, n),
                        Eigen::MatrixXd::Zero(problem.m, problem.m)};
  CheckStationary(problem, fixed, weights, DECODER_SAMPLE, kAllBlocks, autograd, seed, where,
                  checks.gradient_is_lambda, &lambda_identity);
  absl::StatusOr<ConditionedObjective> conditioned =
      EvaluateConditioned(problem, fixed, weights, DECODER_SAMPLE);
  if (conditioned.ok()) {
    checks.smallest_gap = std::min(checks.smallest_gap,
                                   weights.lambda * fixed.sigma_z.norm() / conditioned->rounding);
  }
  const Eigen::MatrixXd c = linear_gaussian::ResidualCovariance(problem, fixed);
  State shifted = fixed;
  shifted.sigma_z = SampleReadingNoise(c, weights.lambda);
  const Eigen::MatrixXd equation =
      2 * weights.lambda * shifted.sigma_z * shifted.sigma_z + shifted.sigma_z - c;
  // The eigen-decomposition of C, rebuilding Sigma_Z* and forming the residual each err by about
  // 2 n eps ||C|| (every term of the equation is <= C in the Loewner order).
  checks.equation->Add(equation.norm() / c.norm(), 8 * n * kEpsilon, where);
  CheckStationary(problem, shifted, weights, DECODER_SAMPLE, {Block::kSigmaZ}, autograd, seed,
                  where, checks.shifted_noise);
}

}  // namespace

ProofCheckRecord CheckLemma42(const CheckOptions& options) {
  RecordBuilder record(
      "Lemma 4.2",
      "With $M = (\\Sigma_Z^{-1} + 2 \\lambda I_n) / \\beta$ and $\\lambda > 0$, for "
      "$\\mathcal{L}_{\\lambda\\beta}$ with the penalty on the decoder mean ($\\hat{Y} = A X$): "
      "(i) the decoder update of Lemma 3.1 zeroes $\\partial\\mathcal{L}/\\partial A$ and "
      "$\\partial\\mathcal{L}/\\partial\\Sigma_Z$, and the encoder update "
      "$B = (I + A^\\top M A)^{-1} A^\\top M$, $\\Sigma_W = (I + A^\\top M A)^{-1}$ zeroes "
      "$\\partial\\mathcal{L}/\\partial B$ and $\\partial\\mathcal{L}/\\partial\\Sigma_W$, at "
      "every step of trajectories for $\\beta$ on both sides of 1; (ii) each update is the "
      "global minimiser of its block; (iii) at fixed points of the updates all four gradients "
      "vanish: fixed points reached by iteration ($\\beta > 1$, informative and collapsed) and "
      "the exact ones built from $\\Sigma_Y$'s spectrum (stable and unstable, randomly "
      "rotated). (iv) With $\\hat{Y} = A X + Z$ instead, the gradient at those fixed points is "
      "$(0, 0, \\lambda I, 0)$, and the $\\Sigma_Z$ solving "
      "$2 \\lambda \\Sigma_Z^2 + \\Sigma_Z = C$ ($C = \\mathbb{E}[(Y - AX)(Y - AX)^\\top]$) "
      "zeroes $\\partial\\mathcal{L}/\\partial\\Sigma_Z$.");
  record.SetSeeds(SeedsDescription(kClaimId));
  const UpdateChecks updates = AddUpdateChecks(record, options, "L_lambda_beta (Y-hat = A X)");
  const FixedPointChecks fixed_point = AddFixedPointChecks(
      record, options, "L_lambda_beta (Y-hat = A X)",
      "the built fixed points are mapped to themselves by the update; iteration from random "
      "states reaches the rounding level within 20000 updates");
  SampleChecks sample;
  sample.gradient_is_lambda = AddStationarityChecks(
      record, options, "sample_reading_gradient_is_lambda_identity",
      "with Y-hat = A X + Z, at the same fixed points: (dL/dA, dL/dB, dL/dSigma_Z, "
      "dL/dSigma_W) = (0, 0, lambda I, 0)");
  sample.equation = &record.AddSubCheck(
      "sample_reading_noise_equation", "Sigma_Z* solves 2 lambda Sigma_Z*^2 + Sigma_Z* = C",
      "||2 lambda Sigma_Z*^2 + Sigma_Z* - C||_F / ||C||_F; tolerance 8 n eps (eigen-"
      "decomposition, rebuilding and forming the residual, each about 2 n eps)");
  sample.shifted_noise =
      AddStationarityChecks(record, options, "sample_reading_stationary_noise",
                            "with Y-hat = A X + Z, at (A, B, Sigma_Z*, Sigma_W): dL/dSigma_Z = 0");

  const std::vector<Setting> settings = {{0.5, 0.5, false}, {1.0, 0.5, false}, {1.5, 3.0, true},
                                         {4.0, 3.0, true},  {32.0, 3.0, true}, {4.0, 0.5, true}};
  uint32_t index = 0;
  int iterated = 0, built_stable = 0, built_unstable = 0, informative = 0;
  for (const Size& size : SizesFor(options)) {
    for (const Setting& setting : settings) {
      Instance instance = MakeInstance(InstanceSeed(kClaimId, index++), size, {setting.beta, 0});
      const Problem& problem = instance.problem;
      const linear_gaussian::ObservationSpectrum spectrum =
          linear_gaussian::ComputeObservationSpectrum(problem);
      instance.weights.lambda = setting.times_critical ? setting.lambda * (setting.beta - 1) /
                                                             (2 * spectrum.eigenvalues(0))
                                                       : setting.lambda;
      record.CountInstance();
      const Weights& weights = instance.weights;
      const uint64_t seed = MixBits(instance.seed);

      CheckUpdatesAlongTrajectory(options, instance, kTrajectorySteps, updates);
      if (!(setting.beta > 1)) continue;  // fixed points exist for beta > 1 (phase_boundary.h)

      // The fixed points: iterated, then built (stable: the top k directions; unstable: a
      // single direction other than the top one).
      std::vector<std::pair<State, std::string>> fixed_points;
      const FixedPointSearch search = IterateToFixedPoint(options.step, problem, instance.initial,
                                                          weights, kMaxFixedPointSteps);
      const std::string iterated_where =
          absl::StrCat(instance.Describe(), " iterated ", search.steps, " updates");
      if (!search.converged) {
        fixed_point.defect->AddFailure(iterated_where, search.status.ToString());
      } else {
        fixed_points.emplace_back(search.defect.with_decoder, iterated_where);
        ++iterated;
      }
      const linear_gaussian::PhasePrediction prediction =
          linear_gaussian::PredictPhase(problem, spectrum, weights);
      const int k = prediction.informative_directions;
      informative += k > 0;
      linear_gaussian::RandomStream stream(seed ^ 0x726f746174696f6eULL);
      const Eigen::MatrixXd rotation = RandomOrthogonal(problem.m, stream);
      std::vector<std::vector<int>> subsets;
      if (k > 0) {
        std::vector<int> top(k);
        for (int i = 0; i < k; ++i) top[i] = i;
        subsets.push_back(top);
      }
      const bool second_kept =
          spectrum.eigenvalues.size() > 1 && spectrum.eigenvalues(1) > prediction.threshold;
      if (second_kept) subsets.push_back({1});
      for (const std::vector<int>& kept : subsets) {
        const bool stable = kept.size() == static_cast<size_t>(k) && kept[0] == 0;
        const std::string where = absl::StrCat(instance.Describe(), " built ",
                                               stable ? "stable" : "unstable", " fixed point");
        absl::StatusOr<State> built =
            SpectralFixedPoint(problem, spectrum, weights, kept, rotation);
        absl::StatusOr<FixedPointDefect> defect =
            built.ok() ? MeasureDefect(options.step, problem, *built, weights)
                       : absl::StatusOr<FixedPointDefect>(built.status());
        if (!defect.ok()) {
          fixed_point.defect->AddFailure(where, defect.status().ToString());
          continue;
        }
        fixed_point.defect->Add(defect->defect, defect->rounding, where);
        fixed_points.emplace_back(defect->with_decoder, where);
        (stable ? built_stable : built_unstable)++;
      }
      for (size_t f = 0; f < fixed_points.size(); ++f) {
        const auto& [fixed, where] = fixed_points[f];
        CheckStationary(problem, fixed, weights, DECODER_MEAN, kAllBlocks, options.autograd,
                        seed ^ (0xf1 + f), where, fixed_point.stationary);
        CheckSampleReading(problem, fixed, weights, options.autograd, seed ^ (0x5a + f), where,
                           sample);
      }
    }
  }
  record.AddQualifier(absl::StrCat(
      "Lemma 4.2 holds as stated when the penalty E||Y - Y-hat||^2 reads Y-hat = A X (the "
      "decoder mean). With Y-hat = A X + Z (Z ~ N(0, Sigma_Z) independent, eq. 3 taken "
      "literally) the penalty gains lambda tr Sigma_Z: at the lemma's fixed points dL/dSigma_Z "
      "= lambda I (whitened size lambda ||Sigma_Z||_F, at least ",
      Format(sample.smallest_gap),
      " times the rounding scale e_L here), so they are not stationary; the stationary Sigma_Z "
      "for given (A, B, Sigma_W) solves 2 lambda Sigma_Z^2 + Sigma_Z = C instead of Sigma_Z = "
      "C, and the decoder condition of Lemma 3.1 no longer holds."));
  record.AddQualifier(absl::StrCat(
      "Fixed points exist for beta > 1 only (beta < 1: unbounded below; beta = 1, lambda > 0: "
      "the infimum is approached as Sigma_W -> 0); the block checks (i)-(ii) hold for every "
      "beta > 0. Fixed points checked: ",
      iterated, " reached by iteration (", informative, " instances informative), ", built_stable,
      " built stable, ", built_unstable,
      " built unstable (a single direction other than the top one)."));
  return record.Build();
}

}  // namespace lambdabeta::proofs_check
