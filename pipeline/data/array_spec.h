// What a reader expects of an array in a data file (element type and shape), shared by the
// .npy/.npz and HDF5 readers so that both check and word their errors the same way.
#ifndef LAMBDABETA_PIPELINE_DATA_ARRAY_SPEC_H_
#define LAMBDABETA_PIPELINE_DATA_ARRAY_SPEC_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/io/mapped_region.h"

namespace lambdabeta::data {

// The element types the paper's datasets use, plus the 32-bit ones that other people's arrays
// (read by the `score` tool) often have.
enum class DType { kUint8, kInt32, kInt64, kFloat32, kFloat64 };

absl::string_view DTypeName(DType dtype);  // "uint8", "int64", "float64"
size_t DTypeSize(DType dtype);

// A shape extent that accepts any size.
inline constexpr int64_t kAnyExtent = -1;

struct ArraySpec {
  DType dtype;
  std::vector<int64_t> shape;  // kAnyExtent accepts any extent on that axis
};

// "(737280, 64, 64)"; "(5,)" for one axis, as NumPy writes it. kAnyExtent prints as "*".
std::string ShapeString(const std::vector<int64_t>& shape);

// Checks an array found in a file against `spec`. `where` names it ("x.npz: array 'imgs'");
// `dtype` is its element type if it is one of ours; `dtype_text` says what it is in the
// file's own terms ("'<f4'", "float32"). Errors are InvalidArgument and name `where`.
absl::Status CheckArray(absl::string_view where, std::optional<DType> dtype,
                        absl::string_view dtype_text, const std::vector<int64_t>& shape,
                        const ArraySpec& spec);

// A reader was asked to put `spec.dtype` elements into storage of `element_size` bytes each:
// an Internal error (a bug in the caller) unless the sizes agree.
absl::Status CheckElementSize(absl::string_view where, const ArraySpec& spec, size_t element_size);

// Product of the extents; a DataLoss error if any is negative or the product exceeds `limit`
// (a corrupt header must not make us overflow or allocate absurd amounts).
absl::Status CountElements(absl::string_view where, const std::vector<int64_t>& shape,
                           int64_t limit, int64_t* count);

// The bytes of `values`, for writers.
template <typename T>
absl::string_view AsBytes(const std::vector<T>& values) {
  return absl::string_view(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

// Room for `elements` elements: how readers put an array into the caller's storage directly.
using ElementAllocator = std::function<void*(int64_t elements)>;

// An ElementAllocator that resizes `out`.
template <typename T>
ElementAllocator ResizeInto(std::vector<T>* out) {
  return [out](int64_t elements) {
    out->resize(static_cast<size_t>(elements));
    return static_cast<void*>(out->data());
  };
}

// An array's data mapped in place from its file (see MappedRegion), as readers return it when
// the file holds the elements as plain bytes.
struct MappedArray {
  std::vector<int64_t> shape;
  std::unique_ptr<const MappedRegion> bytes;
};

}  // namespace lambdabeta::data

#endif  // LAMBDABETA_PIPELINE_DATA_ARRAY_SPEC_H_
