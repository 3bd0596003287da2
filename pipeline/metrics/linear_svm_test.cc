#include "pipeline/metrics/linear_svm.h"

#include <linear.h>
#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

#include "Eigen/Dense"
#include "gtest/gtest.h"
#include "pipeline/metrics/liblinear_random.h"

namespace lambdabeta::metrics {
namespace {

std::vector<int> Draws(int count) {
  std::vector<int> draws(count);
  for (int& d : draws) d = rand();
  return draws;
}

TEST(FitRandomScopeTest, ReproducesGlibcRandAfterSrand) {
  srand(1);
  const std::vector<int> glibc = Draws(1000);  // outside a scope: glibc's shared generator
  FitRandomScope scope(1);
  EXPECT_EQ(Draws(1000), glibc);
  EXPECT_EQ(scope.calls(), 1000);
}

TEST(FitRandomScopeTest, FirstDrawIsGlibcsWellKnownFirstValue) {
  FitRandomScope scope;
  EXPECT_EQ(rand(), 1804289383);  // glibc's rand() right after srand(1)
}

TEST(FitRandomScopeTest, LeavesTheSharedGeneratorAlone) {
  srand(7);
  const std::vector<int> expected = Draws(10);
  srand(7);
  {
    FitRandomScope scope(3);
    Draws(50);
  }
  EXPECT_EQ(Draws(10), expected);
}

TEST(FitRandomScopeTest, NestsAndSeedsMatter) {
  FitRandomScope outer(1);
  const int first = rand();
  {
    FitRandomScope inner(2);
    EXPECT_NE(rand(), 1804289383);
    EXPECT_EQ(inner.calls(), 1);
  }
  EXPECT_EQ(first, 1804289383);
  EXPECT_EQ(rand(), 846930886);  // glibc's second draw after srand(1)
  EXPECT_EQ(outer.calls(), 2);
}

TEST(FitRandomScopeTest, ThreadsDrawIndependentStreams) {
  std::vector<int> a, b;
  std::thread ta([&] {
    FitRandomScope s(1);
    a = Draws(100000);
  });
  std::thread tb([&] {
    FitRandomScope s(1);
    b = Draws(100000);
  });
  ta.join();
  tb.join();
  EXPECT_EQ(a, b);
}

TEST(FitRandomScopeTest, LiblinearDrawsFromTheScope) {
  std::vector<feature_node> nodes = {{1, 0.5}, {-1, 0}, {1, -0.5}, {-1, 0}};
  std::vector<feature_node*> rows = {&nodes[0], &nodes[2]};
  std::vector<double> y = {1, 2};
  problem prob{2, 1, y.data(), rows.data(), -1};
  parameter param{};
  param.solver_type = L2R_L2LOSS_SVC_DUAL;
  param.eps = 1e-4;
  param.C = 1;
  set_print_string_function([](const char*) {});
  FitRandomScope scope;
  model* m = train(&prob, &param);
  free_and_destroy_model(&m);
  EXPECT_GT(scope.calls(), 0);
}

// ---------------------------------------------------------------------------------------------
// Independent check of what liblinear solves: for each binary subproblem, the primal
//   min_{w,b} (w^2 + b^2) / 2 + sum_i C_i max(0, 1 - s_i (w z_i + b))^2,
// minimised by Newton's method with a backtracking line search on (w, b) (the objective is
// convex, piecewise quadratic and once continuously differentiable).

struct Line {
  double w = 0, b = 0;
};

double Objective(const Line& l, const std::vector<double>& z, const std::vector<double>& s,
                 const std::vector<double>& c) {
  double f = 0.5 * (l.w * l.w + l.b * l.b);
  for (size_t i = 0; i < z.size(); ++i) {
    const double margin = 1 - s[i] * (l.w * z[i] + l.b);
    if (margin > 0) f += c[i] * margin * margin;
  }
  return f;
}

Line NewtonMinimum(const std::vector<double>& z, const std::vector<double>& s,
                   const std::vector<double>& c) {
  Line l;
  for (int iteration = 0; iteration < 200; ++iteration) {
    Eigen::Vector2d g(l.w, l.b);
    Eigen::Matrix2d h = Eigen::Matrix2d::Identity();
    for (size_t i = 0; i < z.size(); ++i) {
      const double margin = 1 - s[i] * (l.w * z[i] + l.b);
      if (margin <= 0) continue;
      const Eigen::Vector2d x(z[i], 1.0);
      g -= 2 * c[i] * margin * s[i] * x;
      h += 2 * c[i] * x * x.transpose();
    }
    if (g.norm() < 1e-13) break;
    const Eigen::Vector2d step = -h.ldlt().solve(g);
    const double f0 = Objective(l, z, s, c);
    double t = 1;
    Line next{l.w + step[0], l.b + step[1]};
    while (Objective(next, z, s, c) > f0 + 1e-4 * t * g.dot(step) && t > 1e-12) {
      t /= 2;
      next = {l.w + t * step[0], l.b + t * step[1]};
    }
    l = next;
  }
  return l;
}

struct Data {
  std::vector<double> z;
  std::vector<int> y;
};

Data RandomData(int n, int num_classes, double separation, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_int_distribution<int> pick(0, num_classes - 1);
  Data d;
  for (int i = 0; i < n; ++i) {
    const int y = pick(rng) * 3 + 1;  // labels 1, 4, 7, ...: not 0..K-1
    d.y.push_back(y);
    d.z.push_back(separation * y / 3.0 + normal(rng));
  }
  return d;
}

Eigen::VectorXd Vec(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), v.size());
}
Eigen::VectorXi Vec(const std::vector<int>& v) {
  return Eigen::Map<const Eigen::VectorXi>(v.data(), v.size());
}

