#include "models/linear_gaussian/fixed_point.h"

#include <cmath>
#include <functional>
#include <limits>

#include "gtest/gtest.h"
#include "models/linear_gaussian/closed_forms.h"
#include "models/linear_gaussian/fixed_point_map.h"
#include "models/linear_gaussian/test_problems.h"

namespace lambdabeta::linear_gaussian {
namespace {

using testing::RandomProblem;
using testing::RandomState;

FixedPointSettings Settings(int max_iterations = 20000) {
  FixedPointSettings settings;
  settings.set_max_iterations(max_iterations);
  settings.set_relative_tolerance(1e-12);
  settings.set_max_condition_number(1e12);
  settings.set_min_noise_eigenvalue(1e-10);
  return settings;
}

// Lemma 3.1 and Lemma 4.2 exactly as printed, with explicit n x n inverses.
State PlainStep(const Problem& problem, const State& state, const Weights& weights) {
  const int n = problem.n(), m = problem.m;
  const Eigen::MatrixXd sigma_y_inv = ObservationCovariance(problem).inverse();
  const Eigen::MatrixXd sigma_w_inv = state.sigma_w.inverse();
  const Eigen::MatrixXd precision = sigma_y_inv + state.b.transpose() * sigma_w_inv * state.b;
  State next;
  next.sigma_z = precision.inverse();
  next.a = next.sigma_z * state.b.transpose() * sigma_w_inv;
  const Eigen::MatrixXd mm =
      (next.sigma_z.inverse() + 2 * weights.lambda * Eigen::MatrixXd::Identity(n, n)) /
      weights.beta;
  const Eigen::MatrixXd h_inv =
      (Eigen::MatrixXd::Identity(m, m) + next.a.transpose() * mm * next.a).inverse();
  next.b = h_inv * next.a.transpose() * mm;
  next.sigma_w = h_inv;
  return next;
}

double Objective(const Problem& problem, const State& state, const Weights& weights) {
  absl::StatusOr<ObjectiveValue> value = EvaluateObjective(problem, state, weights, DECODER_MEAN);
  EXPECT_TRUE(value.ok()) << value.status();
  return value.ok() ? value->total : NAN;
}

TEST(FixedPointStepTest, WoodburyFormsMatchThePlainFormulas) {
  for (const Weights weights : {Weights{0.5, 0}, Weights{1, 0}, Weights{4, 0}, Weights{2, 1.5}}) {
    const Problem problem = RandomProblem(12, 4, 3, 1);
    const State state = RandomState(problem, 2);
    absl::StatusOr<State> fast = FixedPointStep(problem, state, weights);
    ASSERT_TRUE(fast.ok()) << fast.status();
    const State plain = PlainStep(problem, state, weights);
    EXPECT_TRUE(fast->a.isApprox(plain.a, 1e-10)) << "beta " << weights.beta;
    EXPECT_TRUE(fast->sigma_z.isApprox(plain.sigma_z, 1e-10));
    EXPECT_TRUE(fast->b.isApprox(plain.b, 1e-10));
    EXPECT_TRUE(fast->sigma_w.isApprox(plain.sigma_w, 1e-10));
    // And the decoder is the one OptimalDecoder gives for the input encoder.
    absl::StatusOr<Decoder> decoder = OptimalDecoder(problem, state.b, state.sigma_w);
    ASSERT_TRUE(decoder.ok());
    EXPECT_TRUE(decoder->a.isApprox(plain.a, 1e-10));
    EXPECT_TRUE(decoder->sigma_z.isApprox(plain.sigma_z, 1e-10));
  }
}

// Each half-step minimises the objective over its block, so the objective never rises.
TEST(FixedPointStepTest, ObjectiveNeverIncreases) {
  for (const Weights weights : {Weights{0.5, 0}, Weights{1, 0}, Weights{3, 0}, Weights{2, 2}}) {
    const Problem problem = RandomProblem(10, 3, 2, 3);
    State state = RandomState(problem, 4);
    double previous = Objective(problem, state, weights);
    for (int t = 0; t < 30; ++t) {
      absl::StatusOr<State> next = FixedPointStep(problem, state, weights);
      ASSERT_TRUE(next.ok()) << next.status();
      // (A^t, Sigma_Z^t) optimal for (B^t, Sigma_W^t), then the new encoder for that decoder.
      const State decoder_updated{next->a, state.b, next->sigma_z, state.sigma_w};
      const State encoder_updated{next->a, next->b, next->sigma_z, next->sigma_w};
      const double after_decoder = Objective(problem, decoder_updated, weights);
      const double after_encoder = Objective(problem, encoder_updated, weights);
      EXPECT_LE(after_decoder, previous + 1e-9 * std::abs(previous)) << "t = " << t;
      EXPECT_LE(after_encoder, after_decoder + 1e-9 * std::abs(after_decoder)) << "t = " << t;
      previous = after_encoder;
      state = *next;
    }
  }
}

// Eq. 11 (lambda = 0): B^(t+k) = beta^-k Sigma_W^(t+k) [Sigma_W^(t)]^-1 B^(t).
TEST(FixedPointStepTest, SatisfiesTheRecursiveIdentityOfEq11) {
  const Problem problem = RandomProblem(10, 3, 2, 5);
  const Weights weights{1.7, 0};
  const State start = RandomState(problem, 6);
  State state = start;
  for (int k = 1; k <= 6; ++k) {
    absl::StatusOr<State> next = FixedPointStep(problem, state, weights);
    ASSERT_TRUE(next.ok());
    state = *next;
    const Eigen::MatrixXd predicted =
        std::pow(weights.beta, -k) * state.sigma_w * start.sigma_w.inverse() * start.b;
    EXPECT_TRUE(state.b.isApprox(predicted, 1e-10)) << "k = " << k;
  }
}

// Fourth-order central differences (error O(h^4)) of the objective along every coordinate of
// (A, B, Sigma_Z, Sigma_W), the covariances perturbed symmetrically.
double GradientNorm(const Problem& problem, const State& state, const Weights& weights) {
  const double h = 1e-4;
  double squared = 0;
  auto probe = [&](const std::function<void(State&, double)>& perturb) {
    auto at = [&](double step) {
      State moved = state;
      perturb(moved, step);
      return Objective(problem, moved, weights);
    };
    const double derivative = (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
    squared += derivative * derivative;
  };
  for (int i = 0; i < state.a.size(); ++i) probe([i](State& s, double d) { s.a.data()[i] += d; });
  for (int i = 0; i < state.b.size(); ++i) probe([i](State& s, double d) { s.b.data()[i] += d; });
  for (int i = 0; i < state.sigma_z.rows(); ++i) {
    for (int j = 0; j <= i; ++j) {
      probe([i, j](State& s, double d) {
        s.sigma_z(i, j) += d;
        if (i != j) s.sigma_z(j, i) += d;
      });
    }
  }
  for (int i = 0; i < state.sigma_w.rows(); ++i) {
    for (int j = 0; j <= i; ++j) {
      probe([i, j](State& s, double d) {
        s.sigma_w(i, j) += d;
        if (i != j) s.sigma_w(j, i) += d;
      });
    }
  }
  return std::sqrt(squared);
}

TEST(RunFixedPointTest, ConvergesToAStationaryPointOfTheObjective) {
  const Problem problem = RandomProblem(8, 3, 2, 7);
  const State start = RandomState(problem, 8);
  for (const Weights weights : {Weights{2, 1}, Weights{1.5, 0}, Weights{3, 4}}) {
    absl::StatusOr<SolverResult> result = RunFixedPoint(problem, start, weights, Settings());
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->status, CONVERGED) << "beta " << weights.beta;
    EXPECT_LT(GradientNorm(problem, result->state, weights), 1e-7) << "beta " << weights.beta;
    // The test has teeth: the starting point is far from stationary.
    EXPECT_GT(GradientNorm(problem, start, weights), 1e-1);
    // And the final state is a fixed point of the plain formulas.
    const State again = PlainStep(problem, result->state, weights);
    EXPECT_TRUE(again.b.isApprox(result->state.b, 1e-8) || result->state.b.norm() < 1e-9);
    EXPECT_TRUE(again.sigma_w.isApprox(result->state.sigma_w, 1e-8));
  }
}

TEST(RunFixedPointTest, BetaAboveOneWithoutLambdaReachesTheTrivialSolution) {
  const Problem problem = RandomProblem(20, 4, 3, 9);
  const State start = RandomState(problem, 10);
  absl::StatusOr<SolverResult> result = RunFixedPoint(problem, start, Weights{1.5, 0}, Settings());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, CONVERGED);
  EXPECT_LT(result->state.b.norm(), 1e-9);
  EXPECT_LT(result->state.a.norm(), 1e-9);
  EXPECT_TRUE(result->state.sigma_w.isApprox(Eigen::MatrixXd::Identity(4, 4), 1e-9));
  EXPECT_TRUE(result->state.sigma_z.isApprox(ObservationCovariance(problem), 1e-9));
}

TEST(RunFixedPointTest, BetaBelowOneDivergesAndKeepsTheLastGoodState) {
  const Problem problem = RandomProblem(20, 4, 3, 11);
  const State start = RandomState(problem, 12);
  for (double beta : {0.25, 0.75}) {
    absl::StatusOr<SolverResult> result =
        RunFixedPoint(problem, start, Weights{beta, 0}, Settings());
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->status, DIVERGED) << "beta " << beta;
    EXPECT_LT(result->iterations, 1000);
    EXPECT_TRUE(result->state.a.allFinite() && result->state.b.allFinite() &&
                result->state.sigma_z.allFinite() && result->state.sigma_w.allFinite());
    const Eigen::VectorXd eigenvalues =
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(result->state.sigma_w).eigenvalues();
    EXPECT_GE(eigenvalues.minCoeff(), 1e-10);
    EXPECT_LT(eigenvalues.minCoeff(), 1e-10 / beta / beta);  // it stopped at the threshold
    EXPECT_TRUE(EvaluateObjective(problem, result->state, Weights{beta, 0}, DECODER_MEAN).ok());
  }
}

