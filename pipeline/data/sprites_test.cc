#include "pipeline/data/sprites.h"

#include <array>
#include <cmath>
#include <iostream>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lambdabeta::data {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kSize = kSpriteImageSize;
using Image = std::array<uint8_t, kSize * kSize>;

Image Render(SpriteShape shape, double scale, double orientation, double x = 32.0,
             double y = 32.0) {
  Image image;
  RenderSprite(shape, scale, orientation, x, y, image.data());
  return image;
}

int Count(const Image& image) {
  int count = 0;
  for (uint8_t p : image) count += p;
  return count;
}

// The shape's area in its own units, by the midpoint rule on a fine grid: an integration
// independent of the pixel renderer (which samples 10x more coarsely, rotated and scaled).
double AreaByQuadrature(SpriteShape shape) {
  constexpr int kSteps = 1500;
  constexpr double kHalf = 1.5;
  const double h = 2 * kHalf / kSteps;
  int inside = 0;
  for (int i = 0; i < kSteps; ++i) {
    for (int j = 0; j < kSteps; ++j) {
      inside += InsideSprite(shape, -kHalf + (i + 0.5) * h, -kHalf + (j + 0.5) * h);
    }
  }
  return inside * h * h;
}

TEST(SpritesTest, ShapesAreWhereTheirDefinitionsSay) {
  EXPECT_TRUE(InsideSprite(SpriteShape::kSquare, 0.99, -0.99));
  EXPECT_FALSE(InsideSprite(SpriteShape::kSquare, 1.01, 0.0));
  EXPECT_TRUE(InsideSprite(SpriteShape::kEllipse, 1.34, 0.0));
  EXPECT_FALSE(InsideSprite(SpriteShape::kEllipse, 0.0, 0.75));
  // The heart: lobes up, a notch between them, a point at the bottom (v = -1.1036).
  EXPECT_TRUE(InsideSprite(SpriteShape::kHeart, 0.0, 0.0));
  EXPECT_TRUE(InsideSprite(SpriteShape::kHeart, 0.6, 1.0));
  EXPECT_TRUE(InsideSprite(SpriteShape::kHeart, -0.6, 1.0));
  EXPECT_FALSE(InsideSprite(SpriteShape::kHeart, 0.0, 0.95));  // the notch
  EXPECT_TRUE(InsideSprite(SpriteShape::kHeart, 0.0, -1.09));  // the point
  EXPECT_FALSE(InsideSprite(SpriteShape::kHeart, 0.0, -1.12));
  EXPECT_FALSE(InsideSprite(SpriteShape::kHeart, 0.6, -1.0));
  // The closed-form areas.
  EXPECT_NEAR(AreaByQuadrature(SpriteShape::kSquare), 4.0, 0.01);
  EXPECT_NEAR(AreaByQuadrature(SpriteShape::kEllipse), kPi * 1.35 * 0.7, 0.01);
  EXPECT_NEAR(AreaByQuadrature(SpriteShape::kHeart), 2.0 + kPi / 2, 0.01);
}

TEST(SpritesTest, RenderedAreaMatchesTheShapeArea) {
  for (SpriteShape shape : {SpriteShape::kSquare, SpriteShape::kEllipse, SpriteShape::kHeart}) {
    const double area = AreaByQuadrature(shape);
    for (double scale : {0.5, 1.0}) {
      for (double orientation : {0.0, 0.7}) {
        const double pixels_per_unit = scale * kSpriteUnitPixels;
        const double expected = area * pixels_per_unit * pixels_per_unit;
        const int count = Count(Render(shape, scale, orientation, 31.3, 32.6));
        // Pixel sampling errs by about half the perimeter in pixels; allow 6% at scale 0.5.
        EXPECT_NEAR(count, expected, (scale < 1 ? 0.06 : 0.03) * expected)
            << "shape " << static_cast<int>(shape) << " scale " << scale;
      }
    }
  }
  // An axis-aligned square centred on a pixel corner covers exactly (2 * 10 * scale)^2 pixels.
  EXPECT_EQ(Count(Render(SpriteShape::kSquare, 1.0, 0.0)), 400);
  EXPECT_EQ(Count(Render(SpriteShape::kSquare, 0.5, 0.0)), 100);
}

