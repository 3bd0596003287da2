// The generated builtin_sprites.npz, through the same loader as dSprites: its shape, factors,
// frame margins and a few images against the renderer.
#include <array>
#include <string>

#include "gtest/gtest.h"
#include "pipeline/data/datasets.h"
#include "pipeline/data/sprites.h"

namespace lambdabeta::data {
namespace {

constexpr char kPath[] = "pipeline/data/builtin_sprites.npz";

class BuiltinSpritesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<Dataset> loaded = LoadDataset(BUILTIN_SPRITES, kPath, {"", false});
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    dataset_ = new Dataset(*std::move(loaded));
  }
  static void TearDownTestSuite() { delete dataset_; }
  static const Dataset* dataset_;
};

const Dataset* BuiltinSpritesTest::dataset_ = nullptr;

TEST_F(BuiltinSpritesTest, HasTheDocumentedShape) {
  const Dataset& d = *dataset_;
  EXPECT_EQ(d.name, "builtin_sprites");
  EXPECT_EQ(d.num_images, 46080);
  EXPECT_EQ(d.height, 64);
  EXPECT_EQ(d.width, 64);
  EXPECT_EQ(d.channels, 1);
  EXPECT_EQ(d.pixel_scale, 1.0f);
  ASSERT_EQ(d.factors.size(), 5u);
  const std::array<const char*, 5> names = {"shape", "scale", "orientation", "posX", "posY"};
  const std::array<int, 5> counts = {3, 6, 10, 16, 16};
  for (int f = 0; f < 5; ++f) {
    EXPECT_EQ(d.factors[f].name, names[f]);
    EXPECT_EQ(d.factors[f].num_classes, counts[f]);
  }
  EXPECT_EQ(d.images.size(), int64_t{46080} * 64 * 64);
  EXPECT_FALSE(d.images.mapped());  // a deflated member: read, not mapped
  // The last image: heart, largest scale, last orientation, bottom-right.
  for (int f = 0; f < 5; ++f) EXPECT_EQ(d.factor_class(46079, f), counts[f] - 1);
  EXPECT_DOUBLE_EQ(d.factor_value(46079, 0), 3.0);  // dSprites numbers shapes 1..3
  EXPECT_DOUBLE_EQ(d.factor_value(46079, 1), 1.0);
  EXPECT_DOUBLE_EQ(d.factor_value(46079, 3), 1.0);
}

TEST_F(BuiltinSpritesTest, EveryImageHasAShapeAndAnEmptyBorder) {
  const Dataset& d = *dataset_;
  for (int64_t i = 0; i < d.num_images; ++i) {
    const uint8_t* image = d.image(i);
    int border = 0, total = 0;
    for (int k = 0; k < 64; ++k) {
      border += image[k] + image[63 * 64 + k] + image[k * 64] + image[k * 64 + 63];
    }
    for (int p = 0; p < 64 * 64; ++p) total += image[p];
    ASSERT_EQ(border, 0) << "image " << i;
    ASSERT_GT(total, 50) << "image " << i;
  }
}

TEST_F(BuiltinSpritesTest, ImagesAreTheRenderedSpritesOfTheirFactors) {
  const Dataset& d = *dataset_;
  for (int64_t i :
       {int64_t{0}, int64_t{1}, int64_t{257}, int64_t{12345}, int64_t{30000}, int64_t{46079}}) {
    std::array<uint8_t, 64 * 64> expected;
    RenderSprite(static_cast<SpriteShape>(d.factor_class(i, 0)), d.factor_value(i, 1),
                 d.factor_value(i, 2), SpriteCentrePixels(d.factor_value(i, 3)),
                 SpriteCentrePixels(d.factor_value(i, 4)), expected.data());
    for (int p = 0; p < 64 * 64; ++p) ASSERT_EQ(d.image(i)[p], expected[p]) << i << " " << p;
  }
  // posX moves the shape right, posY moves it down: image 0 (x = y = 0) has its mass top left.
  int64_t row = 0, col = 0, n = 0;
  for (int p = 0; p < 64 * 64; ++p) {
    row += d.image(0)[p] * (p / 64);
    col += d.image(0)[p] * (p % 64);
    n += d.image(0)[p];
  }
  EXPECT_LT(row / n, 20);
  EXPECT_LT(col / n, 20);
}

}  // namespace
}  // namespace lambdabeta::data
