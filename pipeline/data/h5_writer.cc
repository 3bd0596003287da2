#include "pipeline/data/h5_writer.h"

#include <hdf5.h>

#include "absl/strings/str_cat.h"
#include "pipeline/data/h5.h"

namespace lambdabeta::data {
namespace {

hid_t FileType(DType dtype) {
  switch (dtype) {
    case DType::kUint8:
      return H5T_STD_U8LE;
    case DType::kInt32:
      return H5T_STD_I32LE;
    case DType::kInt64:
      return H5T_STD_I64LE;
    case DType::kFloat32:
      return H5T_IEEE_F32LE;
    case DType::kFloat64:
      return H5T_IEEE_F64LE;
  }
  return -1;
}

absl::Status WriteDataset(hid_t file, const H5Array& array, const std::string& path) {
  const std::string where = absl::StrCat(path, ": dataset '", array.name, "'");
  const std::vector<hsize_t> dims(array.shape.begin(), array.shape.end());
  const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
  const hid_t properties = H5Pcreate(H5P_DATASET_CREATE);
  if (array.chunk_rows > 0) {
    std::vector<hsize_t> chunk = dims;
    chunk[0] = static_cast<hsize_t>(array.chunk_rows);
    H5Pset_chunk(properties, static_cast<int>(chunk.size()), chunk.data());
    H5Pset_deflate(properties, 4);
  }
  const hid_t dataset = H5Dcreate2(file, array.name.c_str(), FileType(array.dtype), space,
                                   H5P_DEFAULT, properties, H5P_DEFAULT);
  const bool ok = space >= 0 && properties >= 0 && dataset >= 0 &&
                  H5Dwrite(dataset, Hdf5MemoryType(array.dtype), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                           array.data.data()) >= 0;
  if (dataset >= 0) H5Dclose(dataset);
  if (properties >= 0) H5Pclose(properties);
  if (space >= 0) H5Sclose(space);
  if (!ok) return absl::InternalError(absl::StrCat(where, ": cannot write: ", TakeHdf5Error()));
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteH5(const std::string& path, const std::vector<H5Array>& arrays,
                     int64_t user_block_bytes) {
  SilenceHdf5Errors();
  const hid_t creation = H5Pcreate(H5P_FILE_CREATE);
  if (user_block_bytes > 0) H5Pset_userblock(creation, static_cast<hsize_t>(user_block_bytes));
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, creation, H5P_DEFAULT);
  H5Pclose(creation);
  if (file < 0)
    return absl::InternalError(absl::StrCat(path, ": cannot create: ", TakeHdf5Error()));
  absl::Status status;
  for (const H5Array& array : arrays) {
    int64_t elements = 0;
    status = CountElements(array.name, array.shape, INT64_MAX / 8, &elements);
    if (status.ok() &&
        static_cast<size_t>(elements) * DTypeSize(array.dtype) != array.data.size()) {
      status = absl::InvalidArgumentError(
          absl::StrCat(path, ": dataset '", array.name, "': data size does not fit its shape"));
    }
    if (status.ok()) status = WriteDataset(file, array, path);
    if (!status.ok()) break;
  }
  if (H5Fclose(file) < 0 && status.ok()) {
    status = absl::InternalError(absl::StrCat(path, ": cannot close: ", TakeHdf5Error()));
  }
  return status;
}

}  // namespace lambdabeta::data
