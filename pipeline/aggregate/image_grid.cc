#include "pipeline/aggregate/image_grid.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/status_macros.h"
#include "pipeline/aggregate/result_grid.h"
#include "pipeline/evaluate/reconstructions.h"

namespace lambdabeta::aggregate {
namespace {

constexpr uint32_t kWhite = 0xFFFFFF;

using evaluate::PackedImage;
using evaluate::ReconstructionSet;

// Tiles (rows of images, all height x width) as one matrix with kTileGap white pixels between.
std::string GridMatrix(const std::vector<std::vector<const PackedImage*>>& tiles, int height,
                       int width) {
  std::string text;
  for (size_t row = 0; row < tiles.size(); ++row) {
    if (row > 0) {
      const size_t columns = tiles[row].size() * width + (tiles[row].size() - 1) * kTileGap;
      for (int g = 0; g < kTileGap; ++g) {
        for (size_t c = 0; c < columns; ++c) absl::StrAppend(&text, c ? "\t" : "", kWhite);
        text += '\n';
      }
    }
    for (int r = 0; r < height; ++r) {
      for (size_t t = 0; t < tiles[row].size(); ++t) {
        if (t > 0) {
          for (int g = 0; g < kTileGap; ++g) absl::StrAppend(&text, "\t", kWhite);
        }
        for (int c = 0; c < width; ++c) {
          absl::StrAppend(&text, t || c ? "\t" : "", (*tiles[row][t])[r * width + c]);
        }
      }
      text += '\n';
    }
  }
  return text;
}

}  // namespace

absl::StatusOr<std::string> Figure7Data(const DeepStudyConfig& config,
                                        const std::vector<std::string>& paths) {
  const int settings = config.reconstruction_settings_size();
  const size_t expected = static_cast<size_t>(config.datasets_size()) * settings;
  if (paths.size() != expected) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--reconstructions lists ", paths.size(), " files; the config asks for ", expected, " (",
        config.datasets_size(), " datasets x ", settings, " reconstruction_settings)"));
  }
  std::string labels;
  std::string matrices;
  for (int d = 0; d < config.datasets_size(); ++d) {
    const auto dataset = static_cast<::lambdabeta::Dataset>(config.datasets(d));
    std::vector<ReconstructionSet> sets;
    for (int s = 0; s < settings; ++s) {
      const std::string& path = paths[d * settings + s];
      ASSIGN_OR_RETURN(ReconstructionSet set, evaluate::ReadReconstructions(path));
      const Setting& want = config.reconstruction_settings(s);
      if (set.dataset != dataset || set.beta != want.beta() || set.lambda != want.lambda() ||
          set.seed != 0) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s holds dataset=%s beta=%g lambda=%g seed=%d, but position %d of --reconstructions "
            "(datasets x reconstruction_settings) is dataset=%s beta=%g lambda=%g seed=0",
            path, Dataset_Name(set.dataset), set.beta, set.lambda, set.seed, d * settings + s,
            Dataset_Name(dataset), want.beta(), want.lambda()));
      }
      if (static_cast<int>(set.originals.size()) != config.evaluation().num_reconstructions()) {
        return absl::InvalidArgumentError(absl::StrCat(path, " holds ", set.originals.size(),
                                                       " images, the config asks for ",
                                                       config.evaluation().num_reconstructions()));
      }
      if (!sets.empty() && (set.height != sets[0].height || set.width != sets[0].width ||
                            set.originals != sets[0].originals)) {
        return absl::InvalidArgumentError(absl::StrCat(
            path, " and ", paths[d * settings], " show different evaluation images ", "of ",
            Dataset_Name(dataset), " (each model of a dataset is scored on ", "the same images)"));
      }
      sets.push_back(std::move(set));
    }
    const int height = sets[0].height, width = sets[0].width;
    std::vector<std::vector<const PackedImage*>> tiles(settings + 1);
    for (const PackedImage& image : sets[0].originals) tiles[0].push_back(&image);
    for (int s = 0; s < settings; ++s) {
      for (const PackedImage& image : sets[s].reconstructions) tiles[s + 1].push_back(&image);
    }
    const int columns = static_cast<int>(tiles[0].size());
    const int grid_width = columns * width + (columns - 1) * kTileGap;
    const int grid_height = (settings + 1) * height + settings * kTileGap;
    absl::StrAppend(&labels, d, "\t2\t", grid_width, "\t", grid_height, "\tsize\n");
    absl::StrAppend(&labels, d, "\t1\t0\t", -2 * kTileGap, "\t", DatasetLabel(dataset), "\n");
    for (int row = 0; row <= settings; ++row) {
      const std::string text =
          row == 0
              ? "input"
              : absl::StrFormat("β = %g, λ = %g", config.reconstruction_settings(row - 1).beta(),
                                config.reconstruction_settings(row - 1).lambda());
      absl::StrAppend(&labels, d, "\t0\t", -2 * kTileGap, "\t",
                      row * (height + kTileGap) + height / 2, "\t", text, "\n");
    }
    absl::StrAppend(&matrices, GridMatrix(tiles, height, width), "\n\n");
  }
  return absl::StrCat(
      "# Figure 7: evaluation images (top row of each grid) and their reconstructions (decoder "
      "mean of the decoded encoder mean) by the seed-0 model at each reconstruction setting.\n"
      "# Block d: dataset d's grid, a matrix of packed RGB (65536 R + 256 G + B), top row first, "
      "tiles separated by ",
      kTileGap,
      " white pixels. Last block: dataset_index, kind (0 row "
      "label, 1 title, 2 grid size), x, y (pixels, y down), text.\n",
      matrices, labels);
}

}  // namespace lambdabeta::aggregate
