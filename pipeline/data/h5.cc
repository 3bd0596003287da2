#include "pipeline/data/h5.h"

#include <hdf5.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/io/progress.h"
#include "common/status/status_macros.h"

namespace lambdabeta::data {

static_assert(std::is_same_v<hid_t, int64_t>, "H5Reader stores a hid_t as int64_t");

namespace {

// Hyperslabs of about this many bytes, so that big datasets can report progress.
constexpr int64_t kSliceBytes = int64_t{64} << 20;

// Closes an HDF5 identifier when it goes out of scope.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) : id_(other.id_), close_(other.close_) { other.id_ = -1; }
  Handle& operator=(Handle&&) = delete;
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

herr_t CollectMessage(unsigned, const H5E_error2_t* error, void* messages) {
  auto* out = static_cast<std::vector<std::string>*>(messages);
  std::string text = error->desc != nullptr ? error->desc : "";
  char minor[256] = "";
  if (H5Eget_msg(error->min_num, nullptr, minor, sizeof(minor)) > 0 && text != minor) {
    text = text.empty() ? minor : absl::StrCat(text, " (", minor, ")");
  }
  if (!text.empty()) out->push_back(std::move(text));
  return 0;
}

absl::Status Hdf5Failure(absl::string_view where, absl::string_view what) {
  return absl::DataLossError(absl::StrCat(where, ": ", what, ": HDF5: ", TakeHdf5Error()));
}

// Our name for an HDF5 element type: its DType if it is one of ours, and words for errors.
std::optional<DType> DTypeOf(hid_t type, std::string* text) {
  const H5T_class_t type_class = H5Tget_class(type);
  const size_t bits = H5Tget_size(type) * 8;
  if (type_class == H5T_INTEGER) {
    const bool is_signed = H5Tget_sign(type) == H5T_SGN_2;
    *text = absl::StrCat(is_signed ? "int" : "uint", bits);
    if (!is_signed && bits == 8) return DType::kUint8;
    if (is_signed && bits == 32) return DType::kInt32;
    if (is_signed && bits == 64) return DType::kInt64;
    return std::nullopt;
  }
  if (type_class == H5T_FLOAT) {
    *text = absl::StrCat("float", bits);
    if (bits == 32) return DType::kFloat32;
    if (bits == 64) return DType::kFloat64;
    return std::nullopt;
  }
  *text = type_class == H5T_STRING     ? "string"
          : type_class == H5T_COMPOUND ? "compound"
                                       : absl::StrCat("HDF5 type class ", type_class);
  return std::nullopt;
}

// The names at the root of the file, for "no such dataset" errors.
std::vector<std::string> RootNames(hid_t file) {
  std::vector<std::string> names;
  H5Literate(
      file, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* out) -> herr_t {
        static_cast<std::vector<std::string>*>(out)->push_back(name);
        return 0;
      },
      &names);
  return names;
}

}  // namespace

int64_t Hdf5MemoryType(DType dtype) {
  switch (dtype) {
    case DType::kUint8:
      return H5T_NATIVE_UINT8;
    case DType::kInt32:
      return H5T_NATIVE_INT32;
    case DType::kInt64:
      return H5T_NATIVE_INT64;
    case DType::kFloat32:
      return H5T_NATIVE_FLOAT;
    case DType::kFloat64:
      return H5T_NATIVE_DOUBLE;
  }
  return -1;
}

void SilenceHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

std::string TakeHdf5Error() {
  std::vector<std::string> messages;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, CollectMessage, &messages);
  H5Eclear2(H5E_DEFAULT);
  return messages.empty() ? "no details" : absl::StrJoin(messages, "; ");
}

absl::StatusOr<std::unique_ptr<H5Reader>> H5Reader::Open(const std::string& path) {
  SilenceHdf5Errors();
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(path, ignored)) {
    return absl::NotFoundError(absl::StrCat(path, ": no such file"));
  }
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 == 0) return absl::DataLossError(absl::StrCat(path, ": not an HDF5 file"));
  if (is_hdf5 < 0) return Hdf5Failure(path, "cannot check whether it is an HDF5 file");
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return Hdf5Failure(path, "cannot open");
  return std::unique_ptr<H5Reader>(new H5Reader(path, file));
}

H5Reader::~H5Reader() { H5Fclose(file_); }

