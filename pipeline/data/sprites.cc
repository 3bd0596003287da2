#include "pipeline/data/sprites.h"

#include <algorithm>
#include <cmath>

#include "common/io/progress.h"
#include "common/status/status_macros.h"
#include "pipeline/data/npz.h"

namespace lambdabeta::data {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kEllipseLong = 1.35;
constexpr double kEllipseShort = 0.7;
// The heart's diamond is centred this far below the origin, which centres its bounding box
// (the point at -1 - c, the lobes' tops at 0.5 + sqrt(0.5) - c): c = (sqrt(0.5) - 0.5) / 2.
constexpr double kHeartDrop = 0.10355339059327379;
// Radius, in shape units, of a circle that holds every shape (the square's corners).
constexpr double kSpriteRadius = 1.41421356237309515;

}  // namespace

bool InsideSprite(SpriteShape shape, double u, double v) {
  switch (shape) {
    case SpriteShape::kSquare:
      return std::abs(u) <= 1.0 && std::abs(v) <= 1.0;
    case SpriteShape::kEllipse: {
      const double a = u / kEllipseLong;
      const double b = v / kEllipseShort;
      return a * a + b * b <= 1.0;
    }
    case SpriteShape::kHeart: {
      // A diamond (a square turned 45 degrees, half-diagonal 1) with a disc on each upper side
      // (centred on the side's midpoint, radius half the side: sqrt(0.5)).
      const double y = v + kHeartDrop;
      if (std::abs(u) + std::abs(y) <= 1.0) return true;
      const double du = std::abs(u) - 0.5;
      const double dy = y - 0.5;
      return du * du + dy * dy <= 0.5;
    }
  }
  return false;
}

double SpriteScale(int scale_class) { return 0.5 + 0.1 * scale_class; }

double SpriteOrientation(int orientation_class) { return 2.0 * kPi * orientation_class / 10.0; }

double SpritePosition(int position_class) { return position_class / 15.0; }

double SpriteCentrePixels(double position) {
  return kSpriteMargin + position * (kSpriteImageSize - 2.0 * kSpriteMargin);
}

void RenderSprite(SpriteShape shape, double scale, double orientation, double x, double y,
                  uint8_t* image) {
  std::fill(image, image + kSpriteImageSize * kSpriteImageSize, 0);
  const double pixels_per_unit = scale * kSpriteUnitPixels;
  const double cos_t = std::cos(orientation);
  const double sin_t = std::sin(orientation);
  // Only the pixels within the shape's bounding circle can be inside.
  const double reach = kSpriteRadius * pixels_per_unit + 1.0;
  const int row_begin = std::max(0, static_cast<int>(std::floor(y - reach)));
  const int row_end = std::min(kSpriteImageSize, static_cast<int>(std::ceil(y + reach)));
  const int col_begin = std::max(0, static_cast<int>(std::floor(x - reach)));
  const int col_end = std::min(kSpriteImageSize, static_cast<int>(std::ceil(x + reach)));
  for (int row = row_begin; row < row_end; ++row) {
    const double up = (y - (row + 0.5)) / pixels_per_unit;  // screen y points down
    for (int col = col_begin; col < col_end; ++col) {
      const double right = (col + 0.5 - x) / pixels_per_unit;
      // Rotating the shape by +orientation = rotating the point by -orientation.
      const double u = cos_t * right + sin_t * up;
      const double v = -sin_t * right + cos_t * up;
      image[row * kSpriteImageSize + col] = InsideSprite(shape, u, v) ? 1 : 0;
    }
  }
}

SpriteArrays RenderBuiltinSprites(bool show_progress) {
  constexpr int64_t kPixels = kSpriteImageSize * kSpriteImageSize;
  SpriteArrays arrays;
  arrays.imgs.resize(kNumSprites * kPixels);
  arrays.latents_classes.reserve(kNumSprites * 6);
  arrays.latents_values.reserve(kNumSprites * 6);
  Progress progress("render builtin sprites", kNumSprites, "images");
  int64_t n = 0;
  for (int shape = 0; shape < kSpriteClassCounts[1]; ++shape) {
    for (int scale = 0; scale < kSpriteClassCounts[2]; ++scale) {
      for (int orientation = 0; orientation < kSpriteClassCounts[3]; ++orientation) {
        for (int pos_x = 0; pos_x < kSpriteClassCounts[4]; ++pos_x) {
          for (int pos_y = 0; pos_y < kSpriteClassCounts[5]; ++pos_y, ++n) {
            const double x = SpritePosition(pos_x);
            const double y = SpritePosition(pos_y);
            RenderSprite(static_cast<SpriteShape>(shape), SpriteScale(scale),
                         SpriteOrientation(orientation), SpriteCentrePixels(x),
                         SpriteCentrePixels(y), arrays.imgs.data() + n * kPixels);
            arrays.latents_classes.insert(arrays.latents_classes.end(),
                                          {0, shape, scale, orientation, pos_x, pos_y});
            // dSprites' values: colour 1 (white), shape 1..3, then the physical values.
            arrays.latents_values.insert(
                arrays.latents_values.end(),
                {1.0, shape + 1.0, SpriteScale(scale), SpriteOrientation(orientation), x, y});
          }
        }
        if (show_progress) progress.Update(n);
      }
    }
  }
  if (show_progress) progress.Finish();
  return arrays;
}

absl::Status WriteBuiltinSpritesNpz(const std::string& path, bool show_progress) {
  const SpriteArrays arrays = RenderBuiltinSprites(show_progress);
  NpzWriter writer;
  RETURN_IF_ERROR(writer.AddArray("imgs", DType::kUint8,
                                  {kNumSprites, kSpriteImageSize, kSpriteImageSize}, arrays.imgs,
                                  ZipCompression::kDeflate));
  RETURN_IF_ERROR(writer.AddArray("latents_classes", DType::kInt64, {kNumSprites, 6},
                                  arrays.latents_classes, ZipCompression::kDeflate));
  RETURN_IF_ERROR(writer.AddArray("latents_values", DType::kFloat64, {kNumSprites, 6},
                                  arrays.latents_values, ZipCompression::kDeflate));
  return writer.Write(path, show_progress);
}

}  // namespace lambdabeta::data
