#include "pipeline/linear/study.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/io/files.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "models/linear_gaussian/problem_proto.h"
#include "pipeline/linear/tables.h"

namespace lambdabeta::linear_study {
namespace {

using ::testing::HasSubstr;

LinearStudyConfig SmallConfig() {
  LinearStudyConfig config;
  const bool parsed = google::protobuf::TextFormat::ParseFromString(
      R"pb(
        name: "small"
        n: 12
        m: 3
        s: 2
        sigma2: 0.05
        gamma { kind: GAUSSIAN_IID scale: 1.0 }
        factor_variance { low: 0.1 high: 1.0 }
        problem_sharing: PROBLEM_PER_TRIAL
        seed: 5
        trials: 4
        beta: [ 0.5, 1, 2, 4 ]
        heatmap_beta: [ 4, 1, 2 ]
        heatmap_lambda: [ 0, 4, 0.5 ]
        reading: DECODER_MEAN
        init {
          gain_scale: 1.0
          noise_variance { low: 0.1 high: 1.0 }
        }
        fixed_point {
          max_iterations: 1000
          relative_tolerance: 1e-10
          max_condition_number: 1e12
          min_noise_eigenvalue: 1e-10
        }
        adamw { mode: EXACT steps: 30 learning_rate: 0.01 batch_size: 16 weight_decay: 0 }
        adamw_budget_check { beta: [ 2, 1 ] trials: 2 steps: 60 }
      )pb",
      &config);
  EXPECT_TRUE(parsed);
  return config;
}

// A stand-in for RunAdamW: each trial "ends" at its start, shifted by its seed so that a
// mix-up of trials or seeds would show.
absl::StatusOr<std::vector<linear_gaussian::SolverResult>> FakeAdamW(
    const std::vector<linear_gaussian::Problem>& problems,
    const std::vector<linear_gaussian::State>& starts, const linear_gaussian::Weights& weights,
    const AdamWSettings& settings, ReconstructionReading, const std::vector<uint64_t>& seeds) {
  EXPECT_EQ(problems.size(), starts.size());
  EXPECT_EQ(seeds.size(), starts.size());
  EXPECT_EQ(weights.lambda, 0);
  std::vector<linear_gaussian::SolverResult> results;
  for (size_t k = 0; k < starts.size(); ++k) {
    linear_gaussian::SolverResult result;
    result.state = starts[k];
    result.state.b *= 1.0 + static_cast<double>(seeds[k] % 1000) / 1000;
    result.status = weights.beta < 1 ? DIVERGED : MAX_ITERATIONS;
    result.iterations = settings.steps();
    result.trajectory.emplace_back().set_step(settings.steps());
    results.push_back(std::move(result));
  }
  return results;
}

StudyOptions Options(int threads) {
  StudyOptions options;
  options.threads = threads;
  options.show_progress = false;
  options.adamw = FakeAdamW;
  return options;
}

// The study of SmallConfig() on two threads, run once for all tests.
const LinearStudyResults& SharedResults() {
  static const LinearStudyResults* results = [] {
    absl::StatusOr<LinearStudyResults> run = RunLinearStudy(SmallConfig(), Options(2));
    EXPECT_TRUE(run.ok()) << run.status();
    return new LinearStudyResults(run.ok() ? *run : LinearStudyResults());
  }();
  return *results;
}

TEST(RunLinearStudyTest, ResultsDoNotDependOnTheThreadCount) {
  const LinearStudyConfig config = SmallConfig();
  absl::StatusOr<LinearStudyResults> one = RunLinearStudy(config, Options(1));
  absl::StatusOr<LinearStudyResults> three = RunLinearStudy(config, Options(3));
  ASSERT_TRUE(one.ok()) << one.status();
  ASSERT_TRUE(three.ok()) << three.status();
  EXPECT_EQ(one->SerializeAsString(), SharedResults().SerializeAsString());
  EXPECT_EQ(three->SerializeAsString(), SharedResults().SerializeAsString());
}

TEST(RunLinearStudyTest, RunsEveryPairOnceAndFollowsTheTheory) {
  const LinearStudyResults* results = &SharedResults();
  // Fixed point: 4 Figure-2 pairs + 9 grid pairs - 3 shared (beta in {1, 2, 4}, lambda = 0).
  int fixed_point = 0, adamw = 0;
  for (const LinearRunResult& run : results->runs()) {
    (run.solver() == kFixedPoint ? fixed_point : adamw)++;
    if (run.solver() != kFixedPoint) continue;
    if (run.beta() < 1) {
      EXPECT_EQ(run.status(), DIVERGED);
      EXPECT_THAT(run.status_reason(), HasSubstr("unbounded below"));
    }
    if (run.beta() == 1 && run.lambda() > 0) {
      // No minimum: the run drifts toward Sigma_W -> 0 until the cap, and says so.
      EXPECT_EQ(run.status(), OPTIMUM_NOT_ATTAINED);
      EXPECT_EQ(run.iterations(), 1000);
      EXPECT_THAT(run.status_reason(), HasSubstr("Sigma_W -> 0"));
    }
    if (run.beta() > 1) {
      // An attained minimum: every run reaches the tolerance.
      EXPECT_EQ(run.status(), CONVERGED) << run.beta() << " " << run.lambda();
      EXPECT_LE(run.relative_change(), 1e-10);
      EXPECT_GT(run.relative_change(), 0);
      // Certified: the estimated distance to the fixed point is recorded and within it too.
      ASSERT_TRUE(run.has_distance_bound());
      EXPECT_LE(run.distance_bound(), 1e-10);
      EXPECT_GE(run.distance_bound(), 0);
      EXPECT_TRUE(run.status_reason().empty());
    }
    if (run.beta() > 1 && run.lambda() == 0) {
      // Theorem 3.2: collapse.
      EXPECT_EQ(run.status(), CONVERGED);
      EXPECT_LT(run.metrics().sap(), 1e-12);
      EXPECT_LT(run.metrics().i_m(), 1e-12);
      EXPECT_EQ(run.prediction().phase(), LinearPrediction::COLLAPSED);
    }
    if (run.prediction().phase() == LinearPrediction::INFORMATIVE && run.status() == CONVERGED) {
      EXPECT_EQ(run.metrics().informative_directions(), run.prediction().informative_directions());
      EXPECT_GT(run.metrics().i_m(), 0.01);
    }
  }
  EXPECT_EQ(fixed_point, 10 * 4);
  EXPECT_EQ(adamw, 4 * 4);
  EXPECT_TRUE(results->adamw_note().empty());
  // AdamW runs come last, by beta then trial, each with its own trial's metrics.
  const LinearRunResult& last = results->runs(results->runs_size() - 1);
  EXPECT_EQ(last.solver(), kAdamW);
  EXPECT_EQ(last.beta(), 4);
  EXPECT_EQ(last.trial(), 3);
  EXPECT_EQ(last.iterations(), 30);
  ASSERT_EQ(results->problems_size(), 4);
  EXPECT_TRUE(results->problems(0).has_initial_b());
  EXPECT_EQ(last.trajectory_size(), 1);
  EXPECT_EQ(last.trajectory(0).step(), 30);
}

// The budget check runs its betas (in its order) on its first trials with its steps, from the
// same problems, starts and noise seeds as the sweep, and keeps them out of `runs`.
TEST(RunLinearStudyTest, TheBudgetCheckRerunsTheFirstTrialsWithMoreSteps) {
  const LinearStudyResults& results = SharedResults();
  ASSERT_EQ(results.budget_check_runs_size(), 2 * 2);
  for (int i = 0; i < 4; ++i) {
    const LinearRunResult& run = results.budget_check_runs(i);
    EXPECT_EQ(run.solver(), kAdamW);
    EXPECT_EQ(run.beta(), i < 2 ? 2 : 1);
    EXPECT_EQ(run.trial(), i % 2);
    EXPECT_EQ(run.iterations(), 60);
    ASSERT_EQ(run.trajectory_size(), 1);
    EXPECT_EQ(run.trajectory(0).step(), 60);
    // The stand-in ends where its trial's start and seed put it: the sweep's run of the same
    // (beta, trial) ends in the same place.
    bool matched = false;
    for (const LinearRunResult& sweep : results.runs()) {
      if (sweep.solver() != kAdamW || sweep.beta() != run.beta() || sweep.trial() != run.trial())
        continue;
      EXPECT_EQ(sweep.metrics().SerializeAsString(), run.metrics().SerializeAsString());
      EXPECT_EQ(sweep.iterations(), 30);
      matched = true;
    }
    EXPECT_TRUE(matched) << "beta " << run.beta() << " trial " << run.trial();
  }
}

TEST(RunLinearStudyTest, SaysWhyAdamWRunsAreMissing) {
  StudyOptions options = Options(2);
  options.adamw = [](auto&&...) -> absl::StatusOr<std::vector<linear_gaussian::SolverResult>> {
    return absl::UnimplementedError("not built in");
  };
  LinearStudyConfig config = SmallConfig();
  config.clear_heatmap_lambda();
  config.add_heatmap_lambda(0);
  absl::StatusOr<LinearStudyResults> results = RunLinearStudy(config, options);
  ASSERT_TRUE(results.ok()) << results.status();
  EXPECT_EQ(results->adamw_note(), "AdamW unavailable: not built in");
  for (const LinearRunResult& run : results->runs()) EXPECT_EQ(run.solver(), kFixedPoint);
  options.adamw = [](auto&&...) -> absl::StatusOr<std::vector<linear_gaussian::SolverResult>> {
    return absl::InternalError("exploded");
  };
  EXPECT_THAT(RunLinearStudy(config, options).status().message(),
              HasSubstr("AdamW at beta=0.5: exploded"));
}

TEST(RunSingleProblemTest, ReproducesATrialOfTheStudyFromItsSavedProblem) {
  const LinearStudyConfig config = SmallConfig();
  const LinearStudyResults* results = &SharedResults();
  absl::StatusOr<linear_gaussian::ProblemWithStart> problem =
      linear_gaussian::ProblemFromProto(results->problems(2), "trial 2");
  ASSERT_TRUE(problem.ok());
  absl::StatusOr<LinearRunResult> single =
      RunSingleProblem(config, *problem, linear_gaussian::Weights{2, 0.5}, kFixedPoint, 2);
  ASSERT_TRUE(single.ok()) << single.status();
  EXPECT_TRUE(single->has_final_state());
  bool found = false;
  for (const LinearRunResult& run : results->runs()) {
    if (run.solver() == kFixedPoint && run.beta() == 2 && run.lambda() == 0.5 && run.trial() == 2) {
      EXPECT_EQ(run.metrics().SerializeAsString(), single->metrics().SerializeAsString());
      EXPECT_EQ(run.iterations(), single->iterations());
      found = true;
    }
  }
  EXPECT_TRUE(found);
  EXPECT_THAT(RunSingleProblem(config, *problem, {2, 0}, "newton", 0).status().message(),
              HasSubstr("unknown solver 'newton'"));
}

// AdamW against steps, by hand: two sweep runs of 400 steps with points at 200 and 400, one
// budget-check run of 1600, their fixed points converged at objective 10 (a diverged run and a
// lambda > 0 run stay out).
TEST(WriteStudyTablesTest, TheTrajectoryTableAveragesThePointsOfEachBudgetBetaAndStep) {
  LinearStudyConfig config = SmallConfig();
  config.clear_beta();
  config.add_beta(2);
  config.clear_heatmap_beta();
  config.clear_heatmap_lambda();
  LinearStudyResults results;
  const auto run = [](const char* solver, int trial, int64_t steps, RunStatus status) {
    LinearRunResult r;
    r.set_solver(solver);
    r.set_beta(2);
    r.set_trial(trial);
    r.set_iterations(steps);
    r.set_status(status);
    r.mutable_metrics()->set_loss(10);
    return r;
  };
  const auto point = [](LinearRunResult* r, int64_t step, double loss, double sap) {
    LinearTrajectoryPoint* p = r->add_trajectory();
    p->set_step(step);
    p->set_loss(loss);
    p->set_sap(sap);
    p->set_i_m(2 * sap);
  };
  for (int trial : {0, 1}) *results.add_runs() = run(kFixedPoint, trial, 50, CONVERGED);
  for (int trial : {0, 1}) {
    LinearRunResult* r = results.add_runs();
    *r = run(kAdamW, trial, 400, MAX_ITERATIONS);
    point(r, 200, trial == 0 ? 11 : 12, trial == 0 ? 0.2 : 0.4);
    point(r, 400, 10.5, 0.1);
  }
  LinearRunResult* diverged = results.add_runs();
  *diverged = run(kAdamW, 2, 400, DIVERGED);
  point(diverged, 200, 1e6, 0.9);
  LinearRunResult* longer = results.add_budget_check_runs();
  *longer = run(kAdamW, 0, 1600, MAX_ITERATIONS);
  point(longer, 1600, 10, 0.01);
  const std::string directory = std::string(std::getenv("TEST_TMPDIR")) + "/trajectory";
  ASSERT_TRUE(MakeDirectories(directory).ok());
  ASSERT_TRUE(WriteStudyTables(config, results, directory).ok());
  absl::StatusOr<std::string> text = ReadFile(directory + "/fig2_adamw_steps.dat");
  ASSERT_TRUE(text.ok());
  std::vector<std::string> rows;
  for (absl::string_view line : absl::StrSplit(*text, '\n', absl::SkipEmpty())) {
    if (!absl::StartsWith(line, "#")) rows.emplace_back(line);
  }
  ASSERT_EQ(rows.size(), 1 + 3u) << *text;
  EXPECT_EQ(rows[0], "budget beta step count sap_mean sap_std i_m_mean i_m_std gap_count gap_mean "
                     "gap_std");
  // SAP 0.3 +- 0.1414 (sqrt(0.02)), gaps 0.1 and 0.2.
  EXPECT_EQ(rows[1], "400 2 200 2 0.3 0.141421356 0.6 0.282842712 2 0.15 0.0707106781");
  EXPECT_EQ(rows[2], "400 2 400 2 0.1 0 0.2 0 2 0.05 0");
  EXPECT_EQ(rows[3], "1600 2 1600 1 0.01 0 0.02 0 1 0 0");
}

TEST(WriteStudyTablesTest, WritesFiniteTablesAndTheBoundary) {
  const LinearStudyConfig config = SmallConfig();
  const LinearStudyResults* results = &SharedResults();
  const std::string directory = std::getenv("TEST_TMPDIR");
  ASSERT_TRUE(WriteStudyTables(config, *results, directory).ok());
  // Every data cell is a finite number, every row as wide as the header.
  for (const char* name : {"fig2_fixed_point", "fig2_adamw", "fig2_adamw_steps",
                           "fig3_fixed_point", "fig3_boundary"}) {
    absl::StatusOr<std::string> text = ReadFile(directory + "/" + name + ".dat");
    ASSERT_TRUE(text.ok()) << name;
    size_t columns = 0;
    for (absl::string_view line : absl::StrSplit(*text, '\n', absl::SkipEmpty())) {
      if (absl::StartsWith(line, "#")) continue;
      const std::vector<std::string> cells = absl::StrSplit(line, ' ');
      if (columns == 0) {
        columns = cells.size();
        continue;
      }
      EXPECT_EQ(cells.size(), columns) << name;
      for (const std::string& cell : cells) {
        double value;
        EXPECT_TRUE(absl::SimpleAtod(cell, &value) && std::isfinite(value)) << name << ": " << cell;
      }
    }
    EXPECT_GT(columns, 1u) << name;
  }
  absl::StatusOr<std::string> fig2 = ReadFile(directory + "/fig2_fixed_point.dat");
  std::vector<std::string> lines = absl::StrSplit(*fig2, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 1 + 1 + 4u);  // comment, header, one row per beta
  EXPECT_THAT(lines[1], HasSubstr("beta count diverged max_iterations"));
  EXPECT_THAT(lines[1], HasSubstr("max_relative_change max_distance_bound"));
  EXPECT_THAT(lines[2], ::testing::StartsWith("0.5 4 4 "));  // beta 0.5: 4 runs, all diverged
  absl::StatusOr<std::string> adamw = ReadFile(directory + "/fig2_adamw.dat");
  lines = absl::StrSplit(*adamw, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 1 + 1 + 4u);
  EXPECT_THAT(lines[3], ::testing::StartsWith("1 4 0 4 "));  // beta 1: 4 runs, 4 capped

  // The Markdown summary: a header and two rows per beta (both solvers), matching the tables.
  absl::StatusOr<std::string> summary = ReadFile(directory + "/fig2_summary.md");
  ASSERT_TRUE(summary.ok());
  lines = absl::StrSplit(*summary, '\n', absl::SkipEmpty());
  // Then how the 40 fixed-point runs ended: 4 beta < 1 diverged, 8 beta = 1 and lambda > 0
  // without a minimum, the other 28 converged.
  ASSERT_EQ(lines.size(), 1 + 2 + 2 * 4u + 1 + 3);
  EXPECT_THAT(lines[3], ::testing::StartsWith("| 0.5 | fixed_point | "));
  EXPECT_THAT(lines[3], ::testing::EndsWith(" | 4 of 4 |"));  // as in fig2_fixed_point.dat
  EXPECT_THAT(lines[4], ::testing::StartsWith("| 0.5 | adamw | "));
  EXPECT_THAT(lines[12], ::testing::StartsWith("- CONVERGED: 28 runs, each with a last relative "
                                               "change of (B, Σ_W) ≤ "));
  EXPECT_THAT(lines[13], ::testing::StartsWith("- DIVERGED: 4 runs (beta < 1: the objective is"));
  EXPECT_THAT(lines[14],
              ::testing::StartsWith("- OPTIMUM_NOT_ATTAINED: 8 runs (beta = 1, lambda > 0: "));

  absl::StatusOr<std::string> fig3 = ReadFile(directory + "/fig3_fixed_point.dat");
  lines = absl::StrSplit(*fig3, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 1 + 1 + 9u);
  EXPECT_THAT(lines[2], ::testing::StartsWith("0 0 1 0 "));    // sorted: beta 1, lambda 0
  EXPECT_THAT(lines[3], ::testing::StartsWith("0 1 1 0.5 "));  // then lambda 0.5

  // beta = 1 has no collapsed cell; beta = 2 and 4 collapse at lambda = 0 only.
  absl::StatusOr<std::string> boundary = ReadFile(directory + "/fig3_boundary.dat");
  EXPECT_THAT(*boundary,
              HasSubstr("x y\n-0.5 -0.5\n0.5 -0.5\n0.5 0.5\n1.5 0.5\n1.5 0.5\n2.5 0.5\n"));
}

}  // namespace
}  // namespace lambdabeta::linear_study
