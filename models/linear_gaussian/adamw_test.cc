#define TORCH_ASSERT_ONLY_METHOD_OPERATORS  // no header with every operator (ARCHITECTURE.md)
#include "models/linear_gaussian/adamw.h"

#include <ATen/Parallel.h>
#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>

#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "models/linear_gaussian/eigen_torch.h"
#include "models/linear_gaussian/metrics.h"
#include "models/linear_gaussian/test_instances.h"
#include "models/linear_gaussian/torch_objective.h"

namespace lambdabeta::linear_gaussian {
namespace {

constexpr int kN = 8;
constexpr int kM = 3;
constexpr int kS = 2;

using Trials = RandomTrials;

Trials MakeTrials(int count, int n = kN, int m = kM, int s = kS, uint64_t seed = 1) {
  return MakeRandomTrials(count, n, m, s, seed);
}

AdamWSettings Settings(AdamWSettings::Mode mode, int steps, double learning_rate = 0.03) {
  AdamWSettings settings;
  settings.set_mode(mode);
  settings.set_steps(steps);
  settings.set_learning_rate(learning_rate);
  settings.set_batch_size(256);
  settings.set_weight_decay(0.0);  // decay shifts the stationary point: off where it is checked
  settings.set_schedule(AdamWSettings::COSINE);
  settings.set_beta1(0.9);
  settings.set_beta2(0.9);
  return settings;
}

std::vector<SolverResult> RunTrials(const Trials& trials, const Weights& weights,
                                    const AdamWSettings& settings,
                                    ReconstructionReading reading = DECODER_MEAN) {
  absl::StatusOr<std::vector<SolverResult>> results =
      RunAdamW(trials.problems, trials.states, weights, settings, reading, trials.seeds);
  EXPECT_TRUE(results.ok()) << results.status();
  return results.ok() ? *results : std::vector<SolverResult>();
}

LossTerms ExactLoss(const State& s, const Problem& p, const Weights& weights,
                    ReconstructionReading reading = DECODER_MEAN) {
  return ClosedFormLoss(ToTensor(s.a), ToTensor(s.b), ToTensor(s.sigma_z), ToTensor(s.sigma_w),
                        ToTensor(ObservationCovariance(p)), weights, reading);
}

// ||x - y|| / ||y||.
double RelativeError(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
  return (x - y).norm() / y.norm();
}

double SpectralNorm(const Eigen::MatrixXd& x) {
  return Eigen::JacobiSVD<Eigen::MatrixXd>(x).singularValues()(0);
}

bool AllFinite(const State& s) {
  return s.a.allFinite() && s.b.allFinite() && s.sigma_z.allFinite() && s.sigma_w.allFinite();
}

void ExpectSameState(const State& x, const State& y, double tolerance, const std::string& what) {
  EXPECT_LT(RelativeError(x.a, y.a), tolerance) << what;
  EXPECT_LT(RelativeError(x.b, y.b), tolerance) << what;
  EXPECT_LT(RelativeError(x.sigma_z, y.sigma_z), tolerance) << what;
  EXPECT_LT(RelativeError(x.sigma_w, y.sigma_w), tolerance) << what;
}

TEST(AdamWTest, RejectsInconsistentInput) {
  const Trials trials = MakeTrials(2);
  const AdamWSettings good = Settings(AdamWSettings::EXACT, 5);
  const auto status = [&](const Trials& t, const AdamWSettings& s, const Weights& w = {1, 0},
                          ReconstructionReading r = DECODER_MEAN) {
    return RunAdamW(t.problems, t.states, w, s, r, t.seeds).status();
  };
  EXPECT_TRUE(status(trials, good).ok());

  Trials fewer_seeds = trials;
  fewer_seeds.seeds.pop_back();
  EXPECT_EQ(status(fewer_seeds, good).code(), absl::StatusCode::kInvalidArgument);

  Trials not_positive = trials;
  not_positive.states[1].sigma_z(0, 0) = -1;
  const absl::Status bad_z = status(not_positive, good);
  EXPECT_EQ(bad_z.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad_z.message().find("trial 1"), std::string::npos) << bad_z;
  EXPECT_NE(bad_z.message().find("Sigma_Z"), std::string::npos) << bad_z;

  Trials mixed = trials;
  mixed.problems[1] = RandomProblem(kN + 1, kM, kS, 0.05, 7);
  mixed.states[1] = RandomState(mixed.problems[1], 8);
  EXPECT_EQ(status(mixed, good).code(), absl::StatusCode::kInvalidArgument);

  AdamWSettings no_mode = good;
  no_mode.set_mode(AdamWSettings::MODE_UNSPECIFIED);
  EXPECT_EQ(status(trials, no_mode).code(), absl::StatusCode::kInvalidArgument);
  AdamWSettings no_schedule = good;
  no_schedule.set_schedule(AdamWSettings::SCHEDULE_UNSPECIFIED);
  EXPECT_EQ(status(trials, no_schedule).code(), absl::StatusCode::kInvalidArgument);
  AdamWSettings bad_beta2 = good;
  bad_beta2.set_beta2(1.0);
  EXPECT_EQ(status(trials, bad_beta2).code(), absl::StatusCode::kInvalidArgument);
  AdamWSettings no_batch = Settings(AdamWSettings::MONTE_CARLO, 5);
  no_batch.set_batch_size(0);
  EXPECT_EQ(status(trials, no_batch).code(), absl::StatusCode::kInvalidArgument);
  AdamWSettings bad_record = good;
  bad_record.set_record_every(-1);
  EXPECT_EQ(status(trials, bad_record).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status(trials, good, {0.0, 0.0}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status(trials, good, {1.0, -1.0}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status(trials, good, {1.0, 0.0}, READING_UNSPECIFIED).code(),
            absl::StatusCode::kInvalidArgument);
}

// A step of ~1e-12 leaves the state as it was: the packing into log-Cholesky rows (precision
// factor for Sigma_Z) and back is faithful, non-square A and B and dense covariances included.
TEST(AdamWTest, TinyStepReturnsTheInitialState) {
  const Trials trials = MakeTrials(2);
  const std::vector<SolverResult> results =
      RunTrials(trials, {1.0, 0.0}, Settings(AdamWSettings::EXACT, 1, 1e-12));
  ASSERT_EQ(results.size(), 2u);
  for (int k = 0; k < 2; ++k) {
    EXPECT_EQ(results[k].status, MAX_ITERATIONS);
    EXPECT_EQ(results[k].iterations, 1);
    ExpectSameState(results[k].state, trials.states[k], 1e-9, "trial " + std::to_string(k));
  }
}

// beta = 1, lambda = 0, exact objective: AdamW ends at the optimum H(Y), the gradient there
// (through the matrices) vanishes, and the state satisfies Lemma 3.1's four equations, checked
// in Eigen from the paper's formulas.
TEST(AdamWTest, ExactModeReachesAStationaryPointOfLemma31) {
  const Trials trials = MakeTrials(3);
  const Weights weights{1.0, 0.0};
  const std::vector<SolverResult> results =
      RunTrials(trials, weights, Settings(AdamWSettings::EXACT, 1500));
  for (int k = 0; k < 3; ++k) {
    const Problem& p = trials.problems[k];
    const State& x = results[k].state;
    const std::string trial = "trial " + std::to_string(k);
    ASSERT_EQ(results[k].status, MAX_ITERATIONS) << trial;

    // The gradient through the matrices, relative to its size at the initial state.
    const auto gradient_norm = [&](const State& at) {
      std::vector<at::Tensor> point = {ToTensor(at.a), ToTensor(at.b), ToTensor(at.sigma_z),
                                       ToTensor(at.sigma_w)};
      for (at::Tensor& t : point) t.requires_grad_(true);
      ClosedFormLoss(point[0], point[1], point[2], point[3], ToTensor(ObservationCovariance(p)),
                     weights, DECODER_MEAN)
          .total.backward();
      double squares = 0;
      for (const at::Tensor& t : point) squares += t.grad().square().sum().item<double>();
      return std::sqrt(squares);
    };
    EXPECT_NEAR(ExactLoss(x, p, weights).total.item<double>(), ObservationEntropy(p), 1e-8)
        << trial;
    EXPECT_LT(gradient_norm(x), 1e-5 * gradient_norm(trials.states[k])) << trial;

    const Eigen::MatrixXd identity_m = Eigen::MatrixXd::Identity(kM, kM);
    const Eigen::MatrixXd w_inverse = x.sigma_w.inverse();
    const Eigen::MatrixXd z_over_beta = x.sigma_z.inverse() / weights.beta;
    const Eigen::MatrixXd decoder_posterior =  // (Sigma_Y^-1 + B^T Sigma_W^-1 B)^-1
        (ObservationCovariance(p).inverse() + x.b.transpose() * w_inverse * x.b).inverse();
    const Eigen::MatrixXd encoder_posterior =  // [I + A^T (Sigma_Z^-1 / beta) A]^-1
        (identity_m + x.a.transpose() * z_over_beta * x.a).inverse();
    EXPECT_LT(RelativeError(x.a, decoder_posterior * x.b.transpose() * w_inverse), 1e-5) << trial;
    EXPECT_LT(RelativeError(x.b, encoder_posterior * x.a.transpose() * z_over_beta), 1e-5) << trial;
    EXPECT_LT(RelativeError(x.sigma_z, decoder_posterior), 1e-5) << trial;
    EXPECT_LT(RelativeError(x.sigma_w, encoder_posterior), 1e-5) << trial;
    // The brief form of the first equation at the optimum: A = Sigma_Z B^T Sigma_W^-1.
    EXPECT_LT(RelativeError(x.a, x.sigma_z * x.b.transpose() * w_inverse), 1e-5) << trial;
  }
}

// Theorem 3.2: for beta > 1 the trivial solution (A, B, Sigma_Z, Sigma_W) = (0, 0, Sigma_Y, I).
TEST(AdamWTest, BetaAboveOneDrivesTheEncoderGainToZero) {
  const Trials trials = MakeTrials(3);
  const Weights weights{4.0, 0.0};
  const std::vector<SolverResult> exact =
      RunTrials(trials, weights, Settings(AdamWSettings::EXACT, 1500));
  AdamWSettings monte_carlo = Settings(AdamWSettings::MONTE_CARLO, 1500);
  monte_carlo.set_batch_size(16384);
  const std::vector<SolverResult> sampled = RunTrials(trials, weights, monte_carlo);
  for (int k = 0; k < 3; ++k) {
    const Problem& p = trials.problems[k];
    const std::string trial = "trial " + std::to_string(k);
    const double initial_gain = SpectralNorm(trials.states[k].b);
    const State& x = exact[k].state;
    EXPECT_LT(SpectralNorm(x.b), 1e-3 * initial_gain) << trial;
    EXPECT_LT(SpectralNorm(x.a), 1e-3) << trial;
    EXPECT_LT(RelativeError(x.sigma_z, ObservationCovariance(p)), 1e-3) << trial;
    EXPECT_LT(RelativeError(x.sigma_w, Eigen::MatrixXd::Identity(kM, kM)), 1e-3) << trial;
    EXPECT_NEAR(ExactLoss(x, p, weights).total.item<double>(), ObservationEntropy(p), 1e-6);
    // The stochastic run lands near it too (up to its gradient noise).
    EXPECT_LT(SpectralNorm(sampled[k].state.b), 0.05 * initial_gain) << trial;
    EXPECT_NEAR(ExactLoss(sampled[k].state, p, weights).total.item<double>(), ObservationEntropy(p),
                1e-2)
        << trial;
  }
}

// The minibatch estimate with beta = 1 converges to the optimum too, within its noise floor.
TEST(AdamWTest, MonteCarloModeApproachesTheOptimum) {
  const Trials trials = MakeTrials(2);
  const Weights weights{1.0, 0.0};
  AdamWSettings settings = Settings(AdamWSettings::MONTE_CARLO, 1000);
  settings.set_batch_size(16384);
  for (ReconstructionReading reading : {DECODER_MEAN, DECODER_SAMPLE}) {
    const std::vector<SolverResult> results = RunTrials(trials, weights, settings, reading);
    for (int k = 0; k < 2; ++k) {
      const Problem& p = trials.problems[k];
      const double initial_gap =
          ExactLoss(trials.states[k], p, weights, reading).total.item<double>() -
          ObservationEntropy(p);
      const double gap = ExactLoss(results[k].state, p, weights, reading).total.item<double>() -
                         ObservationEntropy(p);
      EXPECT_GT(initial_gap, 1.0);
      EXPECT_GE(gap, -1e-9);  // H(Y) is a lower bound
      EXPECT_LT(gap, 1e-2) << "trial " << k << " reading " << reading;
    }
  }
}

// Trials are independent: a trial's result does not depend on which trials run beside it, on
// how they are split into chunks, or on the thread count. At (n, m, s) = (100, 10, 5) a chunk
// holds 13 trials, so trial 13 of 14 runs in a second chunk.
TEST(AdamWTest, BatchedTrialsEqualSeparateRuns) {
  const Trials all = MakeTrials(14, 100, 10, 5, 50);
  const Weights weights{2.0, 0.5};
  for (AdamWSettings::Mode mode : {AdamWSettings::MONTE_CARLO, AdamWSettings::EXACT}) {
    const AdamWSettings settings = Settings(mode, 20);
    const int threads = at::get_num_threads();
    at::set_num_threads(1);
    const std::vector<SolverResult> together = RunTrials(all, weights, settings, DECODER_SAMPLE);
    at::set_num_threads(2);
    const std::vector<SolverResult> two_threads = RunTrials(all, weights, settings, DECODER_SAMPLE);
    at::set_num_threads(threads);
    for (int k : {0, 7, 13}) {
      Trials one;
      one.problems = {all.problems[k]};
      one.states = {all.states[k]};
      one.seeds = {all.seeds[k]};
      const std::vector<SolverResult> alone = RunTrials(one, weights, settings, DECODER_SAMPLE);
      const std::string what = "mode " + std::to_string(mode) + " trial " + std::to_string(k);
      ExpectSameState(together[k].state, alone[0].state, 1e-10, what);
      ExpectSameState(two_threads[k].state, alone[0].state, 1e-10, what + ", 2 threads");
    }
  }
}

// Concurrent calls (the linear study runs one beta per worker) give bit for bit the results
// of the same calls one after another: no call shares state with another.
TEST(AdamWTest, ConcurrentCallsEqualSerialOnes) {
  const Trials trials = MakeTrials(6, 20, 4, 3, 9);
  const AdamWSettings settings = Settings(AdamWSettings::MONTE_CARLO, 30);
  const std::vector<Weights> weights = {{1.5, 0.0}, {4.0, 0.0}, {8.0, 2.0}, {0.5, 0.0}};
  const int threads = at::get_num_threads();
  at::set_num_threads(1);
  std::vector<std::vector<SolverResult>> serial, concurrent(weights.size());
  for (const Weights& w : weights) serial.push_back(RunTrials(trials, w, settings));
  std::vector<std::thread> workers;
  for (size_t i = 0; i < weights.size(); ++i) {
    workers.emplace_back([&, i] { concurrent[i] = RunTrials(trials, weights[i], settings); });
  }
  for (std::thread& worker : workers) worker.join();
  at::set_num_threads(threads);
  for (size_t i = 0; i < weights.size(); ++i) {
    ASSERT_EQ(concurrent[i].size(), serial[i].size());
    for (size_t k = 0; k < serial[i].size(); ++k) {
      EXPECT_EQ(concurrent[i][k].state.b, serial[i][k].state.b) << "beta " << weights[i].beta;
      EXPECT_EQ(concurrent[i][k].state.a, serial[i][k].state.a) << "beta " << weights[i].beta;
      EXPECT_EQ(concurrent[i][k].state.sigma_w, serial[i][k].state.sigma_w);
      EXPECT_EQ(concurrent[i][k].iterations, serial[i][k].iterations);
    }
  }
}

TEST(AdamWTest, TheSeedChoosesTheNoise) {
  Trials trials = MakeTrials(1);
  const AdamWSettings settings = Settings(AdamWSettings::MONTE_CARLO, 10);
  const State first = RunTrials(trials, {1.0, 0.0}, settings)[0].state;
  const State again = RunTrials(trials, {1.0, 0.0}, settings)[0].state;
  EXPECT_EQ(first.b, again.b);  // bit for bit
  trials.seeds[0] += 1;
  EXPECT_GT(RelativeError(RunTrials(trials, {1.0, 0.0}, settings)[0].state.b, first.b), 1e-6);
  trials.seeds[0] += uint64_t{1} << 40;  // seeds differing only in the high bits differ too
  EXPECT_GT(RelativeError(RunTrials(trials, {1.0, 0.0}, settings)[0].state.b, first.b), 1e-6);
}

// An absurd learning rate: Adam's first step moves every log-diagonal by ~1e6, exp overflows,
// the loss turns non-finite, and each trial stops with its last finite state, the initial one.
TEST(AdamWTest, AbsurdLearningRateDivergesWithTheLastFiniteState) {
  const Trials trials = MakeTrials(2);
  AdamWSettings settings = Settings(AdamWSettings::EXACT, 50, 1e6);
  settings.set_schedule(AdamWSettings::CONSTANT);
  for (AdamWSettings::Mode mode : {AdamWSettings::EXACT, AdamWSettings::MONTE_CARLO}) {
    settings.set_mode(mode);
    const std::vector<SolverResult> results = RunTrials(trials, {1.0, 0.0}, settings);
    for (int k = 0; k < 2; ++k) {
      EXPECT_EQ(results[k].status, DIVERGED);
      EXPECT_EQ(results[k].iterations, 0);
      EXPECT_TRUE(AllFinite(results[k].state));
      ExpectSameState(results[k].state, trials.states[k], 1e-12, "absurd learning rate");
    }
  }
}

// One trial whose loss is infinite from the start stops at once, with its initial state, while
// the trial beside it runs exactly as it would alone.
TEST(AdamWTest, ADivergingTrialDoesNotDisturbItsNeighbours) {
  Trials trials = MakeTrials(2);
  trials.states[0].a *= 1e200;  // tr C = inf
  const AdamWSettings settings = Settings(AdamWSettings::MONTE_CARLO, 30);
  const std::vector<SolverResult> results = RunTrials(trials, {1.0, 0.0}, settings);
  EXPECT_EQ(results[0].status, DIVERGED);
  EXPECT_EQ(results[0].iterations, 0);
  EXPECT_EQ(results[0].state.a, trials.states[0].a);
  EXPECT_EQ(results[1].status, MAX_ITERATIONS);
  Trials second;
  second.problems = {trials.problems[1]};
  second.states = {trials.states[1]};
  second.seeds = {trials.seeds[1]};
  ExpectSameState(results[1].state, RunTrials(second, {1.0, 0.0}, settings)[0].state, 1e-12,
                  "neighbour");
}

// beta < 1: L_beta is unbounded below ((beta - 1) m/2 log t along Sigma_W -> 0); AdamW drifts
// towards the degenerate end but every number it returns stays finite.
TEST(AdamWTest, BetaBelowOneStaysFinite) {
  const Trials trials = MakeTrials(2);
  for (AdamWSettings::Mode mode : {AdamWSettings::EXACT, AdamWSettings::MONTE_CARLO}) {
    const std::vector<SolverResult> results =
        RunTrials(trials, {0.25, 0.0}, Settings(mode, 500, 0.1));
    for (const SolverResult& result : results) {
      EXPECT_TRUE(result.status == MAX_ITERATIONS || result.status == DIVERGED);
      EXPECT_TRUE(AllFinite(result.state));
    }
  }
}

// The trajectory, against two independent computations: its point after t steps is the final
// state of a run of t steps (a constant schedule makes a run's first t steps those of the
// shorter run, noise included), with its metrics from ComputeMetrics; and the last point is the
// final state's. Points come every record_every steps and after the last (steps = 25 is not a
// multiple of 10).
TEST(AdamWTest, TheTrajectoryRecordsTheMetricsAlongTheRun) {
  const Trials trials = MakeTrials(2);
  const Weights weights{1.5, 0.0};
  AdamWSettings settings = Settings(AdamWSettings::MONTE_CARLO, 25);
  settings.set_schedule(AdamWSettings::CONSTANT);
  settings.set_record_every(10);
  const std::vector<SolverResult> full = RunTrials(trials, weights, settings);
  ASSERT_EQ(full.size(), 2u);
  for (int k = 0; k < 2; ++k) {
    const auto& trajectory = full[k].trajectory;
    ASSERT_EQ(trajectory.size(), 3u) << "trial " << k;
    EXPECT_EQ(trajectory[0].step(), 10);
    EXPECT_EQ(trajectory[1].step(), 20);
    EXPECT_EQ(trajectory[2].step(), 25);
    const absl::StatusOr<LinearMetrics> last =
        ComputeMetrics(trials.problems[k], full[k].state, weights, DECODER_MEAN);
    ASSERT_TRUE(last.ok()) << last.status();
    // The point's loss is LibTorch's closed form, ComputeMetrics' is Eigen's: two codes.
    EXPECT_NEAR(trajectory[2].loss(), last->loss(), 1e-10 * std::abs(last->loss()));
    EXPECT_NEAR(trajectory[2].sap(), last->sap(), 1e-12);
    EXPECT_NEAR(trajectory[2].i_m(), last->i_m(), 1e-12);
  }
  AdamWSettings shorter = settings;
  shorter.set_steps(20);
  shorter.set_record_every(0);
  const std::vector<SolverResult> cut = RunTrials(trials, weights, shorter);
  for (int k = 0; k < 2; ++k) {
    EXPECT_TRUE(cut[k].trajectory.empty());
    const absl::StatusOr<LinearMetrics> at_20 =
        ComputeMetrics(trials.problems[k], cut[k].state, weights, DECODER_MEAN);
    ASSERT_TRUE(at_20.ok()) << at_20.status();
    const LinearTrajectoryPoint& point = full[k].trajectory[1];
    EXPECT_NEAR(point.loss(), at_20->loss(), 1e-9 * std::abs(at_20->loss())) << "trial " << k;
    EXPECT_NEAR(point.sap(), at_20->sap(), 1e-9) << "trial " << k;
    EXPECT_NEAR(point.i_m(), at_20->i_m(), 1e-9) << "trial " << k;
    // The run moved between the points, so equal values are not trivially equal.
    EXPECT_NE(full[k].trajectory[0].loss(), point.loss());
  }
}

}  // namespace
}  // namespace lambdabeta::linear_gaussian
