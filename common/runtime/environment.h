// The environment fingerprint: which LibTorch, BLAS, CPU kernels, device and compiler computed a
// result. It goes into every result's provenance and, in short, into the figure stamps, so two
// results from different toolchains or devices can be told apart. The device class ("cpu" or
// "cuda") is also on every training and evaluation action's command line (deep_study.bzl), so a
// cache never hands a CPU result to a CUDA build.
#ifndef LAMBDABETA_COMMON_RUNTIME_ENVIRONMENT_H_
#define LAMBDABETA_COMMON_RUNTIME_ENVIRONMENT_H_

#include <string>

#include "common/proto/common.pb.h"

namespace lambdabeta::runtime {

// `device` as ResolveDevice returns it ("cpu", "cuda", "cuda:0"); `threads` as set.
Environment CollectEnvironment(const std::string& device, int threads);

}  // namespace lambdabeta::runtime

#endif  // LAMBDABETA_COMMON_RUNTIME_ENVIRONMENT_H_
