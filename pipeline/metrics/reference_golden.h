// The reference data set and its golden values from numpy 1.24.2 / scikit-learn 1.2.1
// (reference/make_golden.py computed them and builds the same data with the same formulas).
// Shared by reference_test (the metrics on matrices) and score_test (the same data written as
// .npy files and scored by the `score` tool's library).
#ifndef LAMBDABETA_PIPELINE_METRICS_REFERENCE_GOLDEN_H_
#define LAMBDABETA_PIPELINE_METRICS_REFERENCE_GOLDEN_H_

#include <cmath>
#include <vector>

#include "Eigen/Core"

namespace lambdabeta::metrics::golden {

inline constexpr int kFit = 600, kTest = 300, kLatents = 4, kFactors = 3;

inline Eigen::RowVector3i Factors(int n) { return {n % 3, (n / 7) % 5, (n * 13 + n / 11) % 4}; }

inline Eigen::RowVector4d Codes(int n) {
  const Eigen::RowVector3i y = Factors(n);
  return {y[0] + 0.4 * std::sin(1.7 * n), 0.5 * y[1] - 0.3 * std::cos(0.9 * n) + 0.2 * y[0],
          std::sin(0.37 * n), 0.2 * y[2] + 0.5 * std::sin(2.3 * n + 1.0)};
}

struct Sample {
  Eigen::MatrixXd codes;
  Eigen::MatrixXi factors;
};

inline Sample MakeSample(int first, int count) {
  Sample s{Eigen::MatrixXd(count, kLatents), Eigen::MatrixXi(count, kFactors)};
  for (int n = 0; n < count; ++n) {
    s.codes.row(n) = Codes(first + n);
    s.factors.row(n) = Factors(first + n);
  }
  return s;
}

// Row-major latents x factors.
inline Eigen::MatrixXd Golden(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::Matrix<double, kLatents, kFactors, Eigen::RowMajor>>(v.data());
}

inline const std::vector<int> kBinCounts = {
    55, 26, 24, 24, 25, 46, 0,  50, 27, 24, 22, 25, 52, 0,  45, 28, 24, 22, 25, 56,
    14, 16, 20, 42, 29, 32, 46, 29, 36, 36, 41, 37, 30, 44, 30, 29, 38, 21, 16, 14,
    77, 54, 12, 33, 30, 6,  25, 30, 13, 9,  29, 27, 6,  21, 32, 18, 19, 44, 19, 96,
    28, 12, 32, 27, 21, 45, 28, 43, 38, 37, 35, 42, 47, 26, 43, 19, 24, 27, 8,  18};
inline const std::vector<double> kMutualInformation = {
    1.09861228866811,     0.014180651523168233, 0.02417204942481505,   0.18942760278103762,
    1.01547602765002,     0.014227041838327624, 0.0021088218114405366, 0.14762234554619763,
    0.007660252265995244, 0.005911258451560628, 0.05332654886352413,   0.4401890718897704};
inline const std::vector<double> kEntropy = {1.09861228866811, 1.6093001604559587,
                                             1.3729390048481198};
inline constexpr double kMig = 0.556620517855365;
inline const std::vector<double> kSapAccuracy = {0.7366666666666667,
                                                 0.19666666666666666,
                                                 0.24333333333333335,
                                                 0.4,
                                                 0.43666666666666665,
                                                 0.28,
                                                 0.33,
                                                 0.16666666666666666,
                                                 0.26666666666666666,
                                                 0.3233333333333333,
                                                 0.19,
                                                 0.33};
inline constexpr double kSapDiscrete = 0.2088888888888889;
inline const std::vector<double> kSapContinuousScore = {
    0.8935672757067052,    1.7974320392209238e-05, 0.00038891540771055486, 0.044865558446763765,
    0.8748972231139699,    5.445704509395086e-05,  5.000666873366519e-06,  0.0006498448288105371,
    4.150953325600644e-08, 8.980117792231393e-06,  4.0223923816500125e-07, 0.25100045645618857};
inline constexpr double kSapContinuous = 0.6578535455311929;

}  // namespace lambdabeta::metrics::golden

#endif  // LAMBDABETA_PIPELINE_METRICS_REFERENCE_GOLDEN_H_
