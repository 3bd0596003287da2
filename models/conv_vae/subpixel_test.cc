#include "models/conv_vae/subpixel.h"

#include <ATen/Context.h>
#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/conv_transpose2d.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/randn_like.h>
#include <ATen/ops/zeros.h>
#include <torch/csrc/autograd/autograd.h>

#include <vector>

#include "gtest/gtest.h"

namespace lambdabeta::conv_vae {
namespace {

struct Case {
  int64_t groups, in, out, height, width;
};

double MaxAbsDiff(const at::Tensor &a, const at::Tensor &b) {
  return (a - b).abs().max().item<double>();
}

// Forward values and the gradients of a random linear functional of the output,
// with respect to input, weight and bias, against LibTorch's own
// conv_transpose2d (double precision).
TEST(SubPixelTest, MatchesConvTranspose2dForwardAndBackward) {
  at::manual_seed(7);
  // Table 1's decoder shapes (4 -> 8 -> 16 -> 32 -> 64, C = 1 or 3 at the end),
  // odd and non-square sizes, and grouped (K-member) layers.
  const std::vector<Case> cases = {{1, 64, 64, 4, 4},  {1, 64, 32, 8, 8}, {1, 32, 32, 16, 16},
                                   {1, 32, 1, 32, 32}, {1, 32, 3, 5, 5},  {3, 4, 2, 7, 6},
                                   {2, 3, 5, 1, 1},    {8, 6, 1, 9, 4}};
  for (const Case &c : cases) {
    SCOPED_TRACE(testing::Message() << "groups " << c.groups << ", " << c.in << " -> " << c.out
                                    << ", " << c.height << "x" << c.width);
    // at:: factories leave requires_grad off whatever the options say: set it on the leaves.
    const auto options = at::TensorOptions().dtype(at::kDouble);
    const at::Tensor input =
        at::randn({2, c.groups * c.in, c.height, c.width}, options).requires_grad_();
    const at::Tensor weight = at::randn({c.groups * c.in, c.out, 4, 4}, options).requires_grad_();
    const at::Tensor bias = at::randn({c.groups * c.out}, options).requires_grad_();

    const at::Tensor expected =
        at::conv_transpose2d(input, weight, bias, /*stride=*/2,
                             /*padding=*/1, /*output_padding=*/0, c.groups, /*dilation=*/1);
    const at::Tensor actual = SubPixelConvTranspose2d(input, weight, bias, c.groups);
    ASSERT_EQ(actual.sizes(), expected.sizes());
    EXPECT_LT(MaxAbsDiff(actual, expected), 1e-12);

    const at::Tensor probe = at::randn_like(expected);
    const std::vector<at::Tensor> wrt = {input, weight, bias};
    const auto expected_grads = torch::autograd::grad({(expected * probe).sum()}, wrt);
    const auto actual_grads = torch::autograd::grad({(actual * probe).sum()}, wrt);
    for (size_t i = 0; i < wrt.size(); ++i) {
      EXPECT_LT(MaxAbsDiff(actual_grads[i], expected_grads[i]), 1e-11) << "gradient " << i;
    }
  }
}

// The test above could pass for a wrong weight map only if conv_transpose2d
// were itself wrong in the same way; a one-hot kernel entry pins each tap
// independently of it: kernel entry (ky, kx) carries input pixel (h, w) to
// output pixel (2h - 1 + ky, 2w - 1 + kx).
TEST(SubPixelTest, EachKernelEntryMovesAPixelWhereTheDefinitionSays) {
  const auto options = at::TensorOptions().dtype(at::kDouble);
  const int64_t h = 2, w = 1;
  at::Tensor input = at::zeros({1, 1, 4, 3}, options);
  input[0][0][h][w] = 1.0;
  for (int64_t ky = 0; ky < 4; ++ky) {
    for (int64_t kx = 0; kx < 4; ++kx) {
      at::Tensor weight = at::zeros({1, 1, 4, 4}, options);
      weight[0][0][ky][kx] = 1.0;
      const at::Tensor output = SubPixelConvTranspose2d(input, weight, at::zeros({1}, options), 1);
      at::Tensor expected = at::zeros({1, 1, 8, 6}, options);
      expected[0][0][2 * h - 1 + ky][2 * w - 1 + kx] = 1.0;
      EXPECT_EQ(MaxAbsDiff(output, expected), 0.0) << "entry " << ky << ", " << kx;
    }
  }
}

TEST(SubPixelTest, RejectsOtherKernelSizes) {
  EXPECT_THROW(SubPixelWeight(at::zeros({2, 3, 3, 3}), 1), c10::Error);
}

}  // namespace
}  // namespace lambdabeta::conv_vae