TEST(RunFixedPointTest, ConditionNumberThresholdAlsoStopsTheRun) {
  // Every first step from this start has cond(Sigma_W') > 1.01: the run stops at once, keeping
  // the initial state.
  const Problem problem = RandomProblem(20, 4, 3, 13);
  const State start = RandomState(problem, 14);
  FixedPointSettings settings = Settings();
  settings.set_min_noise_eigenvalue(0);  // only the condition number
  settings.set_max_condition_number(1.01);
  absl::StatusOr<SolverResult> result = RunFixedPoint(problem, start, Weights{2, 1}, settings);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, DIVERGED);
  EXPECT_EQ(result->iterations, 0);
  EXPECT_EQ(result->state.b, start.b);
  EXPECT_EQ(result->state.sigma_w, start.sigma_w);
}

// For beta < 1 the whole state's relative change falls (B settles while Sigma_W -> 0); the
// run must still not count as converged.
TEST(RunFixedPointTest, ShrinkingNoiseIsNeverConvergence) {
  const Problem problem = RandomProblem(20, 4, 3, 15);
  FixedPointSettings settings = Settings();
  settings.set_relative_tolerance(1e-6);
  settings.set_min_noise_eigenvalue(1e-12);
  absl::StatusOr<SolverResult> result =
      RunFixedPoint(problem, RandomState(problem, 16), Weights{0.5, 0}, settings);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, DIVERGED);
}

