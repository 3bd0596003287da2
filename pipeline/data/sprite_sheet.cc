// Writes a contact sheet of the built-in sprites, read back through LoadDataset, as a gnuplot
// matrix (one text row per pixel row; 1 = shape, 0 = background, 0.5 = gaps between tiles).
//   Rows 1-3: square, ellipse, heart at the largest scale, centred, all 10 orientations.
//   Row 4:    the heart at the 6 scales, then the ellipse at the four corner positions.
//   sprite_sheet --input=builtin_sprites.npz --output=sheet.dat
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "common/io/exit_code.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "pipeline/data/datasets.h"

ABSL_FLAG(std::string, input, "", "builtin_sprites.npz");
ABSL_FLAG(std::string, output, "", "Where to write the matrix.");

namespace lambdabeta::data {
namespace {

constexpr int kColumns = 10;
constexpr int kRows = 4;
constexpr int kGap = 3;

// The index of the image with these classes (C order over shape, scale, orientation, x, y).
int64_t ImageIndex(const Dataset& dataset, const std::vector<int>& classes) {
  int64_t index = 0;
  for (size_t f = 0; f < dataset.factors.size(); ++f) {
    index = index * dataset.factors[f].num_classes + classes[f];
  }
  return index;
}

absl::Status Run(const std::string& input, const std::string& output) {
  ASSIGN_OR_RETURN(Dataset dataset, LoadDataset(BUILTIN_SPRITES, input));
  std::vector<std::vector<int64_t>> tiles(kRows);
  for (int shape = 0; shape < 3; ++shape) {
    for (int orientation = 0; orientation < kColumns; ++orientation) {
      tiles[shape].push_back(ImageIndex(dataset, {shape, 5, orientation, 8, 8}));
    }
  }
  for (int scale = 0; scale < 6; ++scale)
    tiles[3].push_back(ImageIndex(dataset, {2, scale, 0, 8, 8}));
  for (auto [x, y] : {std::pair{0, 0}, {15, 0}, {0, 15}, {15, 15}}) {
    tiles[3].push_back(ImageIndex(dataset, {1, 5, 1, x, y}));
  }

  const int size = dataset.height;
  const int width = kColumns * size + (kColumns - 1) * kGap;
  std::string text;
  for (int tile_row = 0; tile_row < kRows; ++tile_row) {
    if (tile_row > 0) {
      for (int g = 0; g < kGap; ++g) {
        for (int c = 0; c < width; ++c) absl::StrAppend(&text, c ? " " : "", "0.5");
        text += "\n";
      }
    }
    for (int r = 0; r < size; ++r) {
      for (int t = 0; t < kColumns; ++t) {
        if (t > 0)
          for (int g = 0; g < kGap; ++g) text += " 0.5";
        const uint8_t* image = dataset.image(tiles[tile_row][t]);
        for (int c = 0; c < size; ++c)
          absl::StrAppend(&text, t || c ? " " : "", image[r * size + c]);
      }
      text += "\n";
    }
  }
  return WriteFileAtomically(output, text);
}

}  // namespace
}  // namespace lambdabeta::data

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return lambdabeta::ExitCode("sprite_sheet", lambdabeta::data::Run(absl::GetFlag(FLAGS_input),
                                                                    absl::GetFlag(FLAGS_output)));
}
