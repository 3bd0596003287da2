#include "common/runtime/environment.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/strings/ascii.h"
#include "common/runtime/short_environment.h"
#include "gtest/gtest.h"

namespace lambdabeta::runtime {
namespace {

TEST(EnvironmentTest, CpuFingerprintNamesTheLibraryKernelsAndCpu) {
  const Environment e = CollectEnvironment("cpu", 1);
  EXPECT_EQ(e.libtorch_version().substr(0, 2), "1.");  // Debian 12's LibTorch 1.13
  EXPECT_EQ(e.device_class(), "cpu");
  EXPECT_TRUE(e.cpu_capability() == "DEFAULT" || e.cpu_capability() == "AVX2" ||
              e.cpu_capability() == "AVX512")
      << e.cpu_capability();
  EXPECT_NE(e.libtorch_build().find("USE_CUDA="), std::string::npos) << e.libtorch_build();
  EXPECT_FALSE(e.blas().empty());
  if (e.blas() == "open") EXPECT_FALSE(e.blas_kernel().empty());  // Debian's: OpenBLAS
  EXPECT_TRUE(e.cuda_version().empty());
  EXPECT_EQ(e.threads(), 1);
  EXPECT_FALSE(e.compiler().empty());
  EXPECT_EQ(e.compiler(), absl::StripAsciiWhitespace(e.compiler()));
  // No build paths of the packager leak in (they would differ between builds of LibTorch).
  EXPECT_EQ(e.libtorch_build().find("/build/"), std::string::npos) << e.libtorch_build();
}

TEST(EnvironmentTest, CpuModelIsProcCpuinfos) {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line, model;
  while (std::getline(cpuinfo, line) && model.empty()) {
    if (line.rfind("model name", 0) == 0) model = line.substr(line.find(':') + 2);
  }
  EXPECT_EQ(CollectEnvironment("cpu", 2).device_model(), model);
}

// Runs in :environment_coretype_test, whose environment sets OPENBLAS_CORETYPE=Haswell.
TEST(EnvironmentTest, BlasKernelIsTheOneOpenblasCoretypeNames) {
  const char* coretype = std::getenv("OPENBLAS_CORETYPE");
  if (coretype == nullptr) GTEST_SKIP() << "OPENBLAS_CORETYPE is not set";
  EXPECT_EQ(CollectEnvironment("cpu", 1).blas_kernel(), coretype);
}

TEST(EnvironmentTest, ShortFormForStamps) {
  Environment e;
  e.set_libtorch_version("1.13.1");
  e.set_device_class("cpu");
  e.set_cpu_capability("AVX2");
  e.set_threads(1);
  e.set_device_model("Some CPU");
  EXPECT_EQ(ShortEnvironment(e), "LibTorch 1.13.1 · cpu AVX2 · 1 thread · Some CPU");
  e.set_device_class("cuda");
  e.set_cuda_version("11080");
  e.set_threads(2);
  e.set_device_model("cuda:0");
  EXPECT_EQ(ShortEnvironment(e), "LibTorch 1.13.1 · cuda (CUDA 11080) · 2 threads · cuda:0");
}

}  // namespace
}  // namespace lambdabeta::runtime
