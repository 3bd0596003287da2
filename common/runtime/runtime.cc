#define TORCH_ASSERT_ONLY_METHOD_OPERATORS  // no header with every operator (ARCHITECTURE.md)
#include "common/runtime/runtime.h"

#include <ATen/Parallel.h>
#include <dlfcn.h>
#include <malloc.h>
#include <torch/cuda.h>

#include <climits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace lambdabeta::runtime {

void SetIntraOpThreads(int threads) {
  at::set_num_threads(threads);  // what torch::set_num_threads names (torch/utils.h)
  // Measured on the 2-core VM: OpenBLAS's default pool made a 1-thread training step 2.5x slower.
  using SetBlasThreads = void (*)(int);
  if (auto set =
          reinterpret_cast<SetBlasThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
    set(threads);
  }
}

void KeepFreedMemory() {
  mallopt(M_MMAP_MAX, 0);  // large blocks from the heap, so they can be reused
  mallopt(M_TRIM_THRESHOLD, INT_MAX);
}

absl::StatusOr<std::string> ResolveDevice(const std::string& requested) {
  const bool cuda = torch::cuda::is_available();
  if (requested == "auto") return std::string(cuda ? "cuda" : "cpu");
  if (requested == "cpu") return std::string("cpu");
  if (requested == "cuda") {
    if (cuda) return std::string("cuda");
    return absl::FailedPreconditionError(
        "--device=cuda, but this LibTorch has no CUDA device (Debian's LibTorch is CPU-only; "
        "see .bazelrc's --config=cuda)");
  }
  return absl::InvalidArgumentError(
      absl::StrCat("--device must be auto, cpu or cuda, got '", requested, "'"));
}

}  // namespace lambdabeta::runtime
