// Any numeric array from a .npy file or an .npz archive, converted to doubles: how the stand-alone
// `score` tool reads other people's codes and factors, whatever element type they were saved
// with. The dataset loaders instead ask for one exact type and shape (NpzReader::ReadArray).
#ifndef LAMBDABETA_PIPELINE_DATA_NUMERIC_ARRAY_H_
#define LAMBDABETA_PIPELINE_DATA_NUMERIC_ARRAY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/data/array_spec.h"

namespace lambdabeta::data {

struct NumericArray {
  std::string file;   // the file read: "codes.npy", "run.npz"
  std::string where;  // names the array in errors: "codes.npy", "run.npz: array 'codes'"
  DType dtype;        // as stored in the file
  std::vector<int64_t> shape;
  std::vector<double> values;  // C order; integers up to 2^53 are exact
};

// `path` is a .npy file, an .npz archive holding exactly one array, or "<archive>.npz:<array>".
// Errors name the file (and array): NotFound, InvalidArgument (an element type other than
// uint8, int32, int64, float32, float64 little-endian; Fortran order; several arrays and none
// chosen), DataLoss (truncated or corrupt data).
absl::StatusOr<NumericArray> ReadNumericArray(const std::string& path);

}  // namespace lambdabeta::data

#endif  // LAMBDABETA_PIPELINE_DATA_NUMERIC_ARRAY_H_
