#define TORCH_ASSERT_ONLY_METHOD_OPERATORS  // no header with every operator (ARCHITECTURE.md)
#include "models/conv_vae/subpixel.h"

#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/conv2d.h>

namespace lambdabeta::conv_vae {

at::Tensor SubPixelWeight(const at::Tensor& transposed_weight, int64_t groups) {
  TORCH_CHECK(transposed_weight.dim() == 4 && transposed_weight.size(2) == 4 &&
                  transposed_weight.size(3) == 4 && transposed_weight.size(0) % groups == 0,
              "SubPixelWeight expects [groups*in, out, 4, 4], got ", transposed_weight.sizes());
  const int64_t in = transposed_weight.size(0) / groups;
  const int64_t out = transposed_weight.size(1);
  // Kernel row ky = 2u + v. Parity s of the shuffled row uses v = s, and tap t (input row
  // p - 1 + t of convolution output row p) uses u = 1 - t: flip u to get t. Same for columns.
  return transposed_weight.reshape({groups, in, out, 2, 2, 2, 2})
      .flip({3, 5})
      .permute({0, 4, 6, 2, 1, 3, 5})  // [groups, v_y, v_x, out, in, t_y, t_x]
      .reshape({groups * 4 * out, in, 2, 2});
}

at::Tensor SubPixelConvTranspose2d(const at::Tensor& input, const at::Tensor& weight,
                                   const at::Tensor& bias, int64_t groups) {
  const auto channels_last = at::MemoryFormat::ChannelsLast;
  const int64_t batch = input.size(0);
  const int64_t height = input.size(2);
  const int64_t width = input.size(3);
  const int64_t out = weight.size(1);
  const at::Tensor phases_bias =
      bias.reshape({groups, 1, out}).expand({groups, 4, out}).reshape({-1});
  const at::Tensor phases = at::conv2d(
      input.contiguous(channels_last), SubPixelWeight(weight, groups).contiguous(channels_last),
      phases_bias, /*stride=*/1, /*padding=*/1, /*dilation=*/1, groups);
  // Row 2p + s of the shuffle is output row 2p + s - 1 (columns alike).
  return phases
      .permute({0, 2, 3, 1})  // [B, H + 1, W + 1, groups * 4 * out]
      .reshape({batch, height + 1, width + 1, groups, 2, 2, out})
      .permute({0, 1, 4, 2, 5, 3, 6})  // [B, H + 1, s_y, W + 1, s_x, groups, out]
      .reshape({batch, 2 * height + 2, 2 * width + 2, groups * out})
      .narrow(1, 1, 2 * height)
      .narrow(2, 1, 2 * width)
      .permute({0, 3, 1, 2});
}

}  // namespace lambdabeta::conv_vae
