#define TORCH_ASSERT_ONLY_METHOD_OPERATORS  // no header with every operator (ARCHITECTURE.md)
#include "models/linear_gaussian/eigen_torch.h"

#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/stack.h>

#include <cstdint>

namespace lambdabeta::linear_gaussian {
namespace {

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

at::TensorOptions Float64() { return at::TensorOptions().dtype(at::kDouble); }

}  // namespace

at::Tensor ToTensor(const Eigen::MatrixXd& matrix) {
  at::Tensor tensor = at::empty({matrix.rows(), matrix.cols()}, Float64());
  // The tensor is row-major and contiguous: write through a row-major map of its storage.
  Eigen::Map<RowMajorMatrix>(tensor.data_ptr<double>(), matrix.rows(), matrix.cols()) = matrix;
  return tensor;
}

at::Tensor ToTensor(const Eigen::VectorXd& vector) {
  at::Tensor tensor = at::empty({vector.size()}, Float64());
  Eigen::Map<Eigen::VectorXd>(tensor.data_ptr<double>(), vector.size()) = vector;
  return tensor;
}

at::Tensor StackToTensor(const std::vector<Eigen::MatrixXd>& matrices) {
  std::vector<at::Tensor> tensors;
  tensors.reserve(matrices.size());
  for (const Eigen::MatrixXd& matrix : matrices) tensors.push_back(ToTensor(matrix));
  return at::stack(tensors);
}

at::Tensor StackToTensor(const std::vector<Eigen::VectorXd>& vectors) {
  std::vector<at::Tensor> tensors;
  tensors.reserve(vectors.size());
  for (const Eigen::VectorXd& vector : vectors) tensors.push_back(ToTensor(vector));
  return at::stack(tensors);
}

Eigen::MatrixXd ToEigen(const at::Tensor& matrix) {
  TORCH_CHECK(matrix.dim() == 2, "ToEigen needs a 2-D tensor, got ", matrix.dim(), " dimensions");
  const at::Tensor dense = matrix.detach().to(at::kCPU, at::kDouble).contiguous();
  const int64_t rows = dense.size(0);
  const int64_t cols = dense.size(1);
  return Eigen::Map<const RowMajorMatrix>(dense.data_ptr<double>(), rows, cols);
}

}  // namespace lambdabeta::linear_gaussian
