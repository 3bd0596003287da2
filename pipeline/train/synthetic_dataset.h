// A small procedural dataset for the trainer's tests, its benchmark and trying
// `//pipeline/train:train_conv_vae` without the paper's data: one filled square per 64x64 image.
// Not a dataset of the paper (the default tier's built-in sprites live in pipeline/data).
#ifndef LAMBDABETA_PIPELINE_TRAIN_SYNTHETIC_DATASET_H_
#define LAMBDABETA_PIPELINE_TRAIN_SYNTHETIC_DATASET_H_

#include <cstdint>

#include "pipeline/data/dataset.h"

namespace lambdabeta::train {

// `num_images` images of a square with random side (8..23 px), position and, for 3 channels,
// colour. Factors: side, x, y in pixels (classes from 0). 1 channel: 0/1 pixels, pixel_scale 1
// (like dSprites); 3 channels: 0..255, pixel_scale 1/255 (like Shapes3D).
data::Dataset SyntheticSquares(int64_t num_images, int channels, uint64_t seed);

}  // namespace lambdabeta::train

#endif  // LAMBDABETA_PIPELINE_TRAIN_SYNTHETIC_DATASET_H_
