#include "pipeline/metrics/score.h"

#include <cmath>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/io/files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "models/linear_gaussian/problem_proto.h"
#include "pipeline/data/npy.h"
#include "pipeline/data/npz.h"
#include "pipeline/metrics/mig.h"
#include "pipeline/metrics/reference_golden.h"
#include "pipeline/metrics/sap.h"

// The `score` tool's library on the reference data set written as .npy/.npz files: the same
// golden values as reference_test, and a clear error for each kind of bad input.
namespace lambdabeta::metrics {
namespace {

using ::testing::HasSubstr;
using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMajorInt = Eigen::Matrix<int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

std::string TempPath(const std::string& name) {
  return absl::StrCat(::testing::TempDir(), "/", name);
}

// The bytes of `m` (row-major) as `dtype`, in C order.
std::string Bytes(const Eigen::MatrixXd& m, data::DType dtype) {
  std::string bytes;
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      const double x = m(i, j);
      if (dtype == data::DType::kFloat64) {
        bytes.append(reinterpret_cast<const char*>(&x), 8);
      } else if (dtype == data::DType::kFloat32) {
        const float f = static_cast<float>(x);
        bytes.append(reinterpret_cast<const char*>(&f), 4);
      } else if (dtype == data::DType::kInt64) {
        const int64_t k = static_cast<int64_t>(x);
        bytes.append(reinterpret_cast<const char*>(&k), 8);
      } else {
        const int32_t k = static_cast<int32_t>(x);
        bytes.append(reinterpret_cast<const char*>(&k), 4);
      }
    }
  }
  return bytes;
}

std::string WriteNpy(const std::string& name, const Eigen::MatrixXd& m, data::DType dtype) {
  const std::string path = TempPath(name);
  absl::StatusOr<std::string> npy = data::NpyBytes(dtype, {m.rows(), m.cols()}, Bytes(m, dtype));
  EXPECT_TRUE(npy.ok()) << npy.status();
  EXPECT_TRUE(WriteFileAtomically(path, *npy).ok());
  return path;
}

// The reference sample's fit and test splits as float64 codes and int64 factors.
ScoreRequest GoldenFiles(SapMode mode) {
  const golden::Sample fit = golden::MakeSample(0, golden::kFit);
  const golden::Sample test = golden::MakeSample(golden::kFit, golden::kTest);
  ScoreRequest request;
  request.codes_file = WriteNpy("codes.npy", fit.codes, data::DType::kFloat64);
  request.factors_file = WriteNpy("factors.npy", fit.factors.cast<double>(), data::DType::kInt64);
  request.test_codes_file = WriteNpy("test_codes.npy", test.codes, data::DType::kFloat64);
  request.test_factors_file =
      WriteNpy("test_factors.npy", test.factors.cast<double>(), data::DType::kInt64);
  request.sap_mode = mode;
  return request;
}

Eigen::MatrixXd FromProto(const Matrix& m) { return *linear_gaussian::MatrixFromProto(m, "test"); }

void ExpectGoldenMig(const RepresentationScores& s) {
  EXPECT_EQ(s.num_samples(), golden::kFit);
  EXPECT_EQ(s.num_latents(), golden::kLatents);
  EXPECT_THAT(s.factor_classes(), ::testing::ElementsAre(3, 5, 4));
  EXPECT_NEAR(s.mig(), golden::kMig, 1e-14);
  EXPECT_LE((FromProto(s.mutual_information()) - golden::Golden(golden::kMutualInformation))
                .cwiseAbs()
                .maxCoeff(),
            1e-14);
  ASSERT_EQ(s.factor_entropy_size(), golden::kFactors);
  for (int j = 0; j < golden::kFactors; ++j) {
    EXPECT_NEAR(s.factor_entropy(j), golden::kEntropy[j], 1e-14);
  }
}

