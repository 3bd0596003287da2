// Process-wide settings every LibTorch tool makes before its work: how many threads LibTorch
// (and the BLAS beneath it) may use, and which device to run on. The header is torch-free.
#ifndef LAMBDABETA_PIPELINE_RUNTIME_RUNTIME_H_
#define LAMBDABETA_PIPELINE_RUNTIME_RUNTIME_H_

#include <string>

#include "absl/status/statusor.h"

namespace lambdabeta::runtime {

// Intra-op threads for LibTorch and for the OpenBLAS that Debian's LibTorch multiplies through
// (its own pool, one thread per core by default, ignores torch::set_num_threads).
void SetIntraOpThreads(int threads);

// "cpu" or "cuda" for "auto" / "cpu" / "cuda"; an error for "cuda" without CUDA.
absl::StatusOr<std::string> ResolveDevice(const std::string& requested);

}  // namespace lambdabeta::runtime

#endif  // LAMBDABETA_PIPELINE_RUNTIME_RUNTIME_H_
