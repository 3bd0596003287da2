#include "pipeline/runtime/runtime.h"

#include <dlfcn.h>
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
