#include "pipeline/runtime/runtime.h"

#include <dlfcn.h>
#include <sys/resource.h>
#include <torch/torch.h>

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
    EXPECT_EQ(torch::get_num_threads(), threads);
    if (has_openblas) {
      EXPECT_EQ(BlasThreads(), threads);
    }
  }
}

int64_t MinorPageFaults() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

// Page faults of filling a fresh 64 MB tensor (16384 pages of 4 KiB) and freeing it.
int64_t FaultsOfOneBigTensor() {
  const int64_t before = MinorPageFaults();
  { const torch::Tensor filled = torch::ones({16 << 20}); }
  return MinorPageFaults() - before;
}

TEST(KeepFreedMemoryTest, ABigTensorReusesFreedPages) {
  // Before: glibc maps every such block afresh, so each one faults all its pages in.
  FaultsOfOneBigTensor();
  const int64_t by_default = FaultsOfOneBigTensor();
  EXPECT_GT(by_default, 8000);
  KeepFreedMemory();
  FaultsOfOneBigTensor();  // grows the heap once
  EXPECT_LT(FaultsOfOneBigTensor(), by_default / 50);
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
