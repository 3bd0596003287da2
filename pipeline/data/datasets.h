// Loads each dataset file into the common in-memory form (dataset.h):
//   BUILTIN_SPRITES  builtin_sprites.npz (//pipeline/data:builtin_sprites), dSprites' layout
//   DSPRITES         dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz: `imgs`, `latents_classes`,
//                    `latents_values`; the constant colour factor is dropped
//   SHAPES3D         3dshapes.h5: `images`, `labels` (factor values; classes are the ranks of
//                    each factor's distinct values rounded to 6 decimals)
//   MPI3D_REAL       mpi3d_real.npz: `images`; factors implied by C-order position,
//                    values = class indices
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
#include "pipeline/data/dataset.h"
#include "common/proto/deep_study.pb.h"

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

// How a dataset's file is laid out.
enum class FileFormat {
  kDspritesNpz,  // imgs, latents_classes, latents_values (colour first)
  kShapes3dH5,   // images, labels (factor values)
  kMpi3dNpz,     // images only
};

// What LoadDataset expects of a file: its format and factors. The factors' class counts fix
// the number of images. Tests load tiny files of each format with small factor counts.
struct DatasetLayout {
  std::string name;
  FileFormat format;
  std::vector<Factor> factors;  // the varying factors, in C order of the images
};

// The layout of each dataset (factor names and class counts as published).
// An error for DATASET_UNSPECIFIED.
absl::StatusOr<DatasetLayout> LayoutOf(::lambdabeta::Dataset kind);

// LoadDataset for a given layout.
absl::StatusOr<Dataset> LoadDatasetWithLayout(const DatasetLayout& layout, const std::string& path,
                                              const LoadOptions& options = {});

// The official file name of `kind` ("3dshapes.h5", ...); empty for DATASET_UNSPECIFIED.
std::string DatasetFileName(::lambdabeta::Dataset kind);

}  // namespace lambdabeta::data

#endif  // LAMBDABETA_PIPELINE_DATA_DATASETS_H_