// The exact OvR (or binary) solution, in the SVM's class order, with liblinear's weighting:
// class k's C times its balanced weight on its own samples; the rest keep C when there are 3+
// classes, and take the other class's weighted C when there are 2.
std::vector<Line> ExactLines(const Data& d, const OneFeatureSvm& svm, double c_base) {
  const int k_count = static_cast<int>(svm.classes.size());
  std::vector<double> weighted_c(k_count);
  for (int k = 0; k < k_count; ++k) {
    const double count = std::count(d.y.begin(), d.y.end(), svm.classes[k]);
    weighted_c[k] = c_base * d.y.size() / (k_count * count);
  }
  std::vector<Line> lines;
  for (int k = 0; k < (k_count == 2 ? 1 : k_count); ++k) {
    std::vector<double> s, c;
    for (int label : d.y) {
      const bool positive = label == svm.classes[k];
      s.push_back(positive ? 1 : -1);
      c.push_back(positive ? weighted_c[k] : (k_count == 2 ? weighted_c[1 - k] : c_base));
    }
    lines.push_back(NewtonMinimum(d.z, s, c));
  }
  if (k_count == 2) lines.push_back({-lines[0].w, -lines[0].b});
  return lines;
}

struct SvmCase {
  int num_classes;
  double c;
  double separation;
  SvmSolver solver;
};

class LiblinearVersusNewtonTest : public ::testing::TestWithParam<SvmCase> {};

TEST_P(LiblinearVersusNewtonTest, SameLinesAndSamePredictionsExceptAtTies) {
  const SvmCase p = GetParam();
  const Data train = RandomData(400, p.num_classes, p.separation, 11);
  LinearSvmOptions options;
  options.c = p.c;
  options.solver = p.solver;
  absl::StatusOr<OneFeatureSvm> svm = TrainOneFeatureSvm(Vec(train.z), Vec(train.y), options);
  ASSERT_TRUE(svm.ok()) << svm.status();
  EXPECT_EQ(svm->binary_fits, p.num_classes == 2 ? 1 : p.num_classes);
  // At the reference's C = 0.01 every subproblem converges; at C = 1 some one-vs-rest
  // subproblems of middle classes run into the 1000-iteration cap, and the lines still agree.
  if (p.c <= 0.01) {
    EXPECT_EQ(svm->fits_at_iteration_cap, 0);
  }
  const std::vector<Line> exact = ExactLines(train, *svm, p.c);

  EXPECT_GT(svm->solver_iterations, 0);
  // Parameters: liblinear stops at a tolerance of 1e-4 (on the dual's projected gradient, or
  // relative to the primal's initial gradient norm), so agreement is approximate.
  double max_error = 0;
  for (size_t k = 0; k < exact.size(); ++k) {
    max_error = std::max({max_error, std::abs(svm->slope[k] - exact[k].w),
                          std::abs(svm->intercept[k] - exact[k].b)});
    EXPECT_NEAR(svm->slope[k], exact[k].w, 3e-5 * (1 + std::abs(exact[k].w))) << "class " << k;
    EXPECT_NEAR(svm->intercept[k], exact[k].b, 3e-5 * (1 + std::abs(exact[k].b))) << "class " << k;
  }

  // Predictions on a dense grid: they may differ only where the exact top two decision values
  // are closer than the parameter error can move them.
  int disagreements = 0, near_ties = 0;
  for (double z = -8; z <= 8 + p.separation * p.num_classes; z += 1e-3) {
    std::vector<std::pair<double, int>> values;
    for (size_t k = 0; k < exact.size(); ++k) {
      values.push_back({exact[k].w * z + exact[k].b, svm->classes[k]});
    }
    std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
      return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
    const bool near_tie = values[0].first - values[1].first <= 2 * max_error * (1 + std::abs(z));
    near_ties += near_tie;
    if (svm->Predict(z) != values[0].second) {
      ++disagreements;
      EXPECT_TRUE(near_tie) << "z = " << z;
    }
  }
  EXPECT_LE(disagreements, near_ties);
  std::cout << (p.solver == SvmSolver::kPrimalNewton ? "primal" : "dual") << " K=" << p.num_classes
            << " C=" << p.c << ": max |liblinear - Newton| = " << max_error
            << ", grid points at a near tie " << near_ties << ", disagreements " << disagreements
            << "\n";
}

