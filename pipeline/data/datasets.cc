#include "pipeline/data/datasets.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <utility>

#include "Eigen/Core"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "pipeline/data/h5.h"
#include "pipeline/data/npz.h"
#include "pipeline/metrics/factor_classes.h"

namespace lambdabeta::data {

using ::lambdabeta::BUILTIN_SPRITES;
using ::lambdabeta::DSPRITES;
using ::lambdabeta::MPI3D_REAL;
using ::lambdabeta::SHAPES3D;

namespace {

using RowMajorMatrixXd = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// An empty dataset of `layout` with its factors, image count and pixel format filled in.
Dataset NewDataset(const DatasetLayout& layout) {
  Dataset dataset;
  dataset.name = layout.name;
  dataset.factors = layout.factors;
  dataset.num_images = 1;
  for (const Factor& factor : dataset.factors) dataset.num_images *= factor.num_classes;
  const bool rgb = layout.format != FileFormat::kDspritesNpz;
  dataset.channels = rgb ? 3 : 1;
  dataset.pixel_scale = rgb ? 1.0f / 255.0f : 1.0f;
  return dataset;
}

// The class of factor `f` of image `i` when images are in C order over the factors.
class COrder {
 public:
  explicit COrder(const std::vector<Factor>& factors) : strides_(factors.size()) {
    int64_t stride = 1;
    for (size_t f = factors.size(); f-- > 0;) {
      strides_[f] = stride;
      stride *= factors[f].num_classes;
    }
    for (const Factor& factor : factors) sizes_.push_back(factor.num_classes);
  }
  int32_t ClassOf(int64_t i, size_t f) const {
    return static_cast<int32_t>((i / strides_[f]) % sizes_[f]);
  }

 private:
  std::vector<int64_t> strides_;
  std::vector<int64_t> sizes_;
};

void FillCOrderClasses(Dataset* dataset) {
  const COrder order(dataset->factors);
  const size_t num_factors = dataset->factors.size();
  dataset->factor_classes.resize(dataset->num_images * num_factors);
  for (int64_t i = 0; i < dataset->num_images; ++i) {
    for (size_t f = 0; f < num_factors; ++f) {
      dataset->factor_classes[i * num_factors + f] = order.ClassOf(i, f);
    }
  }
}

// The rows must be in C order over the factors: checks every class of every image.
absl::Status CheckCOrder(absl::string_view where, const Dataset& dataset) {
  const COrder order(dataset.factors);
  const size_t num_factors = dataset.factors.size();
  for (int64_t i = 0; i < dataset.num_images; ++i) {
    for (size_t f = 0; f < num_factors; ++f) {
      const int32_t expected = order.ClassOf(i, f);
      const int32_t found = dataset.factor_classes[i * num_factors + f];
      if (found != expected) {
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": image ", i, " has ", dataset.factors[f].name, " class ", found,
            ", but C order over the factors (last fastest) puts class ", expected, " there"));
      }
    }
  }
  return absl::OkStatus();
}

// Images mapped in place if `map` finds them stored as plain bytes (and options allow it),
// otherwise read into memory of their own by `read`.
template <typename Map, typename Read>
absl::StatusOr<ImageStore> MapOrReadImages(const LoadOptions& options, Map map, Read read) {
  if (options.map_images) {
    ASSIGN_OR_RETURN(std::optional<MappedArray> mapped, map());
    if (mapped.has_value()) return ImageStore::Mapped(std::move(mapped->bytes));
  }
  std::vector<uint8_t> bytes;
  RETURN_IF_ERROR(read(&bytes));
  return ImageStore::Owned(std::move(bytes));
}

// Until a consumer says it will read all images (ImageStore::WillReadAll), a touch reads only
// its image's pages, not megabytes around them: an evaluation's 15,000 random images would
// otherwise read most of MPI3D-real.
constexpr MappedRegion::Access kImageAccess = MappedRegion::Access::kScattered;

absl::StatusOr<ImageStore> LoadImages(const NpzReader& npz, const std::string& name,
                                      const ArraySpec& spec, const LoadOptions& options) {
  return MapOrReadImages(
      options,
      [&] {
        return npz.MapArray(name, spec, kImageAccess, options.verify_checksum,
                            options.show_progress);
      },
      [&](std::vector<uint8_t>* bytes) {
        return npz.ReadArray(name, spec, bytes, options.show_progress).status();
      });
}

