// Table 1 as built: the conv VAE's layers with their output shapes and parameter counts, in a
// torch-free header so that the table tool does not compile LibTorch.
#ifndef LAMBDABETA_MODELS_CONV_VAE_LAYERS_H_
#define LAMBDABETA_MODELS_CONV_VAE_LAYERS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/proto/deep_study.pb.h"

namespace lambdabeta::conv_vae {

// One row of Table 1. `layer` and `output_shape` write the image channel count as "C" (the
// same text for every C); `parameters` counts the weights and biases of one model for the C
// the description was made for.
struct LayerRow {
  std::string part;          // "Encoder" or "Decoder"
  std::string layer;         // e.g. "Conv (4×4, 32), stride 2, ReLU"
  std::string output_shape;  // per image: "32×32×32" (H×W×channels) or "256"
  int64_t parameters = 0;
};

// Builds the model for `channels` input channels and traces one image through it, so every
// shape and count is read off the real network.
absl::StatusOr<std::vector<LayerRow>> DescribeArchitecture(const Architecture& architecture,
                                                           int channels);

}  // namespace lambdabeta::conv_vae

#endif  // LAMBDABETA_MODELS_CONV_VAE_LAYERS_H_
