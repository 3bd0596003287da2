#include "pipeline/metrics/deep_metrics.h"

#include <limits>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "pipeline/metrics/mig.h"
#include "pipeline/metrics/sap.h"
#include "pipeline/metrics/synthetic_codes.h"

namespace lambdabeta::metrics {
namespace {

// A small evaluation: 400 fit + 200 test rows of 5 latents over three factors.
class DeepMetricsTest : public ::testing::Test {
 protected:
  DeepMetricsTest() {
    const std::vector<int> classes = {3, 4, 5};
    const Eigen::MatrixXi factors = UniformFactors(600, classes, 7);
    const Eigen::MatrixXd codes = DisentangledCodes(factors, classes, 5, 0.3, 11);
    fit_codes_ = codes.topRows(400);
    test_codes_ = codes.bottomRows(200);
    fit_classes_ = factors.topRows(400);
    test_classes_ = factors.bottomRows(200);
    fit_values_ = fit_classes_.cast<double>();
    for (int i = 0; i < 600; ++i) {
      bce_.push_back(100 + i);
      mse_.push_back(0.5 * i);
      kl_.push_back(i % 7);
    }
    settings_.set_mig_bins(20);
    settings_.set_svm_c(0.01);
    settings_.set_sap_mode(DISCRETE);
  }

  DeepMetricInputs Inputs() const {
    return {settings_,   fit_codes_, test_codes_, fit_classes_, test_classes_,
            fit_values_, bce_,       mse_,        kl_,          2};
  }

  Evaluation settings_;
  Eigen::MatrixXd fit_codes_, test_codes_, fit_values_;
  Eigen::MatrixXi fit_classes_, test_classes_;
  std::vector<double> bce_, mse_, kl_;
};

TEST_F(DeepMetricsTest, NamesAreUniqueAndFindable) {
  std::set<std::string> names;
  for (const DeepMetric& metric : AllDeepMetrics()) {
    EXPECT_TRUE(names.insert(metric.name).second) << metric.name;
    EXPECT_EQ(FindDeepMetric(metric.name), &metric);
  }
  EXPECT_EQ(FindDeepMetric("no_such_metric"), nullptr);
  EXPECT_NE(FindDeepMetric("bce"), nullptr);  // Section 6's selection reads these two
  EXPECT_NE(FindDeepMetric("mig"), nullptr);
}

// Each metric's field agrees with the metric computed directly, and value() reads that field.
TEST_F(DeepMetricsTest, ComputesEachFieldAsTheMetricFunctionsDo) {
  DeepMetrics m;
  ASSERT_TRUE(ComputeDeepMetrics(Inputs(), "the test model", &m).ok());
  EXPECT_DOUBLE_EQ(m.bce(), 100 + 599 / 2.0);
  EXPECT_DOUBLE_EQ(m.mse(), 0.5 * 599 / 2.0);
  double kl_sum = 0;
  for (double v : kl_) kl_sum += v;
  EXPECT_DOUBLE_EQ(m.kl(), kl_sum / 600);

  const absl::StatusOr<MigResult> mig = ComputeMig(fit_codes_, fit_classes_, 20);
  ASSERT_TRUE(mig.ok());
  EXPECT_EQ(m.mig(), mig->mig);
  ASSERT_EQ(m.mutual_information().values_size(), 5 * 3);
  EXPECT_EQ(m.mutual_information().values(1 * 3 + 2), mig->mutual_information(1, 2));
  ASSERT_EQ(m.factor_entropy_size(), 3);

  DiscreteSapOptions options;
  options.svm.c = 0.01;
  const absl::StatusOr<SapResult> sap =
      ComputeDiscreteSap(fit_codes_, fit_classes_, test_codes_, test_classes_, options);
  ASSERT_TRUE(sap.ok());
  EXPECT_EQ(m.sap(), sap->sap);
  EXPECT_EQ(m.sap_binary_fits(), sap->binary_fits);
  EXPECT_GT(m.sap(), 0.1);  // disentangled codes: a clear gap

  EXPECT_EQ(FindDeepMetric("bce")->value(m), m.bce());
  EXPECT_EQ(FindDeepMetric("mse")->value(m), m.mse());
  EXPECT_EQ(FindDeepMetric("kl")->value(m), m.kl());
  EXPECT_EQ(FindDeepMetric("mig")->value(m), m.mig());
  EXPECT_EQ(FindDeepMetric("sap")->value(m), m.sap());
}

TEST_F(DeepMetricsTest, ContinuousSapUsesTheFactorValues) {
  settings_.set_sap_mode(CONTINUOUS);
  DeepMetrics m;
  ASSERT_TRUE(ComputeDeepMetrics(Inputs(), "the test model", &m).ok());
  const absl::StatusOr<SapResult> sap = ComputeContinuousSap(fit_codes_, fit_values_);
  ASSERT_TRUE(sap.ok());
  EXPECT_EQ(m.sap(), sap->sap);
  EXPECT_EQ(m.sap_mode(), CONTINUOUS);
}

TEST_F(DeepMetricsTest, AnErrorNamesTheMetricAndTheModel) {
  fit_codes_(3, 1) = std::numeric_limits<double>::quiet_NaN();
  DeepMetrics m;
  const absl::Status status = ComputeDeepMetrics(Inputs(), "dSprites beta 4", &m);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(std::string(status.message()).find("MIG of dSprites beta 4: "), std::string::npos)
      << status;
}

TEST_F(DeepMetricsTest, Table2RowsComeFromTheSettings) {
  EXPECT_EQ(FindDeepMetric("mig")->protocol(settings_), "20 equal-width bins, fit images");
  EXPECT_EQ(FindDeepMetric("sap")->protocol(settings_), "discrete, linear SVM C = 0.01");
  EXPECT_EQ(FindDeepMetric("bce")->protocol, nullptr);
}

}  // namespace
}  // namespace lambdabeta::metrics
