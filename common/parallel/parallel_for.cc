#include "common/parallel/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace lambdabeta {

absl::Status ParallelFor(int count, int threads, const std::function<absl::Status(int)>& job) {
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  absl::Status first_error;
  auto worker = [&] {
    for (int index = next++; index < count && !failed; index = next++) {
      absl::Status status = job(index);
      if (!status.ok()) {
        std::lock_guard<std::mutex> lock(mutex);
        if (first_error.ok()) first_error = std::move(status);
        failed = true;
      }
    }
  };
  std::vector<std::thread> workers;
  for (int t = 1; t < std::min(std::max(1, threads), count); ++t) workers.emplace_back(worker);
  worker();
  for (std::thread& thread : workers) thread.join();
  return first_error;
}

}  // namespace lambdabeta
