#include "models/conv_vae/subpixel.h"

namespace lambdabeta::conv_vae {

torch::Tensor SubPixelWeight(const torch::Tensor &transposed_weight,
                             int64_t groups) {
  TORCH_CHECK(transposed_weight.dim() == 4 && transposed_weight.size(2) == 4 &&
                  transposed_weight.size(3) == 4 &&
                  transposed_weight.size(0) % groups == 0,
              "SubPixelWeight expects [groups*in, out, 4, 4], got ",
              transposed_weight.sizes());
  const int64_t in = transposed_weight.size(0) / groups;
  const int64_t out = transposed_weight.size(1);
  // Kernel row ky = 2u + v. Parity s of the shuffled row uses v = s, and tap t
  // (input row p - 1 + t of conv output row p) uses u = 1 - t: flip u to get t.
  // Same for columns.
  return transposed_weight.reshape({groups, in, out, 2, 2, 2, 2})
      .flip({3, 5})
      .permute({0, 2, 4, 6, 1, 3, 5}) // [groups, out, v_y, v_x, in, t_y, t_x]
      .reshape({groups * out * 4, in, 2, 2});
}

torch::Tensor SubPixelConvTranspose2d(const torch::Tensor &input,
                                      const torch::Tensor &weight,
                                      const torch::Tensor &bias,
                                      int64_t groups) {
  const int64_t height = input.size(2);
  const int64_t width = input.size(3);
  const torch::Tensor phases_bias =
      bias.unsqueeze(1).expand({bias.size(0), 4}).reshape({-1});
  const torch::Tensor phases =
      torch::conv2d(input, SubPixelWeight(weight, groups), phases_bias,
                    /*stride=*/1, /*padding=*/1, /*dilation=*/1, groups);
  // [B, groups*out, 2H + 2, 2W + 2]; its row 2p + s is output row 2p + s - 1.
  return torch::pixel_shuffle(phases, 2)
      .narrow(2, 1, 2 * height)
      .narrow(3, 1, 2 * width);
}

} // namespace lambdabeta::conv_vae
