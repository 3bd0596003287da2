// The reconstruction file of one evaluated model (Figure 7): its first evaluation images and
// their reconstructions, in a text format gnuplot draws directly:
//
//   # lambdabeta reconstructions v1
//   # dataset=BUILTIN_SPRITES beta=16 lambda=16 seed=0 images=8 height=64 width=64 channels=1
//   # ... (more comment lines saying what follows)
//   <block 0: original 0>
//
//
//   <block 1: reconstruction 0>
//   ...
//
// Blocks are gnuplot matrix blocks separated by two blank lines: block 2i is original image i,
// block 2i+1 its reconstruction (the decoder mean of the decoded encoder mean). A block has one
// tab-separated line per pixel row, top row first, and one value per pixel: 24-bit RGB packed as
// 65536 R + 256 G + B with R, G, B in 0..255 (grey images have R = G = B). Draw block k with
//   set datafile separator "\t"; set yrange [*:*] reverse
//   plot f index k matrix using 1:2:(int($3)/65536):(int($3)/256%256):(int($3)%256) with rgbimage
// No torch here: the aggregator reads these files too.
#ifndef LAMBDABETA_PIPELINE_EVALUATE_RECONSTRUCTIONS_H_
#define LAMBDABETA_PIPELINE_EVALUATE_RECONSTRUCTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/proto/deep_study.pb.h"

namespace lambdabeta::evaluate {

// One image: height x width packed RGB values, row-major, top row first.
using PackedImage = std::vector<uint32_t>;

struct ReconstructionSet {
  ::lambdabeta::Dataset dataset = DATASET_UNSPECIFIED;
  double beta = 0;
  double lambda = 0;
  uint64_t seed = 0;
  int height = 0;
  int width = 0;
  int channels = 0;  // of the dataset: 1 (grey) or 3 (colour); pixels are packed RGB either way
  std::vector<PackedImage> originals;
  std::vector<PackedImage> reconstructions;  // same count as originals
};

// Intensities in [0, 1] (clamped) to 0..255 by rounding, packed as 65536 R + 256 G + B.
uint32_t PackRgb(double red, double green, double blue);

// Written atomically. An error if the images do not match height x width or the counts differ.
absl::Status WriteReconstructions(const std::string& path, const ReconstructionSet& set);

// Errors name the file and, for malformed content, the line.
absl::StatusOr<ReconstructionSet> ReadReconstructions(const std::string& path);

}  // namespace lambdabeta::evaluate

#endif  // LAMBDABETA_PIPELINE_EVALUATE_RECONSTRUCTIONS_H_
