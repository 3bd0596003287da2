// Writes small HDF5 files with the HDF5 C API, for tests of the HDF5 reader and the Shapes3D
// loader (the real 3dshapes.h5 is 268 MB).
#ifndef LAMBDABETA_PIPELINE_DATA_H5_WRITER_H_
#define LAMBDABETA_PIPELINE_DATA_H5_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "pipeline/data/array_spec.h"

namespace lambdabeta::data {

struct H5Array {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
  absl::string_view data;  // C order, native byte order
  // Chunk rows (along the first axis) for a chunked, deflated dataset; 0: contiguous.
  int64_t chunk_rows = 0;
};

// Writes `arrays` as datasets at the root of a new HDF5 file at `path`, after a user block of
// `user_block_bytes` (0, or a power of 2 from 512: HDF5's addresses then start after it).
absl::Status WriteH5(const std::string& path, const std::vector<H5Array>& arrays,
                     int64_t user_block_bytes = 0);

}  // namespace lambdabeta::data

#endif  // LAMBDABETA_PIPELINE_DATA_H5_WRITER_H_
