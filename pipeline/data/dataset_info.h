// What the study knows about each dataset it can train on: one row per value of the `Dataset`
// enum, generated from the table in pipeline/data/registry.bzl, which the download rules read
// too. Loaders, tools, aggregation and the claims read names, files, formats and factors here.
#ifndef LAMBDABETA_PIPELINE_DATA_DATASET_INFO_H_
#define LAMBDABETA_PIPELINE_DATA_DATASET_INFO_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/proto/deep_study.pb.h"
#include "pipeline/data/dataset.h"

namespace lambdabeta::data {

// How a dataset's file is laid out (each has its loader in datasets.cc).
enum class FileFormat {
  kDspritesNpz,  // imgs, latents_classes, latents_values (colour first)
  kShapes3dH5,   // images, labels (factor values)
  kMpi3dNpz,     // images only
};

// What a loader expects of a file: its format and factors. The factors' class counts fix the
// number of images. Tests load tiny files of each format with small factor counts.
struct DatasetLayout {
  std::string name;  // "shapes3d": Bazel repository, output folders, messages
  FileFormat format;
  std::vector<Factor> factors;  // the varying factors, in C order of the images
};

struct DatasetInfo {
  ::lambdabeta::Dataset kind;
  DatasetLayout layout;
  std::string label;  // "Shapes3D": figures, tables, the report
  std::string file;   // the official file name, "3dshapes.h5"
};

// Every dataset, in the order of registry.bzl.
const std::vector<DatasetInfo>& AllDatasets();

// The row of `kind`; an error naming the enum value if it has none (DATASET_UNSPECIFIED).
absl::StatusOr<const DatasetInfo*> FindDataset(::lambdabeta::Dataset kind);

// The dataset named `name` ("SHAPES3D", its enum name); an error that lists the known names.
absl::StatusOr<::lambdabeta::Dataset> ParseDataset(const std::string& name);

// The label of `kind`, or its enum name if it has no row.
std::string DatasetLabel(::lambdabeta::Dataset kind);

}  // namespace lambdabeta::data

#endif  // LAMBDABETA_PIPELINE_DATA_DATASET_INFO_H_
