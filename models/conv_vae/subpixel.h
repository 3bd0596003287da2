// Transposed convolutions (stride 2, kernel 4, padding 1) as ordinary convolutions.
//
// LibTorch 1.13's CPU conv_transpose2d takes the im2col path (slow_conv_transpose2d), not
// oneDNN. Output row Y = 2a + r of such a layer reads input rows {a - 1, a} through kernel rows
// {3, 1} when r = 0 and rows {a, a + 1} through kernel rows {2, 0} when r = 1: each output
// parity is a kernel-2 convolution. One kernel-2 convolution with 4x the output channels (one
// block per (row parity, column parity)) over the input padded by 1 computes all four; a pixel
// shuffle interleaves them, and cropping one pixel at each border aligns the parities. The
// result equals conv_transpose2d up to float summation order.
//
// Speed (measured, see pipeline/README.md): the convolution runs through oneDNN in channels-last
// layout, and with the parity blocks outermost in the channels the shuffle is a copy of whole
// runs of `out` floats; ATen's pixel_shuffle (NCHW, one float at a time) cost more than the
// convolution it served.
#ifndef LAMBDABETA_MODELS_CONV_VAE_SUBPIXEL_H_
#define LAMBDABETA_MODELS_CONV_VAE_SUBPIXEL_H_

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace lambdabeta::conv_vae {

// The kernel-2 convolution weight [groups*4*out, in, 2, 2] (each group's channels ordered row
// parity, column parity, out) for a transposed-convolution weight [groups*in, out, 4, 4] in
// conv_transpose2d's layout. Differentiable.
at::Tensor SubPixelWeight(const at::Tensor& transposed_weight, int64_t groups);

// conv_transpose2d(input, weight, bias, stride 2, padding 1, output_padding 0, groups) for
// input [B, groups*in, H, W], weight [groups*in, out, 4, 4], bias [groups*out]; output
// [B, groups*out, 2H, 2W] (a channels-last view).
at::Tensor SubPixelConvTranspose2d(const at::Tensor& input, const at::Tensor& weight,
                                   const at::Tensor& bias, int64_t groups);

}  // namespace lambdabeta::conv_vae

#endif  // LAMBDABETA_MODELS_CONV_VAE_SUBPIXEL_H_
