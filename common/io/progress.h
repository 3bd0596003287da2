// Progress of long work on stderr: done/total, rate, ETA, and a caller's note, at most
// once per interval, e.g.
//   [train dsprites beta=4 seed=0] 1200/5000 (24.0%)  35.2 steps/s  ETA 1m48s  loss 102.3
#ifndef LAMBDABETA_COMMON_IO_PROGRESS_H_
#define LAMBDABETA_COMMON_IO_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace lambdabeta {

class Progress {
 public:
  // `unit` names what is counted ("steps", "runs"). `first` is where a resumed run starts:
  // the rate counts only the work done in this process.
  Progress(std::string what, int64_t total, std::string unit, int64_t first = 0,
           double interval_seconds = 2.0);

  // Reports `done` units finished; prints if the interval has passed (or at the end).
  void Update(int64_t done, absl::string_view note = "");

  // Prints the final line with the total time.
  void Finish(absl::string_view note = "");

  // "1h02m", "3m05s", "12s": for ETAs and durations.
  static std::string FormatDuration(double seconds);

 private:
  void Print(int64_t done, absl::string_view note, bool final);

  std::string what_;
  int64_t total_;
  std::string unit_;
  int64_t first_;
  double interval_seconds_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_print_;
  int64_t last_done_ = 0;
};

}  // namespace lambdabeta

#endif  // LAMBDABETA_COMMON_IO_PROGRESS_H_
