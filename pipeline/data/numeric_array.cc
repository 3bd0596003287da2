#include "pipeline/data/numeric_array.h"

#include <cstring>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "pipeline/data/npy.h"
#include "pipeline/data/npz.h"

namespace lambdabeta::data {
namespace {

constexpr absl::string_view kNpzSuffix = ".npz";

// The bytes of a whole .npy file, read front to back.
class StringByteReader : public ByteReader {
 public:
  StringByteReader(absl::string_view bytes, absl::string_view where)
      : bytes_(bytes), where_(where) {}
  absl::Status ReadExactly(void* destination, size_t size) override {
    if (size > bytes_.size() - position_) {
      return absl::DataLossError(absl::StrCat(where_, ": file ends after ", bytes_.size(),
                                              " bytes, inside the .npy header (truncated)"));
    }
    std::memcpy(destination, bytes_.data() + position_, size);
    position_ += size;
    return absl::OkStatus();
  }

 private:
  absl::string_view bytes_;
  absl::string_view where_;
  size_t position_ = 0;
};

// The header's element type if it is one we read, after the same checks as the loaders'
// (C order), with any extents.
absl::StatusOr<DType> CheckedDType(const NpyHeader& header, absl::string_view where) {
  const std::optional<DType> dtype = DTypeFromNpyDescr(header.descr);
  if (!dtype.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": element type '", header.descr,
                     "' is not one of uint8, int32, int64, float32, float64 (little-endian)"));
  }
  const ArraySpec any_shape{*dtype, std::vector<int64_t>(header.shape.size(), kAnyExtent)};
  RETURN_IF_ERROR(CheckNpyHeader(header, any_shape, where));
  return *dtype;
}

template <typename T>
void AppendAsDoubles(const void* data, int64_t count, std::vector<double>* out) {
  const T* typed = static_cast<const T*>(data);
  out->reserve(out->size() + count);
  for (int64_t k = 0; k < count; ++k) out->push_back(static_cast<double>(typed[k]));
}

// `count` elements of `dtype` at `data` (little-endian, as DTypeFromNpyDescr accepts).
std::vector<double> ToDoubles(DType dtype, const void* data, int64_t count) {
  std::vector<double> values;
  switch (dtype) {
    case DType::kUint8:
      AppendAsDoubles<uint8_t>(data, count, &values);
      break;
    case DType::kInt32:
      AppendAsDoubles<int32_t>(data, count, &values);
      break;
    case DType::kInt64:
      AppendAsDoubles<int64_t>(data, count, &values);
      break;
    case DType::kFloat32:
      AppendAsDoubles<float>(data, count, &values);
      break;
    case DType::kFloat64:
      AppendAsDoubles<double>(data, count, &values);
      break;
  }
  return values;
}

absl::StatusOr<NumericArray> ReadNpy(const std::string& path) {
  ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  StringByteReader reader(bytes, path);
  ASSIGN_OR_RETURN(NpyHeader header, ReadNpyHeader(reader, path));
  ASSIGN_OR_RETURN(DType dtype, CheckedDType(header, path));
  const int64_t element_size = static_cast<int64_t>(DTypeSize(dtype));
  int64_t count = 0;
  RETURN_IF_ERROR(CountElements(path, header.shape, INT64_MAX / element_size, &count));
  const int64_t data_bytes = static_cast<int64_t>(bytes.size()) - header.header_bytes;
  if (data_bytes != count * element_size) {
    return absl::DataLossError(absl::StrCat(path, ": shape ", ShapeString(header.shape), " needs ",
                                            count * element_size, " bytes of data, the file holds ",
                                            data_bytes));
  }
  return NumericArray{path, path, dtype, header.shape,
                      ToDoubles(dtype, bytes.data() + header.header_bytes, count)};
}

template <typename T>
absl::StatusOr<NumericArray> ReadNpzArrayAs(const NpzReader& npz, const std::string& name,
                                            const ArraySpec& spec, std::string where) {
  std::vector<T> typed;
  ASSIGN_OR_RETURN(std::vector<int64_t> shape, npz.ReadArray(name, spec, &typed));
  return NumericArray{npz.path(), std::move(where), spec.dtype, shape,
                      ToDoubles(spec.dtype, typed.data(), static_cast<int64_t>(typed.size()))};
}

absl::StatusOr<NumericArray> ReadNpz(const std::string& path, std::string name) {
  ASSIGN_OR_RETURN(std::unique_ptr<NpzReader> npz, NpzReader::Open(path));
  if (name.empty()) {
    const std::vector<std::string> names = npz->ArrayNames();
    if (names.size() != 1) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": holds ", names.size(), " arrays (",
                                                     absl::StrJoin(names, ", "),
                                                     "); choose one as ", path, ":<array>"));
    }
    name = names[0];
  }
  const std::string where = absl::StrCat(path, ": array '", name, "'");
  ASSIGN_OR_RETURN(NpyHeader header, npz->ReadHeader(name));
  ASSIGN_OR_RETURN(DType dtype, CheckedDType(header, where));
  const ArraySpec spec{dtype, header.shape};
  switch (dtype) {
    case DType::kUint8:
      return ReadNpzArrayAs<uint8_t>(*npz, name, spec, where);
    case DType::kInt32:
      return ReadNpzArrayAs<int32_t>(*npz, name, spec, where);
    case DType::kInt64:
      return ReadNpzArrayAs<int64_t>(*npz, name, spec, where);
    case DType::kFloat32:
      return ReadNpzArrayAs<float>(*npz, name, spec, where);
    case DType::kFloat64:
      return ReadNpzArrayAs<double>(*npz, name, spec, where);
  }
  return absl::InternalError(absl::StrCat(where, ": unhandled element type"));
}

}  // namespace

absl::StatusOr<NumericArray> ReadNumericArray(const std::string& path) {
  if (absl::EndsWith(path, kNpzSuffix)) return ReadNpz(path, "");
  // "<archive>.npz:<array>": the last ".npz:" splits, so archive paths may hold colons.
  const size_t split = path.rfind(absl::StrCat(kNpzSuffix, ":"));
  if (split != std::string::npos) {
    return ReadNpz(path.substr(0, split + kNpzSuffix.size()),
                   path.substr(split + kNpzSuffix.size() + 1));
  }
  return ReadNpy(path);
}

}  // namespace lambdabeta::data
