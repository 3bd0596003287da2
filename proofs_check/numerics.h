// Small numerical helpers of the proof checks: machine epsilon, spectra and norms.
#ifndef LAMBDABETA_PROOFS_CHECK_NUMERICS_H_
#define LAMBDABETA_PROOFS_CHECK_NUMERICS_H_

#include <Eigen/Dense>
#include <limits>

namespace lambdabeta::proofs_check {

inline constexpr double kEpsilon = std::numeric_limits<double>::epsilon();

// Extreme eigenvalues of a symmetric matrix (its lower triangle is read).
struct SpdSpectrum {
  double min = 0;
  double max = 0;

  static SpdSpectrum Of(const Eigen::MatrixXd& symmetric);
  // max / min; +inf unless min > 0.
  double Condition() const;
};

// Largest singular value.
double SpectralNorm(const Eigen::MatrixXd& matrix);

}  // namespace lambdabeta::proofs_check

#endif  // LAMBDABETA_PROOFS_CHECK_NUMERICS_H_
