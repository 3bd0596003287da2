#define TORCH_ASSERT_ONLY_METHOD_OPERATORS  // no header with every operator (ARCHITECTURE.md)
#include "common/runtime/environment.h"

#include <ATen/Context.h>
#include <ATen/Version.h>
#include <dlfcn.h>
#include <torch/version.h>

#include <fstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace lambdabeta::runtime {
namespace {

// The first "model name" of /proc/cpuinfo ("" where there is none).
std::string CpuModel() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (absl::StartsWith(line, "model name")) {
      std::vector<std::string> parts = absl::StrSplit(line, absl::MaxSplits(':', 1));
      if (parts.size() == 2) return std::string(absl::StripAsciiWhitespace(parts[1]));
    }
  }
  return "";
}

// A "- <key>: <value>" line of at::show_config() ("" if absent).
std::string ConfigLine(const std::string& config, absl::string_view key) {
  for (absl::string_view line : absl::StrSplit(config, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (absl::ConsumePrefix(&line, "- ") && absl::ConsumePrefix(&line, key) &&
        absl::ConsumePrefix(&line, ":")) {
      return std::string(absl::StripAsciiWhitespace(line));
    }
  }
  return "";
}

// The build settings that change numbers, from at::show_config()'s "Build settings:" line.
// (Its compiler flags carry the packager's build paths: left out.)
std::string BuildSettings(const std::string& config, std::string* blas) {
  const std::vector<std::string> wanted = {"BUILD_TYPE", "BLAS_INFO",  "LAPACK_INFO", "USE_CUDA",
                                           "USE_CUDNN",  "USE_MKLDNN", "USE_OPENMP"};
  std::vector<std::string> kept;
  for (absl::string_view item : absl::StrSplit(ConfigLine(config, "Build settings"), ", ")) {
    item = absl::StripAsciiWhitespace(item);
    for (const std::string& key : wanted) {
      if (absl::StartsWith(item, key + "=")) {
        kept.emplace_back(item);
        if (key == "BLAS_INFO") *blas = std::string(item.substr(key.size() + 1));
      }
    }
  }
  return absl::StrJoin(kept, ", ");
}

// OpenBLAS's kernel set ("" for another BLAS). Bazel's actions see no OPENBLAS_CORETYPE (the
// action environment is fixed), so there it is the CPU's; a shell that sets it gets other
// kernels and other last bits (seen: the linear study's AdamW runs).
std::string BlasKernel() {
  using CoreName = char* (*)();
  if (auto name = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"))) {
    return name();
  }
  return "";
}

}  // namespace

Environment CollectEnvironment(const std::string& device, int threads) {
  Environment e;
  e.set_libtorch_version(TORCH_VERSION);
  const bool cuda = absl::StartsWith(device, "cuda");
  e.set_device_class(cuda ? "cuda" : "cpu");
  // The kernel level ATen dispatches to (it is capped at AVX2 unless ATEN_CPU_CAPABILITY says).
  const std::string config = at::show_config();
  e.set_cpu_capability(ConfigLine(config, "CPU capability usage"));
  std::string blas;
  e.set_libtorch_build(BuildSettings(config, &blas));
  e.set_blas(blas);
  e.set_blas_kernel(BlasKernel());
  if (cuda) {
    // The CPU-only LibTorch headers have no device-properties call: the device as named.
    e.set_device_model(device);
    e.set_cuda_version(absl::StrCat(at::detail::getCUDAHooks().versionCUDART()));
    e.set_cudnn_version(absl::StrCat(at::globalContext().versionCuDNN()));
  } else {
    e.set_device_model(CpuModel());
  }
  e.set_threads(threads);
#if defined(__clang__)
  // __clang_version__ ends in a space.
  e.set_compiler(absl::StrCat("clang ", absl::StripTrailingAsciiWhitespace(__clang_version__)));
#elif defined(__GNUC__)
  e.set_compiler(absl::StrCat("gcc ", __VERSION__));
#endif
  return e;
}

}  // namespace lambdabeta::runtime
