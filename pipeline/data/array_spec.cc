#include "pipeline/data/array_spec.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace lambdabeta::data {

absl::string_view DTypeName(DType dtype) {
  switch (dtype) {
    case DType::kUint8:
      return "uint8";
    case DType::kInt32:
      return "int32";
    case DType::kInt64:
      return "int64";
    case DType::kFloat32:
      return "float32";
    case DType::kFloat64:
      return "float64";
  }
  return "?";
}

size_t DTypeSize(DType dtype) {
  switch (dtype) {
    case DType::kUint8:
      return 1;
    case DType::kInt32:
    case DType::kFloat32:
      return 4;
    case DType::kInt64:
    case DType::kFloat64:
      return 8;
  }
  return 0;
}

std::string ShapeString(const std::vector<int64_t>& shape) {
  std::vector<std::string> extents;
  for (int64_t extent : shape) extents.push_back(extent == kAnyExtent ? "*" : absl::StrCat(extent));
  return absl::StrCat("(", absl::StrJoin(extents, ", "), shape.size() == 1 ? ",)" : ")");
}

absl::Status CheckArray(absl::string_view where, std::optional<DType> dtype,
                        absl::string_view dtype_text, const std::vector<int64_t>& shape,
                        const ArraySpec& spec) {
  if (dtype != spec.dtype) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": element type is ", dtype_text,
                                                   ", expected ", DTypeName(spec.dtype)));
  }
  bool matches = shape.size() == spec.shape.size();
  for (size_t i = 0; matches && i < shape.size(); ++i) {
    matches = spec.shape[i] == kAnyExtent || spec.shape[i] == shape[i];
  }
  if (!matches) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": shape is ", ShapeString(shape),
                                                   ", expected ", ShapeString(spec.shape)));
  }
  return absl::OkStatus();
}

absl::Status CheckElementSize(absl::string_view where, const ArraySpec& spec, size_t element_size) {
  if (element_size == DTypeSize(spec.dtype)) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(where, ": asked to read ", DTypeName(spec.dtype),
                                          " into elements of ", element_size, " bytes"));
}

absl::Status CountElements(absl::string_view where, const std::vector<int64_t>& shape,
                           int64_t limit, int64_t* count) {
  int64_t product = 1;
  for (int64_t extent : shape) {
    if (extent < 0) {
      return absl::DataLossError(
          absl::StrCat(where, ": negative extent in shape ", ShapeString(shape)));
    }
    if (extent != 0 && product > limit / extent) {
      return absl::DataLossError(absl::StrCat(where, ": shape ", ShapeString(shape),
                                              " is implausibly large (over ", limit, " elements)"));
    }
    product *= extent;
  }
  *count = product;
  return absl::OkStatus();
}

}  // namespace lambdabeta::data
