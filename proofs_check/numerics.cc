#include "proofs_check/numerics.h"

#include <cmath>

namespace lambdabeta::proofs_check {

SpdSpectrum SpdSpectrum::Of(const Eigen::MatrixXd& symmetric) {
  const Eigen::VectorXd eigenvalues =
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(symmetric, Eigen::EigenvaluesOnly)
          .eigenvalues();
  return SpdSpectrum{eigenvalues.minCoeff(), eigenvalues.maxCoeff()};
}

double SpdSpectrum::Condition() const {
  return min > 0 ? max / min : std::numeric_limits<double>::infinity();
}

double SpectralNorm(const Eigen::MatrixXd& matrix) {
  if (matrix.size() == 0) return 0;
  // The Gram matrix on the smaller side: ||M||_2^2 = lambda_max(M^T M) = lambda_max(M M^T).
  const Eigen::MatrixXd gram = matrix.rows() <= matrix.cols()
                                   ? Eigen::MatrixXd(matrix * matrix.transpose())
                                   : Eigen::MatrixXd(matrix.transpose() * matrix);
  return std::sqrt(std::max(0.0, SpdSpectrum::Of(gram).max));
}

}  // namespace lambdabeta::proofs_check
