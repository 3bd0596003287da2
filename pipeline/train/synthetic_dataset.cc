#include "pipeline/train/synthetic_dataset.h"

#include <random>
#include <utility>
#include <vector>

namespace lambdabeta::train {

data::Dataset SyntheticSquares(int64_t num_images, int channels, uint64_t seed) {
  constexpr int kSize = 64, kMinSide = 8, kSides = 16;
  data::Dataset d;
  d.name = channels == 1 ? "synthetic_squares_1ch" : "synthetic_squares_3ch";
  d.num_images = num_images;
  d.height = kSize;
  d.width = kSize;
  d.channels = channels;
  d.pixel_scale = channels == 1 ? 1.0f : 1.0f / 255.0f;
  std::vector<uint8_t> images(static_cast<size_t>(num_images * d.image_bytes()), 0);
  d.factors = {{"side", kSides}, {"x", kSize - kMinSide + 1}, {"y", kSize - kMinSide + 1}};
  std::mt19937_64 rng(seed);
  for (int64_t i = 0; i < num_images; ++i) {
    const int side = kMinSide + static_cast<int>(rng() % kSides);
    const int x = static_cast<int>(rng() % (kSize - side + 1));
    const int y = static_cast<int>(rng() % (kSize - side + 1));
    uint8_t colour[3] = {1, 1, 1};
    if (channels != 1) {
      for (int c = 0; c < channels && c < 3; ++c)
        colour[c] = static_cast<uint8_t>(55 + rng() % 201);
    }
    uint8_t* image = images.data() + i * d.image_bytes();
    for (int row = y; row < y + side; ++row) {
      for (int column = x; column < x + side; ++column) {
        for (int c = 0; c < channels; ++c) {
          image[(row * kSize + column) * channels + c] = colour[c % 3];
        }
      }
    }
    d.factor_classes.insert(d.factor_classes.end(), {side - kMinSide, x, y});
    d.factor_values.insert(d.factor_values.end(), {double(side), double(x), double(y)});
  }
  d.images = data::ImageStore::Owned(std::move(images));
  return d;
}

}  // namespace lambdabeta::train