TEST(RunFixedPointTest, StopsAtTheIterationCap) {
  const Problem problem = RandomProblem(10, 3, 2, 15);
  absl::StatusOr<SolverResult> result =
      RunFixedPoint(problem, RandomState(problem, 17), Weights{2, 1}, Settings(3));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, MAX_ITERATIONS);
  EXPECT_EQ(result->iterations, 3);
}

// For a linear contraction x -> rho x + c (fixed point c / (1 - rho)) the a-posteriori bound
// is exact once the rate is measured: it equals the plain step's true relative distance.
TEST(ContractionCertificateTest, BoundIsTheDistanceForALinearContraction) {
  for (const double rho : {0.3, 0.9, 0.999}) {
    const double c = 1, fixed = c / (1 - rho);
    double x = 5;
    ContractionCertificate certificate;
    for (int t = 0; t < 12; ++t) {
      const double g = rho * x + c;
      const double relative = std::abs(g - x) / std::abs(g);
      certificate.AddStep(std::abs(g - x), t > 0);
      if (t < ContractionCertificate::kRatios) {
        EXPECT_TRUE(std::isinf(certificate.Bound(relative))) << rho << " " << t;
      } else {
        const double distance = std::abs(g - fixed) / std::abs(g);
        EXPECT_NEAR(certificate.Rate(), rho, 1e-12 / (1 - rho)) << t;
        EXPECT_NEAR(certificate.Bound(relative), distance, 1e-9 * distance) << rho << " " << t;
      }
      x = g;
    }
  }
}

