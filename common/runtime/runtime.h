// Process-wide settings every LibTorch tool makes before its work: how many threads LibTorch
// (and the BLAS beneath it) may use, and which device to run on. The header is torch-free.
#ifndef LAMBDABETA_COMMON_RUNTIME_RUNTIME_H_
#define LAMBDABETA_COMMON_RUNTIME_RUNTIME_H_

#include <string>

#include "absl/status/statusor.h"

namespace lambdabeta::runtime {

// Intra-op threads for LibTorch and for the OpenBLAS that Debian's LibTorch multiplies through
// (its own pool, one thread per core by default, ignores torch::set_num_threads).
void SetIntraOpThreads(int threads);

// Keeps memory the process frees for its next allocations instead of handing it back to the
// kernel: glibc serves each large block (a training step's activations and gradients) with a
// fresh mmap and trims the heap's free top, so every step page-faulted all of its memory in
// again. Measured on the 2-core VM: a 1.6x faster conv-VAE training step, a 1.8x faster
// evaluation (batches of 250 images) and 3x faster AdamW steps of the linear study (its
// [trials, 115, 115] noise and products). Memory use stays at the peak. Results do not change:
// the allocator decides where blocks live, not what is computed in them.
void KeepFreedMemory();

// "cpu" or "cuda" for "auto" / "cpu" / "cuda"; an error for "cuda" without CUDA.
absl::StatusOr<std::string> ResolveDevice(const std::string& requested);

}  // namespace lambdabeta::runtime

#endif  // LAMBDABETA_COMMON_RUNTIME_RUNTIME_H_