absl::StatusOr<ImageStore> LoadImages(const H5Reader& h5, const std::string& name,
                                      const ArraySpec& spec, const LoadOptions& options) {
  return MapOrReadImages(
      options, [&] { return h5.MapDataset(name, spec, kImageAccess); },
      [&](std::vector<uint8_t>* bytes) {
        return h5.ReadDataset(name, spec, bytes, options.show_progress).status();
      });
}

// dSprites' masks are 0/1 (pixel_scale 1): anything else is the wrong file.
absl::Status CheckBinary(absl::string_view where, const ImageStore& images) {
  const auto bad = std::find_if(images.begin(), images.end(), [](uint8_t p) { return p > 1; });
  if (bad == images.end()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(where, ": pixel ", bad - images.begin(), " is ",
                                                 static_cast<int>(*bad),
                                                 "; dSprites-style masks are 0 or 1"));
}

// dSprites and the built-in sprites: `imgs` (N, 64, 64) uint8, `latents_classes` (N, 6) int64,
// `latents_values` (N, 6) float64; column 0 is the constant colour, dropped here.
absl::StatusOr<Dataset> LoadDspritesNpz(const DatasetLayout& layout, const std::string& path,
                                        const LoadOptions& options) {
  Dataset dataset = NewDataset(layout);
  const int64_t n = dataset.num_images;
  ASSIGN_OR_RETURN(std::unique_ptr<NpzReader> npz, NpzReader::Open(path));
  std::vector<int64_t> latents_classes;
  std::vector<double> latents_values;
  ASSIGN_OR_RETURN(
      ImageStore images,
      LoadImages(*npz, "imgs", {DType::kUint8, {n, dataset.height, dataset.width}}, options));
  dataset.images = std::move(images);
  RETURN_IF_ERROR(
      npz->ReadArray("latents_classes", {DType::kInt64, {n, 6}}, &latents_classes).status());
  RETURN_IF_ERROR(
      npz->ReadArray("latents_values", {DType::kFloat64, {n, 6}}, &latents_values).status());
  dataset.images.WillReadAll();  // the check reads every pixel
  RETURN_IF_ERROR(CheckBinary(absl::StrCat(path, ": array 'imgs'"), dataset.images));
  constexpr size_t kColumns = 6;
  const size_t num_factors = dataset.factors.size();  // 5: colour dropped
  dataset.factor_classes.resize(n * num_factors);
  dataset.factor_values.resize(n * num_factors);
  for (int64_t i = 0; i < n; ++i) {
    if (latents_classes[i * kColumns] != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": array 'latents_classes': image ", i, " has colour class ",
                       latents_classes[i * kColumns], "; the colour factor must be constant 0"));
    }
    for (size_t f = 0; f < num_factors; ++f) {
      const int64_t found = latents_classes[i * kColumns + 1 + f];
      if (found < 0 || found >= dataset.factors[f].num_classes) {
        return absl::InvalidArgumentError(absl::StrCat(
            path, ": array 'latents_classes': image ", i, " has ", dataset.factors[f].name,
            " class ", found, ", outside [0, ", dataset.factors[f].num_classes, ")"));
      }
      dataset.factor_classes[i * num_factors + f] = static_cast<int32_t>(found);
      dataset.factor_values[i * num_factors + f] = latents_values[i * kColumns + 1 + f];
    }
  }
  RETURN_IF_ERROR(CheckCOrder(absl::StrCat(path, ": array 'latents_classes'"), dataset));
  return dataset;
}