TEST(ScoreTest, GoldenValuesThroughNpyFiles) {
  absl::StatusOr<RepresentationScores> s = ScoreRepresentation(GoldenFiles(DISCRETE));
  ASSERT_TRUE(s.ok()) << s.status();
  ExpectGoldenMig(*s);
  EXPECT_EQ(s->sap_mode(), DISCRETE);
  EXPECT_EQ(s->sap_num_fit(), golden::kFit);
  EXPECT_EQ(s->sap_num_test(), golden::kTest);
  EXPECT_NEAR(s->sap(), golden::kSapDiscrete, 1e-12);
  // reference_test explains the one test point of one cell that LinearSVC's own solver order
  // decides; every other cell agrees exactly.
  const Eigen::MatrixXd difference =
      (FromProto(s->sap_score()) - golden::Golden(golden::kSapAccuracy)) * golden::kTest;
  EXPECT_LE(difference.cwiseAbs().maxCoeff(), 1.0 + 1e-9);
  EXPECT_LE((difference.array().abs() > 1e-9).count(), 1);
  EXPECT_EQ(s->codes_sha256(), *FileSha256Hex(TempPath("codes.npy")));
  EXPECT_FALSE(s->code_sha256().empty());

  const std::string text = FormatScores(*s);
  std::cout << text;
  EXPECT_THAT(text, HasSubstr("MIG      0.556621"));
  EXPECT_THAT(text, HasSubstr("SAP      0.208889"));
}

TEST(ScoreTest, ContinuousSapGoldenValues) {
  absl::StatusOr<RepresentationScores> s = ScoreRepresentation(GoldenFiles(CONTINUOUS));
  ASSERT_TRUE(s.ok()) << s.status();
  ExpectGoldenMig(*s);
  EXPECT_NEAR(s->sap(), golden::kSapContinuous, 1e-14);
  EXPECT_LE((FromProto(s->sap_score()) - golden::Golden(golden::kSapContinuousScore))
                .cwiseAbs()
                .maxCoeff(),
            1e-14);
}

// Factor values instead of classes: ranks give back the classes (MIG unchanged), and squared
// correlation does not change under v -> a v + b (continuous SAP unchanged).
TEST(ScoreTest, FloatFactorValuesBecomeTheSameClasses) {
  ScoreRequest request = GoldenFiles(CONTINUOUS);
  auto values = [](const Eigen::MatrixXi& classes) -> Eigen::MatrixXd {
    return (0.25 * classes.cast<double>()).array() - 1.5 + 1e-9;  // 1e-9 rounds away
  };
  request.factors_file =
      WriteNpy("factor_values.npy", values(golden::MakeSample(0, golden::kFit).factors),
               data::DType::kFloat64);
  request.test_factors_file = WriteNpy(
      "test_factor_values.npy", values(golden::MakeSample(golden::kFit, golden::kTest).factors),
      data::DType::kFloat64);
  absl::StatusOr<RepresentationScores> s = ScoreRepresentation(request);
  ASSERT_TRUE(s.ok()) << s.status();
  ExpectGoldenMig(*s);
  EXPECT_NEAR(s->sap(), golden::kSapContinuous, 1e-12);
}

// Float test factors get their classes from the values of both splits: a test split that
// lacks the smallest value must not shift its classes.
TEST(ScoreTest, TestSplitClassesAgreeWithTheFitSplit) {
  ScoreRequest request = GoldenFiles(DISCRETE);
  const golden::Sample fit = golden::MakeSample(0, golden::kFit);
  const golden::Sample test = golden::MakeSample(golden::kFit, golden::kTest);
  std::vector<Eigen::Index> rows;  // test samples whose factor 0 is not class 0
  for (Eigen::Index n = 0; n < golden::kTest; ++n) {
    if (test.factors(n, 0) != 0) rows.push_back(n);
  }
  Eigen::MatrixXd codes(rows.size(), golden::kLatents), factors(rows.size(), golden::kFactors);
  for (size_t k = 0; k < rows.size(); ++k) {
    codes.row(k) = test.codes.row(rows[k]);
    factors.row(k) = test.factors.row(rows[k]).cast<double>() * 0.5;
  }
  request.factors_file =
      WriteNpy("half_factors.npy", fit.factors.cast<double>() * 0.5, data::DType::kFloat64);
  request.test_codes_file = WriteNpy("partial_codes.npy", codes, data::DType::kFloat64);
  request.test_factors_file = WriteNpy("partial_factors.npy", factors, data::DType::kFloat64);
  absl::StatusOr<RepresentationScores> s = ScoreRepresentation(request);
  ASSERT_TRUE(s.ok()) << s.status();

  Eigen::MatrixXi test_classes(rows.size(), golden::kFactors);
  for (size_t k = 0; k < rows.size(); ++k) test_classes.row(k) = test.factors.row(rows[k]);
  absl::StatusOr<SapResult> direct =
      ComputeDiscreteSap(fit.codes, fit.factors, codes, test_classes);
  ASSERT_TRUE(direct.ok()) << direct.status();
  EXPECT_EQ(s->sap(), direct->sap);
  EXPECT_EQ(FromProto(s->sap_score()), direct->score);
}

