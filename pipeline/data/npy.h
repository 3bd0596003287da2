// The NumPy .npy format (versions 1.0, 2.0 and 3.0): header parsing and writing.
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
// The header is read from a ByteReader, so that a caller can read it from the front of a
// zip member without reading (or inflating) the data behind it.
#ifndef LAMBDABETA_PIPELINE_DATA_NPY_H_
#define LAMBDABETA_PIPELINE_DATA_NPY_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "pipeline/data/array_spec.h"

namespace lambdabeta::data {

// A byte source read front to back (a zip member, a file, a string in tests).
class ByteReader {
 public:
  virtual ~ByteReader() = default;
  // Reads exactly `size` bytes; a DataLoss error naming the source if they are not there.
  virtual absl::Status ReadExactly(void* destination, size_t size) = 0;
};

struct NpyHeader {
  std::string descr;  // NumPy's dtype string, e.g. "|u1", "<f8"
  bool fortran_order = false;
  std::vector<int64_t> shape;
  int64_t header_bytes = 0;  // magic + version + length + dict: the data starts here
};

// "|u1", "<i8", "<f8": what NumPy writes for our element types.
absl::string_view NpyDescr(DType dtype);
std::optional<DType> DTypeFromNpyDescr(absl::string_view descr);

// Reads and parses the header; `where` names the source in errors ("x.npz: array 'imgs'").
// Malformed headers are DataLoss errors.
absl::StatusOr<NpyHeader> ReadNpyHeader(ByteReader& in, absl::string_view where);

// Checks a parsed header against what the caller expects (C order, dtype, shape).
absl::Status CheckNpyHeader(const NpyHeader& header, const ArraySpec& spec,
                            absl::string_view where);

// A version 1.0 header as NumPy writes it: the dict padded with spaces and a newline so that
// the data starts at a multiple of 64 bytes. `descr` is free text so that tests can write
// headers we reject.
std::string FormatNpyHeader(absl::string_view descr, bool fortran_order,
                            const std::vector<int64_t>& shape);

// A whole .npy file: header plus `data` (C order, little-endian); an error if the size of
// `data` does not fit the shape.
absl::StatusOr<std::string> NpyBytes(DType dtype, const std::vector<int64_t>& shape,
                                     absl::string_view data);

}  // namespace lambdabeta::data

#endif  // LAMBDABETA_PIPELINE_DATA_NPY_H_
