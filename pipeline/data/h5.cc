#include "pipeline/data/h5.h"

#include <hdf5.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "pipeline/io/progress.h"

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
    if (is_signed && bits == 64) return DType::kInt64;
    return std::nullopt;
  }
  if (type_class == H5T_FLOAT) {
    *text = absl::StrCat("float", bits);
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
    case DType::kInt64:
      return H5T_NATIVE_INT64;
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

absl::StatusOr<std::vector<int64_t>> H5Reader::ReadDatasetInto(
    const std::string& name, const ArraySpec& spec, size_t element_size, bool show_progress,
    const ElementAllocator& allocate) const {
  const std::string where = absl::StrCat(path_, ": dataset '", name, "'");
  if (H5Lexists(file_, name.c_str(), H5P_DEFAULT) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return absl::NotFoundError(absl::StrCat(
        path_, ": no dataset '", name, "'; the file has: ", absl::StrJoin(RootNames(file_), ", ")));
  }
  const Handle dataset(H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.ok()) return Hdf5Failure(where, "cannot open (not a dataset?)");
  const Handle type(H5Dget_type(dataset.get()), H5Tclose);
  const Handle file_space(H5Dget_space(dataset.get()), H5Sclose);
  if (!type.ok() || !file_space.ok()) return Hdf5Failure(where, "cannot read its type or shape");
  const int rank = H5Sget_simple_extent_ndims(file_space.get());
  if (rank < 0) return Hdf5Failure(where, "cannot read its shape");
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(file_space.get(), dims.data(), nullptr);
  const std::vector<int64_t> shape(dims.begin(), dims.end());

  std::string type_text;
  const std::optional<DType> dtype = DTypeOf(type.get(), &type_text);
  if (absl::Status status = CheckArray(where, dtype, type_text, shape, spec); !status.ok()) {
    return status;
  }
  if (absl::Status status = CheckElementSize(where, spec, element_size); !status.ok()) {
    return status;
  }
  int64_t elements = 0;
  if (absl::Status status = CountElements(where, shape, INT64_MAX / 8, &elements); !status.ok()) {
    return status;
  }
  char* destination = static_cast<char*>(allocate(elements));
  if (elements == 0) return shape;
  if (rank == 0) {
    if (H5Dread(dataset.get(), Hdf5MemoryType(spec.dtype), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                destination) < 0) {
      return Hdf5Failure(where, "cannot read");
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
  std::vector<hsize_t> start(dims.size(), 0);
  std::vector<hsize_t> count = dims;
  for (int64_t row = 0; row < rows; row += rows_per_slice) {
    start[0] = static_cast<hsize_t>(row);
    count[0] = static_cast<hsize_t>(std::min(rows_per_slice, rows - row));
    const Handle memory_space(H5Screate_simple(rank, count.data(), nullptr), H5Sclose);
    if (!memory_space.ok() ||
        H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                            nullptr) < 0 ||
        H5Dread(dataset.get(), Hdf5MemoryType(spec.dtype), memory_space.get(), file_space.get(),
                H5P_DEFAULT, destination + row * row_bytes) < 0) {
      return Hdf5Failure(where, absl::StrCat("cannot read rows ", row, "..",
                                             row + static_cast<int64_t>(count[0]) - 1));
    }
    if (report) progress->Update(row + static_cast<int64_t>(count[0]));
  }
  if (report) progress->Finish();
  return shape;
}

}  // namespace lambdabeta::data