// Shapes3D: `images` (480000, 64, 64, 3) uint8, `labels` (480000, 6) float64 factor values.
absl::StatusOr<Dataset> LoadShapes3dH5(const DatasetLayout& layout, const std::string& path,
                                       const LoadOptions& options) {
  Dataset dataset = NewDataset(layout);
  const int64_t n = dataset.num_images;
  const size_t num_factors = dataset.factors.size();
  ASSIGN_OR_RETURN(std::unique_ptr<H5Reader> h5, H5Reader::Open(path));
  ASSIGN_OR_RETURN(
      ImageStore images,
      LoadImages(*h5, "images",
                 {DType::kUint8, {n, dataset.height, dataset.width, dataset.channels}}, options));
  dataset.images = std::move(images);
  RETURN_IF_ERROR(h5->ReadDataset("labels",
                                  {DType::kFloat64, {n, static_cast<int64_t>(num_factors)}},
                                  &dataset.factor_values)
                      .status());
  // Classes: the rank of each value among the factor's distinct values rounded to 6 decimals,
  // by the rule the metrics apply to factor values (pipeline/metrics/factor_classes.h).
  for (int64_t i = 0; i < n; ++i) {
    for (size_t f = 0; f < num_factors; ++f) {
      const double value = dataset.factor_values[i * num_factors + f];
      if (!std::isfinite(value) || std::abs(value) > 1e9) {
        return absl::InvalidArgumentError(absl::StrCat(path, ": dataset 'labels': image ", i,
                                                       " has ", dataset.factors[f].name, " value ",
                                                       value));
      }
    }
  }
  const Eigen::MatrixXd values = Eigen::Map<const RowMajorMatrixXd>(
      dataset.factor_values.data(), n, static_cast<Eigen::Index>(num_factors));
  ASSIGN_OR_RETURN(const Eigen::MatrixXi classes, metrics::ClassesFromValues(values));
  dataset.factor_classes.resize(n * num_factors);
  for (size_t f = 0; f < num_factors; ++f) {
    const int distinct = n == 0 ? 0 : classes.col(f).maxCoeff() + 1;
    if (distinct != dataset.factors[f].num_classes) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": dataset 'labels': factor ", dataset.factors[f].name, " has ", distinct,
          " distinct values (to 6 decimals), expected ", dataset.factors[f].num_classes));
    }
    for (int64_t i = 0; i < n; ++i) {
      dataset.factor_classes[i * num_factors + f] = classes(i, f);
    }
  }
  RETURN_IF_ERROR(CheckCOrder(absl::StrCat(path, ": dataset 'labels'"), dataset));
  return dataset;
}

// MPI3D-real: `images` (1036800, 64, 64, 3) uint8; the factors are the C-order position.
absl::StatusOr<Dataset> LoadMpi3dNpz(const DatasetLayout& layout, const std::string& path,
                                     const LoadOptions& options) {
  Dataset dataset = NewDataset(layout);
  ASSIGN_OR_RETURN(std::unique_ptr<NpzReader> npz, NpzReader::Open(path));
  ASSIGN_OR_RETURN(
      ImageStore images,
      LoadImages(
          *npz, "images",
          {DType::kUint8, {dataset.num_images, dataset.height, dataset.width, dataset.channels}},
          options));
  dataset.images = std::move(images);
  FillCOrderClasses(&dataset);
  dataset.factor_values.assign(dataset.factor_classes.begin(), dataset.factor_classes.end());
  return dataset;
}

}  // namespace

absl::StatusOr<DatasetLayout> LayoutOf(::lambdabeta::Dataset kind) {
  absl::StatusOr<const DatasetInfo*> info = FindDataset(kind);
  if (!info.ok()) return info.status();
  return (*info)->layout;
}

absl::StatusOr<Dataset> LoadDatasetWithLayout(const DatasetLayout& layout, const std::string& path,
                                              const LoadOptions& options) {
  if (!options.expected_sha256.empty()) {
    if (options.show_progress) {
      std::fprintf(stderr, "[load %s] checking the SHA-256 of %s\n", layout.name.c_str(),
                   path.c_str());
    }
    ASSIGN_OR_RETURN(std::string digest, FileSha256Hex(path));
    if (digest != options.expected_sha256) {
      return absl::DataLossError(absl::StrCat(path, ": SHA-256 is ", digest, ", expected ",
                                              options.expected_sha256,
                                              " (a corrupt or different file)"));
    }
  }
  switch (layout.format) {
    case FileFormat::kDspritesNpz:
      return LoadDspritesNpz(layout, path, options);
    case FileFormat::kShapes3dH5:
      return LoadShapes3dH5(layout, path, options);
    case FileFormat::kMpi3dNpz:
      return LoadMpi3dNpz(layout, path, options);
  }
  return absl::InternalError("unknown file format");
}

absl::StatusOr<Dataset> LoadDataset(::lambdabeta::Dataset kind, const std::string& path,
                                    const LoadOptions& options) {
  absl::StatusOr<DatasetLayout> layout = LayoutOf(kind);
  if (!layout.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", layout.status().message()));
  }
  return LoadDatasetWithLayout(*layout, path, options);
}

}  // namespace lambdabeta::data
