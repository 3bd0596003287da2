#define TORCH_ASSERT_ONLY_METHOD_OPERATORS  // no header with every operator (ARCHITECTURE.md)
#include "common/runtime/runtime.h"

#include <ATen/Parallel.h>
#include <ATen/TensorOperators.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/ones.h>
#include <dlfcn.h>
#include <malloc.h>
#include <torch/cuda.h>

#include "gtest/gtest.h"

namespace lambdabeta::runtime {
namespace {

// OpenBLAS's own thread count, or -1 if this LibTorch does not multiply through OpenBLAS.
int BlasThreads() {
  using GetBlasThreads = int (*)();
  auto get = reinterpret_cast<GetBlasThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  return get != nullptr ? get() : -1;
}

TEST(SetIntraOpThreadsTest, SetsLibTorchAndOpenBlas) {
  const bool has_openblas = BlasThreads() != -1;
  for (int threads : {1, 2, 1}) {
    SetIntraOpThreads(threads);
    EXPECT_EQ(at::get_num_threads(), threads);
    if (has_openblas) {
      EXPECT_EQ(BlasThreads(), threads);
    }
  }
}

// glibc's bookkeeping around one 64 MB tensor: bytes in mmap'd blocks and in the heap while it
// is alive, and the heap after it is freed (mallinfo2: hblkhd and arena).
struct BigTensorFootprint {
  int64_t mmapped_growth = 0;   // while alive, over before
  int64_t heap_growth = 0;      // while alive, over before
  int64_t heap_after_free = 0;  // after, over while alive
};

BigTensorFootprint OneBigTensor() {
  const struct mallinfo2 before = mallinfo2();
  BigTensorFootprint f;
  {
    const at::Tensor filled = at::ones({16 << 20});
    const struct mallinfo2 alive = mallinfo2();
    f.mmapped_growth = static_cast<int64_t>(alive.hblkhd) - static_cast<int64_t>(before.hblkhd);
    f.heap_growth = static_cast<int64_t>(alive.arena) - static_cast<int64_t>(before.arena);
    f.heap_after_free = -static_cast<int64_t>(alive.arena);
  }
  f.heap_after_free += static_cast<int64_t>(mallinfo2().arena);
  return f;
}

TEST(KeepFreedMemoryTest, BigBlocksComeFromTheHeapAndStayThere) {
  // By default glibc serves a 64 MB block by mmap (and unmaps it on free, so the next one
  // faults all its pages in again: the 3x of train_bench).
  const int64_t mb64 = int64_t{64} << 20;
  EXPECT_GE(OneBigTensor().mmapped_growth, mb64);
  KeepFreedMemory();
  // Now from the heap, which is not trimmed when it is freed.
  const BigTensorFootprint kept = OneBigTensor();
  EXPECT_EQ(kept.mmapped_growth, 0);
  EXPECT_GE(kept.heap_growth, mb64);
  EXPECT_EQ(kept.heap_after_free, 0);
}

TEST(ResolveDeviceTest, NamesTheDevice) {
  const bool cuda = torch::cuda::is_available();
  EXPECT_EQ(*ResolveDevice("auto"), cuda ? "cuda" : "cpu");
  EXPECT_EQ(*ResolveDevice("cpu"), "cpu");
  absl::StatusOr<std::string> requested_cuda = ResolveDevice("cuda");
  if (cuda) {
    EXPECT_EQ(*requested_cuda, "cuda");
  } else {
    EXPECT_EQ(requested_cuda.status().code(), absl::StatusCode::kFailedPrecondition);
  }
  absl::StatusOr<std::string> bad = ResolveDevice("gpu");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("'gpu'"), std::string::npos);
}

}  // namespace
}  // namespace lambdabeta::runtime
