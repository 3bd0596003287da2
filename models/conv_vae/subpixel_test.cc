#include "models/conv_vae/subpixel.h"

#include <torch/autograd.h>
#include <torch/types.h>

#include <vector>

#include "gtest/gtest.h"

namespace lambdabeta::conv_vae {
namespace {

struct Case {
  int64_t groups, in, out, height, width;
};

double MaxAbsDiff(const torch::Tensor &a, const torch::Tensor &b) {
  return (a - b).abs().max().item<double>();
}

// Forward values and the gradients of a random linear functional of the output,
// with respect to input, weight and bias, against LibTorch's own
// conv_transpose2d (double precision).
TEST(SubPixelTest, MatchesConvTranspose2dForwardAndBackward) {
  torch::manual_seed(7);
  // Table 1's decoder shapes (4 -> 8 -> 16 -> 32 -> 64, C = 1 or 3 at the end),
  // odd and non-square sizes, and grouped (K-member) layers.
  const std::vector<Case> cases = {{1, 64, 64, 4, 4},  {1, 64, 32, 8, 8}, {1, 32, 32, 16, 16},
                                   {1, 32, 1, 32, 32}, {1, 32, 3, 5, 5},  {3, 4, 2, 7, 6},
                                   {2, 3, 5, 1, 1},    {8, 6, 1, 9, 4}};
  for (const Case &c : cases) {
    SCOPED_TRACE(testing::Message() << "groups " << c.groups << ", " << c.in << " -> " << c.out
                                    << ", " << c.height << "x" << c.width);
    const auto options = torch::TensorOptions().dtype(torch::kDouble).requires_grad(true);
    const torch::Tensor input = torch::randn({2, c.groups * c.in, c.height, c.width}, options);
    const torch::Tensor weight = torch::randn({c.groups * c.in, c.out, 4, 4}, options);
    const torch::Tensor bias = torch::randn({c.groups * c.out}, options);

    const torch::Tensor expected =
        torch::conv_transpose2d(input, weight, bias, /*stride=*/2,
                                /*padding=*/1, /*output_padding=*/0, c.groups, /*dilation=*/1);
    const torch::Tensor actual = SubPixelConvTranspose2d(input, weight, bias, c.groups);
    ASSERT_EQ(actual.sizes(), expected.sizes());
    EXPECT_LT(MaxAbsDiff(actual, expected), 1e-12);

    const torch::Tensor probe = torch::randn_like(expected);
    const std::vector<torch::Tensor> wrt = {input, weight, bias};
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
  const auto options = torch::TensorOptions().dtype(torch::kDouble);
  const int64_t h = 2, w = 1;
  torch::Tensor input = torch::zeros({1, 1, 4, 3}, options);
  input[0][0][h][w] = 1.0;
  for (int64_t ky = 0; ky < 4; ++ky) {
    for (int64_t kx = 0; kx < 4; ++kx) {
      torch::Tensor weight = torch::zeros({1, 1, 4, 4}, options);
      weight[0][0][ky][kx] = 1.0;
      const torch::Tensor output =
          SubPixelConvTranspose2d(input, weight, torch::zeros({1}, options), 1);
      torch::Tensor expected = torch::zeros({1, 1, 8, 6}, options);
      expected[0][0][2 * h - 1 + ky][2 * w - 1 + kx] = 1.0;
      EXPECT_EQ(MaxAbsDiff(output, expected), 0.0) << "entry " << ky << ", " << kx;
    }
  }
}

TEST(SubPixelTest, RejectsOtherKernelSizes) {
  EXPECT_THROW(SubPixelWeight(torch::zeros({2, 3, 3, 3}), 1), c10::Error);
}

}  // namespace
}  // namespace lambdabeta::conv_vae