std::vector<SvmCase> AllCases() {
  std::vector<SvmCase> cases;
  for (SvmSolver solver : {SvmSolver::kPrimalNewton, SvmSolver::kDualCoordinateDescent}) {
    cases.insert(cases.end(), {{2, 0.01, 1.0, solver},
                               {2, 1.0, 0.5, solver},
                               {3, 0.01, 1.0, solver},
                               {3, 1.0, 2.0, solver},
                               {5, 0.01, 1.5, solver},
                               {5, 1.0, 1.0, solver}});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Cases, LiblinearVersusNewtonTest, ::testing::ValuesIn(AllCases()));

class LinearSvmSolverTest : public ::testing::TestWithParam<SvmSolver> {};

TEST_P(LinearSvmSolverTest, PredictMatchesLiblinearPredictAndIsDeterministic) {
  const Data d = RandomData(500, 4, 1.0, 5);
  LinearSvmOptions options;
  options.solver = GetParam();
  absl::StatusOr<OneFeatureSvm> ours = TrainOneFeatureSvm(Vec(d.z), Vec(d.y), options);
  ASSERT_TRUE(ours.ok()) << ours.status();

  // The same fit through liblinear's own API, in a scope with the same seed.
  std::vector<feature_node> nodes;
  for (double z : d.z) {
    nodes.push_back({1, z});
    nodes.push_back({2, 1.0});
    nodes.push_back({-1, 0});
  }
  std::vector<feature_node*> rows;
  for (size_t i = 0; i < d.z.size(); ++i) rows.push_back(&nodes[3 * i]);
  std::vector<double> labels(d.y.begin(), d.y.end());
  problem prob{static_cast<int>(d.z.size()), 2, labels.data(), rows.data(), 1.0};
  std::vector<int> weight_label = {1, 4, 7, 10};
  std::vector<double> weight;
  for (int label : weight_label) {
    weight.push_back(d.y.size() / (4.0 * std::count(d.y.begin(), d.y.end(), label)));
  }
  parameter param{};
  param.solver_type = GetParam() == SvmSolver::kPrimalNewton ? L2R_L2LOSS_SVC : L2R_L2LOSS_SVC_DUAL;
  param.eps = 1e-4;
  param.C = 0.01;
  param.nr_weight = 4;
  param.weight_label = weight_label.data();
  param.weight = weight.data();
  model* m;
  {
    FitRandomScope scope(1);
    m = train(&prob, &param);
  }
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(ours->slope[k], get_decfun_coef(m, 1, k));  // bit-identical: same draws
    EXPECT_EQ(ours->intercept[k], get_decfun_bias(m, k));
  }
  for (double z = -5; z < 15; z += 0.01) {
    const feature_node x[3] = {{1, z}, {2, 1.0}, {-1, 0}};
    EXPECT_EQ(ours->Predict(z), static_cast<int>(predict(m, x))) << "z = " << z;
  }
  free_and_destroy_model(&m);

  OneFeatureSvm again;
  std::thread([&] { again = *TrainOneFeatureSvm(Vec(d.z), Vec(d.y), options); }).join();
  EXPECT_EQ(again.slope, ours->slope);
  EXPECT_EQ(again.intercept, ours->intercept);
}

INSTANTIATE_TEST_SUITE_P(Solvers, LinearSvmSolverTest,
                         ::testing::Values(SvmSolver::kPrimalNewton,
                                           SvmSolver::kDualCoordinateDescent));

TEST(LinearSvmTest, TiesGoToTheSmallestClass) {
  OneFeatureSvm svm;
  svm.classes = {7, 3, 5};
  svm.slope = {0, 0, 0};
  svm.intercept = {1, 1, 0};
  EXPECT_EQ(svm.Predict(0.3), 3);
}

TEST(LinearSvmTest, RejectsBadInput) {
  Eigen::VectorXd z(3);
  z << 1, 2, 3;
  EXPECT_FALSE(TrainOneFeatureSvm(z, Eigen::VectorXi::Constant(3, 4)).ok());  // one class
  EXPECT_FALSE(TrainOneFeatureSvm(z, Eigen::VectorXi::Zero(2)).ok());         // lengths
  z[1] = std::nan("");
  Eigen::VectorXi y(3);
  y << 0, 1, 0;
  EXPECT_FALSE(TrainOneFeatureSvm(z, y).ok());
}

}  // namespace
}  // namespace lambdabeta::metrics