// No bound without contraction, or before kRatios consecutive plain steps follow a start or a
// mixed iterate; the largest recent ratio counts; an exact fixed point is at distance 0.
TEST(ContractionCertificateTest, NeedsConsecutivePlainStepsThatContract) {
  const int ratios = ContractionCertificate::kRatios;
  ContractionCertificate growing;
  for (int t = 0; t <= 2 * ratios; ++t) growing.AddStep(std::pow(1.01, t), t > 0);
  EXPECT_TRUE(std::isinf(growing.Bound(1e-20)));

  ContractionCertificate mixed;
  for (int t = 0; t <= ratios; ++t) mixed.AddStep(std::pow(0.5, t), t > 0);
  EXPECT_DOUBLE_EQ(mixed.Bound(1e-10), 1e-10);  // rho = 0.5: rho / (1 - rho) = 1
  mixed.AddStep(1e-3, false);                   // a mixed iterate: the estimate starts over
  EXPECT_TRUE(std::isinf(mixed.Bound(1e-10)));
  double step = 1e-3;
  for (int t = 1; t <= ratios; ++t) {
    if (t < ratios) EXPECT_TRUE(std::isinf(mixed.Bound(1e-10)));
    step *= t == 2 ? 0.8 : 0.5;
    mixed.AddStep(step, true);
  }
  EXPECT_DOUBLE_EQ(mixed.Rate(), 0.8);  // the largest ratio of the window
  EXPECT_DOUBLE_EQ(mixed.Bound(1e-10), 4e-10);

  EXPECT_EQ(ContractionCertificate().Bound(0), 0);
}

// The floor: a complete window's estimate outlives a restart (the low ratios right after a mixed
// iterate do not lower it), RaiseRate raises it with rates below 1 only, and at the rounding
// level the estimate is the floor alone (the steps' ratios there are noise).
TEST(ContractionCertificateTest, FloorFromEarlierWindowsRaisedRatesAndRoundingLevel) {
  const int ratios = ContractionCertificate::kRatios;
  ContractionCertificate certificate;
  double step = 1;
  certificate.AddStep(step, false);
  for (int t = 0; t < ratios; ++t) certificate.AddStep(step *= 0.9, true);
  EXPECT_DOUBLE_EQ(certificate.Rate(), 0.9);
  certificate.AddStep(step, false);  // a mixed iterate: restart, 0.9 kept as the floor
  EXPECT_DOUBLE_EQ(certificate.Rate(), std::numeric_limits<double>::infinity());
  for (int t = 0; t < ratios; ++t) certificate.AddStep(step *= 0.5, true);
  EXPECT_DOUBLE_EQ(certificate.Rate(), 0.9);  // the window reads 0.5; the floor is 0.9
  EXPECT_DOUBLE_EQ(certificate.Bound(1e-10), 1e-10 * 0.9 / 0.1);
  certificate.RaiseRate(1.5);  // not a contraction rate: ignored
  EXPECT_DOUBLE_EQ(certificate.Rate(), 0.9);
  certificate.RaiseRate(0.8);  // below the floor: no change
  EXPECT_DOUBLE_EQ(certificate.Rate(), 0.9);
  certificate.RaiseRate(0.95);
  EXPECT_DOUBLE_EQ(certificate.Rate(), 0.95);
  // A noisy window above the floor is the estimate, except at the rounding level.
  for (int t = 0; t < ratios; ++t) certificate.AddStep(step *= 0.99, true);
  EXPECT_DOUBLE_EQ(certificate.Rate(), 0.99);
  certificate.AddStep(step *= 0.99, true, /*at_rounding_level=*/true);
  EXPECT_DOUBLE_EQ(certificate.Rate(), 0.95);
  certificate.AddStep(step *= 0.5, true);  // back above the rounding level: window and floor
  EXPECT_DOUBLE_EQ(certificate.Rate(), 0.99);

  // Without a floor, the rounding level changes nothing: the window, or no estimate.
  ContractionCertificate no_floor;
  no_floor.AddStep(1, false, true);
  EXPECT_TRUE(std::isinf(no_floor.Rate()));
  step = 1;
  for (int t = 0; t < ratios; ++t) no_floor.AddStep(step *= 0.7, true, true);
  EXPECT_DOUBLE_EQ(no_floor.Rate(), 0.7);
}