// float32 codes and int32 factors in one .npz, chosen by name; and the default split.
TEST(ScoreTest, NpzArraysFloat32CodesAndTheDefaultSplit) {
  const golden::Sample fit = golden::MakeSample(0, golden::kFit);
  const Eigen::MatrixXf codes32 = fit.codes.cast<float>();
  data::NpzWriter writer;
  ASSERT_TRUE(writer
                  .AddArray("codes", data::DType::kFloat32, {golden::kFit, golden::kLatents},
                            Bytes(fit.codes, data::DType::kFloat32), data::ZipCompression::kDeflate)
                  .ok());
  ASSERT_TRUE(writer
                  .AddArray("factors", data::DType::kInt32, {golden::kFit, golden::kFactors},
                            Bytes(fit.factors.cast<double>(), data::DType::kInt32),
                            data::ZipCompression::kStore)
                  .ok());
  const std::string npz = TempPath("run.npz");
  ASSERT_TRUE(writer.Write(npz).ok());
  ScoreRequest request;
  request.codes_file = npz + ":codes";
  request.factors_file = npz + ":factors";
  absl::StatusOr<RepresentationScores> s = ScoreRepresentation(request);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->codes_sha256(), *FileSha256Hex(npz));

  // The same numbers by hand: codes rounded to float32, every third sample tested.
  const Eigen::MatrixXd rounded = codes32.cast<double>();
  const MigResult mig = *ComputeMig(rounded, fit.factors, 20);
  EXPECT_EQ(s->mig(), mig.mig);
  std::vector<int> fit_rows, test_rows;
  for (int n = 0; n < golden::kFit; ++n) (n % 3 == 2 ? test_rows : fit_rows).push_back(n);
  const SapResult sap =
      *ComputeDiscreteSap(rounded(fit_rows, Eigen::all), fit.factors(fit_rows, Eigen::all),
                          rounded(test_rows, Eigen::all), fit.factors(test_rows, Eigen::all));
  EXPECT_EQ(s->sap_num_fit(), 400);
  EXPECT_EQ(s->sap_num_test(), 200);
  EXPECT_EQ(s->sap(), sap.sap);
  EXPECT_EQ(FromProto(s->sap_score()), sap.score);
}

struct BadInput {
  std::string what;
  ScoreRequest request;
  std::vector<std::string> fragments;
};

