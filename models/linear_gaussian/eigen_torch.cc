#include "models/linear_gaussian/eigen_torch.h"

#include <torch/types.h>

#include <cstdint>

namespace lambdabeta::linear_gaussian {
namespace {

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

torch::TensorOptions Float64() { return torch::TensorOptions().dtype(torch::kFloat64); }

}  // namespace

torch::Tensor ToTensor(const Eigen::MatrixXd& matrix) {
  torch::Tensor tensor = torch::empty({matrix.rows(), matrix.cols()}, Float64());
  // The tensor is row-major and contiguous: write through a row-major map of its storage.
  Eigen::Map<RowMajorMatrix>(tensor.data_ptr<double>(), matrix.rows(), matrix.cols()) = matrix;
  return tensor;
}

torch::Tensor ToTensor(const Eigen::VectorXd& vector) {
  torch::Tensor tensor = torch::empty({vector.size()}, Float64());
  Eigen::Map<Eigen::VectorXd>(tensor.data_ptr<double>(), vector.size()) = vector;
  return tensor;
}

torch::Tensor StackToTensor(const std::vector<Eigen::MatrixXd>& matrices) {
  std::vector<torch::Tensor> tensors;
  tensors.reserve(matrices.size());
  for (const Eigen::MatrixXd& matrix : matrices) tensors.push_back(ToTensor(matrix));
  return torch::stack(tensors);
}

torch::Tensor StackToTensor(const std::vector<Eigen::VectorXd>& vectors) {
  std::vector<torch::Tensor> tensors;
  tensors.reserve(vectors.size());
  for (const Eigen::VectorXd& vector : vectors) tensors.push_back(ToTensor(vector));
  return torch::stack(tensors);
}

Eigen::MatrixXd ToEigen(const torch::Tensor& matrix) {
  TORCH_CHECK(matrix.dim() == 2, "ToEigen needs a 2-D tensor, got ", matrix.dim(), " dimensions");
  const torch::Tensor dense = matrix.detach().to(torch::kCPU, torch::kFloat64).contiguous();
  const int64_t rows = dense.size(0);
  const int64_t cols = dense.size(1);
  return Eigen::Map<const RowMajorMatrix>(dense.data_ptr<double>(), rows, cols);
}

}  // namespace lambdabeta::linear_gaussian
