#define TORCH_ASSERT_ONLY_METHOD_OPERATORS  // no header with every operator (ARCHITECTURE.md)
#include "models/linear_gaussian/eigen_torch.h"

#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/zeros.h>

#include "gtest/gtest.h"

namespace lambdabeta::linear_gaussian {
namespace {

// A non-square matrix whose entries encode their own position: any mix-up of the storage
// orders (a transpose, or a reinterpretation of the buffer) changes some entry.
Eigen::MatrixXd PositionCoded(int rows, int cols) {
  Eigen::MatrixXd matrix(rows, cols);
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < cols; ++j) matrix(i, j) = 10 * i + j;
  }
  return matrix;
}

TEST(EigenTorchTest, ToTensorKeepsRowsAndColumns) {
  const at::Tensor tensor = ToTensor(PositionCoded(3, 5));
  ASSERT_EQ(tensor.sizes(), (std::vector<int64_t>{3, 5}));
  EXPECT_EQ(tensor.scalar_type(), at::kDouble);
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 5; ++j) EXPECT_EQ(tensor[i][j].item<double>(), 10 * i + j);
  }
}

TEST(EigenTorchTest, ToEigenKeepsRowsAndColumnsOfAnyLayout) {
  const at::Tensor tensor = at::arange(15, at::kDouble).reshape({3, 5});
  const Eigen::MatrixXd direct = ToEigen(tensor);
  const Eigen::MatrixXd transposed_view = ToEigen(tensor.t());  // non-contiguous input
  ASSERT_EQ(direct.rows(), 3);
  ASSERT_EQ(transposed_view.rows(), 5);
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 5; ++j) {
      EXPECT_EQ(direct(i, j), 5 * i + j);
      EXPECT_EQ(transposed_view(j, i), 5 * i + j);
    }
  }
}

TEST(EigenTorchTest, RoundTripAndStacking) {
  const Eigen::MatrixXd a = PositionCoded(4, 2);
  const Eigen::MatrixXd b = -PositionCoded(4, 2);
  EXPECT_EQ(ToEigen(ToTensor(a)), a);
  const at::Tensor stacked = StackToTensor(std::vector<Eigen::MatrixXd>{a, b});
  ASSERT_EQ(stacked.sizes(), (std::vector<int64_t>{2, 4, 2}));
  EXPECT_EQ(ToEigen(stacked[1]), b);

  const Eigen::VectorXd v = Eigen::VectorXd::LinSpaced(4, 1.0, 4.0);
  const at::Tensor vectors = StackToTensor(std::vector<Eigen::VectorXd>{v, 2 * v});
  ASSERT_EQ(vectors.sizes(), (std::vector<int64_t>{2, 4}));
  EXPECT_EQ(vectors[1][3].item<double>(), 8.0);
}

TEST(EigenTorchTest, ToEigenRejectsNon2DTensors) {
  EXPECT_THROW(ToEigen(at::zeros({2, 2, 2}, at::kDouble)), c10::Error);
}

}  // namespace
}  // namespace lambdabeta::linear_gaussian