TEST(ScoreTest, BadInputsGiveErrorsNamingTheFile) {
  const ScoreRequest good = GoldenFiles(DISCRETE);
  const golden::Sample fit = golden::MakeSample(0, golden::kFit);
  std::vector<BadInput> cases;
  auto add = [&](const std::string& what, auto change, std::vector<std::string> fragments) {
    ScoreRequest request = good;
    change(request);
    cases.push_back({what, request, std::move(fragments)});
  };
  const std::string short_factors =
      WriteNpy("short_factors.npy", fit.factors.cast<double>().topRows(599), data::DType::kInt64);
  add("rows", [&](ScoreRequest& r) { r.factors_file = short_factors; },
      {"codes.npy has 600 samples but", "short_factors.npy has 599"});

  Eigen::MatrixXd codes = fit.codes;
  codes(5, 2) = std::numeric_limits<double>::quiet_NaN();
  const std::string nan_codes = WriteNpy("nan_codes.npy", codes, data::DType::kFloat64);
  add("nan", [&](ScoreRequest& r) { r.codes_file = nan_codes; },
      {"nan_codes.npy: codes sample 5, latent 2 is nan"});
  codes(5, 2) = -std::numeric_limits<double>::infinity();
  const std::string inf_codes = WriteNpy("inf_codes.npy", codes, data::DType::kFloat32);
  add("inf", [&](ScoreRequest& r) { r.codes_file = inf_codes; },
      {"inf_codes.npy: codes sample 5, latent 2 is -inf"});

  Eigen::MatrixXd factors = fit.factors.cast<double>();
  factors(7, 1) = std::numeric_limits<double>::quiet_NaN();
  const std::string nan_factors = WriteNpy("nan_factors.npy", factors, data::DType::kFloat64);
  add("nan factor", [&](ScoreRequest& r) { r.factors_file = nan_factors; },
      {"nan_factors.npy: factors sample 7, factor 1 is nan"});

  factors = fit.factors.cast<double>();
  factors.col(2).setConstant(7);
  const std::string one_class = WriteNpy("one_class.npy", factors, data::DType::kInt64);
  add("one class", [&](ScoreRequest& r) { r.factors_file = one_class; },
      {"one_class.npy: factor 2 takes the single value 7 in all 600 samples", "drop it"});

  const std::string int_codes = WriteNpy("int_codes.npy", fit.codes, data::DType::kInt64);
  add("dtype", [&](ScoreRequest& r) { r.codes_file = int_codes; },
      {"int_codes.npy: codes must be float32 or float64, found int64"});

  const std::string cube = TempPath("cube.npy");
  ASSERT_TRUE(WriteFileAtomically(
                  cube, *data::NpyBytes(data::DType::kFloat64, {2, 2, 2}, std::string(64, '\0')))
                  .ok());
  add("rank 3", [&](ScoreRequest& r) { r.codes_file = cube; },
      {"cube.npy: codes must be a 2-D array (samples x latents), found shape (2, 2, 2)"});
  const std::string vector = TempPath("vector.npy");
  ASSERT_TRUE(WriteFileAtomically(
                  vector, *data::NpyBytes(data::DType::kFloat64, {600}, std::string(4800, '\0')))
                  .ok());
  add("rank 1 codes", [&](ScoreRequest& r) { r.codes_file = vector; },
      {"vector.npy: codes must be a 2-D array", "found shape (600,)"});

  const std::string one_latent =
      WriteNpy("one_latent.npy", fit.codes.leftCols(1), data::DType::kFloat64);
  add("one latent", [&](ScoreRequest& r) { r.codes_file = one_latent; },
      {"one_latent.npy: 1 latent; MIG and SAP need at least 2"});

  const std::string three_latents = WriteNpy(
      "three_latents.npy", golden::MakeSample(600, 300).codes.leftCols(3), data::DType::kFloat64);
  add("test latents", [&](ScoreRequest& r) { r.test_codes_file = three_latents; },
      {"three_latents.npy has 3 latents but", "codes.npy has 4"});
  const std::string two_factors =
      WriteNpy("two_factors.npy", golden::MakeSample(600, 300).factors.leftCols(2).cast<double>(),
               data::DType::kInt64);
  add("test factors", [&](ScoreRequest& r) { r.test_factors_file = two_factors; },
      {"two_factors.npy has 2 factors but", "factors.npy has 3"});
  add("half a test split", [&](ScoreRequest& r) { r.test_factors_file = ""; },
      {"--test_codes, --test_factors"});
  add("missing", [&](ScoreRequest& r) { r.codes_file = TempPath("absent.npy"); },
      {"absent.npy: cannot open"});
  add("bins", [&](ScoreRequest& r) { r.mig_bins = 1; }, {"MIG: num_bins must be at least 2"});

  for (const BadInput& c : cases) {
    absl::StatusOr<RepresentationScores> s = ScoreRepresentation(c.request);
    ASSERT_FALSE(s.ok()) << c.what;
    std::cout << c.what << ": " << s.status() << "\n";
    for (const std::string& fragment : c.fragments) {
      EXPECT_THAT(std::string(s.status().message()), HasSubstr(fragment)) << c.what;
    }
  }
}

}  // namespace
}  // namespace lambdabeta::metrics
