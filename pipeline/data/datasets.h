// Loads each dataset file into the common in-memory form (dataset.h). The datasets, their files
// and factors are the rows of dataset_info.h (pipeline/data/registry.bzl); each file format has a
// loader here:
//   DSPRITES_NPZ  `imgs`, `latents_classes`, `latents_values` (dSprites and the built-in
//                 sprites; dSprites' constant colour factor is dropped)
//   SHAPES3D_H5   `images`, `labels` (factor values; classes are the ranks of each factor's
//                 distinct values rounded to 6 decimals)
//   MPI3D_NPZ     `images`; factors implied by C-order position, values = class indices
// Every loader checks dtypes, shapes and the factors' class counts, and that rows are in C order
// over the factors (last factor fastest), so `factor_classes` can be trusted. Images stay uint8.
// Images the file holds as plain bytes (MPI3D-real's stored npz member; a contiguous, unfiltered
// HDF5 dataset) are mapped in place, not read (see ImageStore): loading then reads only headers
// and labels, and an image's bytes come from disk, once for all processes, when first touched.
// Compressed images (dSprites, the built-in sprites, the published 3dshapes.h5) are read whole.
#ifndef LAMBDABETA_PIPELINE_DATA_DATASETS_H_
#define LAMBDABETA_PIPELINE_DATA_DATASETS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/proto/deep_study.pb.h"
#include "pipeline/data/dataset.h"
#include "pipeline/data/dataset_info.h"

namespace lambdabeta::data {

struct LoadOptions {
  // If set (lower-case hex), the file's SHA-256 must be this; checked before parsing.
  std::string expected_sha256;
  // Progress lines on stderr while reading big arrays.
  bool show_progress = true;
  // Map images the file holds as plain bytes instead of reading them into memory.
  bool map_images = true;
  // Mapped npz images skip the CRC-32 check of a read (it reads every byte; the download rules
  // already check the file's SHA-256): this streams the member once to check its CRC-32.
  // Members that are read are always CRC-checked; HDF5 keeps no checksum of raw data.
  bool verify_checksum = false;
};

// Errors name the file and the fault: NotFound (missing file, array or dataset), DataLoss
// (not a zip/HDF5 file, truncated or corrupt data, checksum mismatch), InvalidArgument (wrong
// dtype, shape, order or factor structure).
absl::StatusOr<Dataset> LoadDataset(::lambdabeta::Dataset kind, const std::string& path,
                                    const LoadOptions& options = {});

// The layout of each dataset (its row of dataset_info.h). An error for DATASET_UNSPECIFIED.
absl::StatusOr<DatasetLayout> LayoutOf(::lambdabeta::Dataset kind);

// LoadDataset for a given layout.
absl::StatusOr<Dataset> LoadDatasetWithLayout(const DatasetLayout& layout, const std::string& path,
                                              const LoadOptions& options = {});

}  // namespace lambdabeta::data

#endif  // LAMBDABETA_PIPELINE_DATA_DATASETS_H_
