// Copies between Eigen matrices (column-major) and float64 LibTorch tensors (row-major),
// element by element in the sense of (row, column), whatever the storage order.
#ifndef LAMBDABETA_MODELS_LINEAR_GAUSSIAN_EIGEN_TORCH_H_
#define LAMBDABETA_MODELS_LINEAR_GAUSSIAN_EIGEN_TORCH_H_

#include <ATen/core/Tensor.h>

#include <Eigen/Dense>
#include <vector>

namespace lambdabeta::linear_gaussian {

// A new float64 CPU tensor of shape [rows, cols] (or [size] for a vector) holding a copy.
at::Tensor ToTensor(const Eigen::MatrixXd& matrix);
at::Tensor ToTensor(const Eigen::VectorXd& vector);

// Stacks same-shaped matrices into a [K, rows, cols] tensor (vectors into [K, size]).
at::Tensor StackToTensor(const std::vector<Eigen::MatrixXd>& matrices);
at::Tensor StackToTensor(const std::vector<Eigen::VectorXd>& vectors);

// A copy of a 2-D tensor (any dtype convertible to double, any strides, CPU) as an Eigen matrix.
Eigen::MatrixXd ToEigen(const at::Tensor& matrix);

}  // namespace lambdabeta::linear_gaussian

#endif  // LAMBDABETA_MODELS_LINEAR_GAUSSIAN_EIGEN_TORCH_H_
