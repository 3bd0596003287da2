// Figure 7's data: per dataset, an image grid of the first evaluation images (top row) and their
// reconstructions by the seed-0 model at each of the config's reconstruction_settings (one row
// each), read from the evaluator's reconstruction files (pipeline/evaluate/reconstructions.h).
//
// fig7.dat (tab-separated, gnuplot blocks separated by two blank lines):
//   block d (d < number of datasets): dataset d's grid as a gnuplot matrix of packed RGB
//            (65536 R + 256 G + B), top pixel row first; tiles are separated by kTileGap white
//            pixels;
//   the last block: text and sizes, one row each: dataset_index, kind, x, y, text, where kind 0
//            is a row label (right-aligned at x, y), kind 1 the dataset's title (left-aligned at
//            x, y), kind 2 the grid's size (x = width, y = height in pixels; text "size"). x and
//            y are pixel coordinates of that dataset's grid, y growing downwards.
// (The text comes last: gnuplot 5.4 warns about a matrix block that follows a text block.)
#ifndef LAMBDABETA_PIPELINE_AGGREGATE_IMAGE_GRID_H_
#define LAMBDABETA_PIPELINE_AGGREGATE_IMAGE_GRID_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/proto/deep_study.pb.h"

namespace lambdabeta::aggregate {

inline constexpr int kTileGap = 4;

// `paths`: one file per (dataset, setting), datasets outer, in the config's order; each must be
// seed 0's file of that cell with num_reconstructions images, and a dataset's files must show
// the same evaluation images (the evaluator draws them from the sample seed alone).
absl::StatusOr<std::string> Figure7Data(const DeepStudyConfig& config,
                                        const std::vector<std::string>& paths);

}  // namespace lambdabeta::aggregate

#endif  // LAMBDABETA_PIPELINE_AGGREGATE_IMAGE_GRID_H_