TEST(SpritesTest, SymmetricShapesRotateOntoThemselves) {
  // About the pixel corner (32, 32) the grid has the shapes' symmetries.
  EXPECT_EQ(Render(SpriteShape::kSquare, 1.0, 0.3),
            Render(SpriteShape::kSquare, 1.0, 0.3 + kPi / 2));
  EXPECT_EQ(Render(SpriteShape::kEllipse, 0.8, 0.3), Render(SpriteShape::kEllipse, 0.8, 0.3 + kPi));
  // The heart has only a mirror axis: turned by pi it is its vertical flip, not itself.
  const Image upright = Render(SpriteShape::kHeart, 1.0, 0.0);
  const Image turned = Render(SpriteShape::kHeart, 1.0, kPi);
  EXPECT_NE(upright, turned);
  for (int r = 0; r < kSize; ++r) {
    for (int c = 0; c < kSize; ++c) {
      ASSERT_EQ(turned[r * kSize + c], upright[(kSize - 1 - r) * kSize + c]) << r << "," << c;
    }
  }
}

TEST(SpritesTest, PositiveOrientationTurnsCounterClockwise) {
  // The heart's mass sits above its centre (the lobes); a quarter turn counter-clockwise on
  // screen moves it to the left.
  const Image turned = Render(SpriteShape::kHeart, 1.0, kPi / 2);
  double row_sum = 0, col_sum = 0;
  for (int r = 0; r < kSize; ++r) {
    for (int c = 0; c < kSize; ++c) {
      row_sum += turned[r * kSize + c] * (r + 0.5);
      col_sum += turned[r * kSize + c] * (c + 0.5);
    }
  }
  const int n = Count(turned);
  EXPECT_NEAR(row_sum / n, 32.0, 0.3);
  EXPECT_LT(col_sum / n, 32.0 - 1.0);
}

TEST(SpritesTest, EveryShapeStaysInsideTheFrameAtTheExtremes) {
  for (int shape = 0; shape < 3; ++shape) {
    for (int scale = 0; scale < 6; ++scale) {
      for (int orientation = 0; orientation < 10; ++orientation) {
        for (int x : {0, 15}) {
          for (int y : {0, 15}) {
            const Image image = Render(
                static_cast<SpriteShape>(shape), SpriteScale(scale), SpriteOrientation(orientation),
                SpriteCentrePixels(SpritePosition(x)), SpriteCentrePixels(SpritePosition(y)));
            int border = 0;
            for (int i = 0; i < kSize; ++i) {
              border += image[i] + image[(kSize - 1) * kSize + i] + image[i * kSize] +
                        image[i * kSize + kSize - 1];
            }
            ASSERT_EQ(border, 0) << shape << " " << scale << " " << orientation << " " << x << " "
                                 << y;
            ASSERT_GT(Count(image), 50);
          }
        }
      }
    }
  }
}

TEST(SpritesTest, ShapesAreClearlyDistinguishable) {
  // At every scale and orientation, any two shapes differ in a good share of their pixels.
  double smallest = 1.0;
  for (int scale = 0; scale < 6; ++scale) {
    for (int orientation = 0; orientation < 10; ++orientation) {
      std::array<Image, 3> images;
      for (int shape = 0; shape < 3; ++shape) {
        images[shape] = Render(static_cast<SpriteShape>(shape), SpriteScale(scale),
                               SpriteOrientation(orientation), 31.7, 32.2);
      }
      for (int a = 0; a < 3; ++a) {
        for (int b = a + 1; b < 3; ++b) {
          int differ = 0, either = 0;
          for (int i = 0; i < kSize * kSize; ++i) {
            differ += images[a][i] != images[b][i];
            either += images[a][i] | images[b][i];
          }
          smallest = std::min(smallest, static_cast<double>(differ) / either);
        }
      }
    }
  }
  EXPECT_GT(smallest, 0.2);
  std::cout << "smallest share of differing pixels between two shapes: " << smallest << "\n";
}

TEST(SpritesTest, FactorValuesAreDspritesLike) {
  EXPECT_DOUBLE_EQ(SpriteScale(0), 0.5);
  EXPECT_DOUBLE_EQ(SpriteScale(5), 1.0);
  EXPECT_DOUBLE_EQ(SpriteOrientation(0), 0.0);
  EXPECT_NEAR(SpriteOrientation(9), 2 * kPi * 0.9, 1e-12);
  EXPECT_DOUBLE_EQ(SpritePosition(0), 0.0);
  EXPECT_DOUBLE_EQ(SpritePosition(15), 1.0);
  EXPECT_DOUBLE_EQ(SpriteCentrePixels(0.0), kSpriteMargin);
  EXPECT_DOUBLE_EQ(SpriteCentrePixels(1.0), 64 - kSpriteMargin);
  // Neighbouring positions are over 2 pixels apart: every position is visibly different.
  EXPECT_GT(SpriteCentrePixels(SpritePosition(1)) - SpriteCentrePixels(SpritePosition(0)), 2.0);
  EXPECT_EQ(kNumSprites, 46080);
}

}  // namespace
}  // namespace lambdabeta::data