// The long double step (the fast solver's certificate steps) is the same map as the double one
// and as Lemma 3.1 / 4.2 printed: they agree to the double step's rounding.
TEST(BasicStepWorkspaceTest, LongDoubleStepIsTheSameMap) {
  for (const Weights weights : {Weights{4, 0}, Weights{2, 1.5}, Weights{1.2, 0.3}}) {
    const Problem problem = RandomProblem(12, 4, 3, 21);
    const State state = RandomState(problem, 22);
    StepWorkspace plain(problem);
    BasicStepWorkspace<long double> extended(problem);
    const BasicStepWorkspace<long double>::Matrix b = state.b.cast<long double>(),
                                                  sigma_w = state.sigma_w.cast<long double>();
    ASSERT_TRUE(plain.DecoderGain(state.b, state.sigma_w));
    ASSERT_TRUE(plain.NextEncoder(state.b, state.sigma_w, weights));
    ASSERT_TRUE(extended.DecoderGain(b, sigma_w));
    ASSERT_TRUE(extended.NextEncoder(b, sigma_w, weights));
    const Eigen::MatrixXd b_next = extended.b_next().cast<double>();
    const Eigen::MatrixXd sigma_w_next = extended.sigma_w_next().cast<double>();
    EXPECT_TRUE(b_next.isApprox(plain.b_next(), 1e-13)) << "beta " << weights.beta;
    EXPECT_TRUE(sigma_w_next.isApprox(plain.sigma_w_next(), 1e-13));
    EXPECT_TRUE(extended.h().cast<double>().isApprox(plain.h(), 1e-13));
    EXPECT_TRUE(
        extended.DecoderGainMatrix().cast<double>().isApprox(plain.DecoderGainMatrix(), 1e-13));
    EXPECT_TRUE(extended.DecoderNoise().cast<double>().isApprox(plain.DecoderNoise(), 1e-13));
    const State printed = PlainStep(problem, state, weights);
    EXPECT_TRUE(b_next.isApprox(printed.b, 1e-10));
    EXPECT_TRUE(sigma_w_next.isApprox(printed.sigma_w, 1e-10));
  }
}

TEST(RunFixedPointTest, RejectsBadInput) {
  const Problem problem = RandomProblem(10, 3, 2, 17);
  State state = RandomState(problem, 18);
  EXPECT_EQ(RunFixedPoint(problem, state, Weights{0, 0}, Settings()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RunFixedPoint(problem, state, Weights{1, -1}, Settings()).status().code(),
            absl::StatusCode::kInvalidArgument);
  State wrong_shape = state;
  wrong_shape.b.resize(2, 10);
  EXPECT_EQ(RunFixedPoint(problem, wrong_shape, Weights{}, Settings()).status().code(),
            absl::StatusCode::kInvalidArgument);
  State not_pd = state;
  not_pd.sigma_w = -not_pd.sigma_w;
  EXPECT_EQ(RunFixedPoint(problem, not_pd, Weights{}, Settings()).status().code(),
            absl::StatusCode::kInvalidArgument);
  State not_finite = state;
  not_finite.b(0, 0) = NAN;
  EXPECT_EQ(RunFixedPoint(problem, not_finite, Weights{}, Settings()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(FixedPointStep(problem, not_finite, Weights{}).ok());
}

}  // namespace
}  // namespace lambdabeta::linear_gaussian
