// HDF5 files through the HDF5 C API: reads a dataset in hyperslabs (slices along its first
// axis) straight into the caller's vector, with progress, or maps a contiguous, unfiltered
// uint8 dataset in place. HDF5's own error-stack printing is
// switched off; its messages become part of our absl::Status instead.
#ifndef LAMBDABETA_PIPELINE_DATA_H5_H_
#define LAMBDABETA_PIPELINE_DATA_H5_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "pipeline/data/array_spec.h"

namespace lambdabeta::data {

class H5Reader {
 public:
  // Errors: NotFound (no such file), DataLoss (not an HDF5 file, or one HDF5 cannot open).
  static absl::StatusOr<std::unique_ptr<H5Reader>> Open(const std::string& path);
  ~H5Reader();
  H5Reader(const H5Reader&) = delete;
  H5Reader& operator=(const H5Reader&) = delete;

  // Reads dataset `name` into `out`, resized to fit, after checking its type and shape
  // against `spec`. Returns its shape. With `show_progress`, big datasets report progress.
  // Errors name the file and the dataset: NotFound (no such dataset), InvalidArgument (type or
  // shape not as expected), DataLoss (HDF5 could not read it).
  template <typename T>
  absl::StatusOr<std::vector<int64_t>> ReadDataset(const std::string& name, const ArraySpec& spec,
                                                   std::vector<T>* out,
                                                   bool show_progress = false) const {
    return ReadDatasetInto(name, spec, sizeof(T), show_progress, ResizeInto(out));
  }

  // Maps uint8 dataset `name` in place, after the same checks as ReadDataset, if the file
  // holds it as plain bytes: contiguous layout, no filters, no external storage, all of it
  // written. std::nullopt otherwise (chunked or compressed: read it with ReadDataset).
  // The first row, read through HDF5, must equal the map's. `access` says how the map will be
  // read (see MappedRegion::Access). Errors as ReadDataset's; DataLoss also if the file is
  // shorter than the dataset's data.
  absl::StatusOr<std::optional<MappedArray>> MapDataset(const std::string& name,
                                                        const ArraySpec& spec,
                                                        MappedRegion::Access access) const;

 private:
  H5Reader(std::string path, int64_t file) : path_(std::move(path)), file_(file) {}

  absl::StatusOr<std::vector<int64_t>> ReadDatasetInto(const std::string& name,
                                                       const ArraySpec& spec, size_t element_size,
                                                       bool show_progress,
                                                       const ElementAllocator& allocate) const;

  std::string path_;
  int64_t file_;  // hid_t
};

// The HDF5 memory type (a hid_t) of our element types, e.g. H5T_NATIVE_UINT8.
int64_t Hdf5MemoryType(DType dtype);

// Turns HDF5's automatic printing of its error stack off (idempotent): we report errors
// ourselves, through TakeHdf5Error.
void SilenceHdf5Errors();

// The messages on HDF5's error stack, outermost first, e.g. "unable to open file; file
// signature not found"; clears the stack.
std::string TakeHdf5Error();

}  // namespace lambdabeta::data

#endif  // LAMBDABETA_PIPELINE_DATA_H5_H_
