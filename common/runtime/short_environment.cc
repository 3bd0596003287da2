#include "common/runtime/short_environment.h"

#include "absl/strings/str_cat.h"

namespace lambdabeta::runtime {

std::string ShortEnvironment(const Environment& e) {
  std::string line = absl::StrCat("LibTorch ", e.libtorch_version(), " · ", e.device_class());
  if (e.device_class() == "cpu") {
    absl::StrAppend(&line, " ", e.cpu_capability());
  } else {
    absl::StrAppend(&line, " (CUDA ", e.cuda_version(), ")");
  }
  absl::StrAppend(&line, " · ", e.threads(), e.threads() == 1 ? " thread" : " threads");
  if (!e.device_model().empty()) absl::StrAppend(&line, " · ", e.device_model());
  return line;
}

}  // namespace lambdabeta::runtime
