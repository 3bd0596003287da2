// Coarse-grained parallelism for independent jobs (the linear study's runs, SAP's SVM fits):
// the caller's thread and threads - 1 more take jobs 0..count-1 in turn. Each job writes only
// its own outputs, so results do not depend on the thread count or the schedule.
#ifndef LAMBDABETA_COMMON_PARALLEL_PARALLEL_FOR_H_
#define LAMBDABETA_COMMON_PARALLEL_PARALLEL_FOR_H_

#include <functional>

#include "absl/status/status.h"

namespace lambdabeta {

// Runs job(0), ..., job(count - 1) on up to `threads` threads (at least one). After a job fails
// no further jobs start; the first failure (in time) is returned, OK if none failed.
absl::Status ParallelFor(int count, int threads, const std::function<absl::Status(int)>& job);

}  // namespace lambdabeta

#endif  // LAMBDABETA_COMMON_PARALLEL_PARALLEL_FOR_H_
