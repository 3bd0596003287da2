// The environment fingerprint (environment.h) in short, for figure stamps. Torch-free: it only
// reads an Environment proto, so the tools that stamp figures (pipeline/aggregate) do not
// compile or link LibTorch.
#ifndef LAMBDABETA_COMMON_RUNTIME_SHORT_ENVIRONMENT_H_
#define LAMBDABETA_COMMON_RUNTIME_SHORT_ENVIRONMENT_H_

#include <string>

#include "common/proto/common.pb.h"

namespace lambdabeta::runtime {

// One line for figure stamps: "LibTorch 1.13.1 · cpu AVX2 · 1 thread · Intel(R) Xeon(R) ...".
std::string ShortEnvironment(const Environment& environment);

}  // namespace lambdabeta::runtime

#endif  // LAMBDABETA_COMMON_RUNTIME_SHORT_ENVIRONMENT_H_
