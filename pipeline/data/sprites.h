// The built-in sprites: a procedural dSprites-like world rendered here, so that the default
// tier needs no download. 64x64 binary masks of one white shape on black; five factors in
// C order (posY fastest), as in dSprites:
//   shape (3: square, ellipse, heart), scale (6: 0.5 .. 1), orientation (10: 2*pi*k/10),
//   posX (16: 0 .. 1, left to right), posY (16: 0 .. 1, top to bottom)
// -> 46,080 images. Every shape stays inside the frame (the outermost pixel ring is always
// empty) at every position, scale and rotation. The square (90 degrees) and the ellipse
// (180 degrees) are symmetric, so some of their orientations look alike, as in dSprites.
#ifndef LAMBDABETA_PIPELINE_DATA_SPRITES_H_
#define LAMBDABETA_PIPELINE_DATA_SPRITES_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace lambdabeta::data {

enum class SpriteShape { kSquare = 0, kEllipse = 1, kHeart = 2 };

inline constexpr int kSpriteImageSize = 64;
// Class counts of the factors, colour first (constant), in dSprites' order.
inline constexpr std::array<int, 6> kSpriteClassCounts = {1, 3, 6, 10, 16, 16};
inline constexpr int64_t kNumSprites = 3 * 6 * 10 * 16 * 16;
// Pixels per unit of the shapes' own coordinates at scale 1: the square's half side.
inline constexpr double kSpriteUnitPixels = 10.0;
// Shape centres lie in [kSpriteMargin, 64 - kSpriteMargin] pixels. Every shape fits in a
// circle of radius sqrt(2) units (14.2 px at scale 1), so pixel rows 0 and 63 stay empty.
inline constexpr double kSpriteMargin = 16.0;

// Whether (u, v), in the shape's own frame (v up, units of kSpriteUnitPixels at scale 1, the
// shape centred at the origin), lies inside the shape:
//   square: |u|, |v| <= 1 (area 4);
//   ellipse: semi-axes 1.35 along u and 0.7 along v (area 2.97);
//   heart: the classic construction, point down: a diamond |u| + |v + c| <= 1 with a disc of
//   radius sqrt(0.5) on the midpoint of each upper side (area 2 + pi/2 = 3.57), shifted by
//   c = 0.1036 so that its bounding box is centred.
bool InsideSprite(SpriteShape shape, double u, double v);

// The factor values of the built-in sprites' classes.
double SpriteScale(int scale_class);              // 0.5 + 0.1 * k
double SpriteOrientation(int orientation_class);  // 2 * pi * k / 10 radians, counter-clockwise
double SpritePosition(int position_class);        // k / 15, in [0, 1]
// A position value's pixel coordinate of the shape's centre (pixel i covers [i, i+1)).
double SpriteCentrePixels(double position);

// Renders one 64x64 mask into `image` (row-major, 0 or 1): a pixel is 1 when its centre lies
// inside the shape. `x` and `y` are the centre in pixels (y down).
void RenderSprite(SpriteShape shape, double scale, double orientation, double x, double y,
                  uint8_t* image);

// All built-in sprites in dSprites' array layout.
struct SpriteArrays {
  std::vector<uint8_t> imgs;             // (N, 64, 64)
  std::vector<int64_t> latents_classes;  // (N, 6): colour (always 0), then the five factors
  std::vector<double> latents_values;    // (N, 6): colour 1, shape 1..3, then the values
};
SpriteArrays RenderBuiltinSprites(bool show_progress = false);

// Renders them and writes an .npz exactly like dSprites' (`imgs` uint8, `latents_classes`
// int64, `latents_values` float64; deflated), atomically.
absl::Status WriteBuiltinSpritesNpz(const std::string& path, bool show_progress = false);

}  // namespace lambdabeta::data

#endif  // LAMBDABETA_PIPELINE_DATA_SPRITES_H_