namespace {

// A dataset, opened, with its type and shape checked against what the caller expects.
struct CheckedDataset {
  Handle dataset;
  Handle file_space;
  std::vector<int64_t> shape;
  int64_t elements = 0;
  std::string where;
};

absl::StatusOr<CheckedDataset> OpenCheckedDataset(hid_t file, const std::string& path,
                                                  const std::string& name, const ArraySpec& spec,
                                                  size_t element_size) {
  const std::string where = absl::StrCat(path, ": dataset '", name, "'");
  if (H5Lexists(file, name.c_str(), H5P_DEFAULT) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return absl::NotFoundError(absl::StrCat(
        path, ": no dataset '", name, "'; the file has: ", absl::StrJoin(RootNames(file), ", ")));
  }
  Handle dataset(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.ok()) return Hdf5Failure(where, "cannot open (not a dataset?)");
  const Handle type(H5Dget_type(dataset.get()), H5Tclose);
  Handle file_space(H5Dget_space(dataset.get()), H5Sclose);
  if (!type.ok() || !file_space.ok()) return Hdf5Failure(where, "cannot read its type or shape");
  const int rank = H5Sget_simple_extent_ndims(file_space.get());
  if (rank < 0) return Hdf5Failure(where, "cannot read its shape");
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(file_space.get(), dims.data(), nullptr);
  const std::vector<int64_t> shape(dims.begin(), dims.end());

  std::string type_text;
  const std::optional<DType> dtype = DTypeOf(type.get(), &type_text);
  RETURN_IF_ERROR(CheckArray(where, dtype, type_text, shape, spec));
  RETURN_IF_ERROR(CheckElementSize(where, spec, element_size));
  int64_t elements = 0;
  RETURN_IF_ERROR(CountElements(where, shape, INT64_MAX / 8, &elements));
  return CheckedDataset{std::move(dataset), std::move(file_space), shape, elements, where};
}

// Reads rows [first, first + count) of a dataset of rank >= 1 into `destination`.
absl::Status ReadRows(const CheckedDataset& d, DType dtype, int64_t first, int64_t count,
                      void* destination) {
  const int rank = static_cast<int>(d.shape.size());
  std::vector<hsize_t> start(rank, 0);
  std::vector<hsize_t> extent(d.shape.begin(), d.shape.end());
  start[0] = static_cast<hsize_t>(first);
  extent[0] = static_cast<hsize_t>(count);
  const Handle memory_space(H5Screate_simple(rank, extent.data(), nullptr), H5Sclose);
  if (!memory_space.ok() ||
      H5Sselect_hyperslab(d.file_space.get(), H5S_SELECT_SET, start.data(), nullptr, extent.data(),
                          nullptr) < 0 ||
      H5Dread(d.dataset.get(), Hdf5MemoryType(dtype), memory_space.get(), d.file_space.get(),
              H5P_DEFAULT, destination) < 0) {
    return Hdf5Failure(d.where, absl::StrCat("cannot read rows ", first, "..", first + count - 1));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<int64_t>> H5Reader::ReadDatasetInto(
    const std::string& name, const ArraySpec& spec, size_t element_size, bool show_progress,
    const ElementAllocator& allocate) const {
  ASSIGN_OR_RETURN(CheckedDataset d, OpenCheckedDataset(file_, path_, name, spec, element_size));
  const std::vector<int64_t>& shape = d.shape;
  const int64_t elements = d.elements;
  char* destination = static_cast<char*>(allocate(elements));
  if (elements == 0) return shape;
  if (shape.empty()) {
    if (H5Dread(d.dataset.get(), Hdf5MemoryType(spec.dtype), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                destination) < 0) {
      return Hdf5Failure(d.where, "cannot read");
    }
    return shape;
  }

  // Slices along the first axis ("rows"), each about kSliceBytes.
  const int64_t rows = shape[0];
  const int64_t row_bytes = elements / rows * static_cast<int64_t>(element_size);
  const int64_t rows_per_slice = std::max<int64_t>(1, kSliceBytes / row_bytes);
  const bool report = show_progress && elements * static_cast<int64_t>(element_size) >= kSliceBytes;
  std::optional<Progress> progress;
  if (report) {
    progress.emplace(
        absl::StrCat("read ", std::filesystem::path(path_).filename().string(), ":", name), rows,
        "rows");
  }
  for (int64_t row = 0; row < rows; row += rows_per_slice) {
    const int64_t count = std::min(rows_per_slice, rows - row);
    RETURN_IF_ERROR(ReadRows(d, spec.dtype, row, count, destination + row * row_bytes));
    if (report) progress->Update(row + count);
  }
  if (report) progress->Finish();
  return shape;
}

absl::StatusOr<std::optional<MappedArray>> H5Reader::MapDataset(const std::string& name,
                                                                const ArraySpec& spec,
                                                                MappedRegion::Access access) const {
  if (spec.dtype != DType::kUint8) {
    // Wider elements could lie unaligned, or in the other byte order, in the file.
    return absl::InternalError(
        absl::StrCat(path_, ": dataset '", name, "': only uint8 datasets map"));
  }
  ASSIGN_OR_RETURN(CheckedDataset d, OpenCheckedDataset(file_, path_, name, spec, 1));
  const Handle properties(H5Dget_create_plist(d.dataset.get()), H5Pclose);
  if (!properties.ok()) return Hdf5Failure(d.where, "cannot read its storage properties");
  if (d.shape.empty() || d.elements == 0 || H5Pget_layout(properties.get()) != H5D_CONTIGUOUS ||
      H5Pget_nfilters(properties.get()) != 0 || H5Pget_external_count(properties.get()) != 0 ||
      H5Dget_storage_size(d.dataset.get()) != static_cast<hsize_t>(d.elements)) {
    H5Eclear2(H5E_DEFAULT);
    return std::nullopt;
  }
  // The address includes the file's user block, if any: a plain offset in the file.
  const haddr_t offset = H5Dget_offset(d.dataset.get());
  if (offset == HADDR_UNDEF) {  // not allocated: HDF5 would return fill values
    H5Eclear2(H5E_DEFAULT);
    return std::nullopt;
  }
  absl::StatusOr<std::unique_ptr<const MappedRegion>> region =
      MappedRegion::Map(path_, static_cast<int64_t>(offset), d.elements, access);
  if (!region.ok()) {
    return absl::Status(region.status().code(),
                        absl::StrCat(region.status().message(), " (dataset '", name, "')"));
  }
  // The first row through HDF5 and through the map: the same bytes, or the offset is wrong.
  std::vector<uint8_t> first(static_cast<size_t>(d.elements / d.shape[0]));
  RETURN_IF_ERROR(ReadRows(d, spec.dtype, 0, 1, first.data()));
  if (!std::equal(first.begin(), first.end(), (*region)->data())) {
    return absl::DataLossError(
        absl::StrCat(d.where, ": the mapped data differ from the dataset's data read by HDF5"));
  }
  return MappedArray{d.shape, *std::move(region)};
}

}  // namespace lambdabeta::data
