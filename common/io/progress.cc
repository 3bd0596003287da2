#include "common/io/progress.h"

#include <cmath>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace lambdabeta {

Progress::Progress(std::string what, int64_t total, std::string unit, int64_t first,
                   double interval_seconds)
    : what_(std::move(what)),
      total_(total),
      unit_(std::move(unit)),
      first_(first),
      interval_seconds_(interval_seconds),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_),
      last_done_(first) {}

void Progress::Update(int64_t done, absl::string_view note) {
  last_done_ = done;
  const auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - last_print_).count() < interval_seconds_ &&
      done < total_) {
    return;
  }
  last_print_ = now;
  Print(done, note, /*final=*/false);
}

void Progress::Finish(absl::string_view note) { Print(last_done_, note, /*final=*/true); }

std::string Progress::FormatDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const int64_t s = static_cast<int64_t>(std::llround(seconds));
  if (s >= 3600) return absl::StrFormat("%dh%02dm", s / 3600, (s % 3600) / 60);
  if (s >= 60) return absl::StrFormat("%dm%02ds", s / 60, s % 60);
  return absl::StrFormat("%ds", s);
}

void Progress::Print(int64_t done, absl::string_view note, bool final) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done - first_) / elapsed : 0.0;
  const double percent = total_ > 0 ? 100.0 * static_cast<double>(done) / total_ : 100.0;
  std::string line =
      absl::StrFormat("[%s] %d/%d (%.1f%%)  %.3g %s/s", what_, done, total_, percent, rate, unit_);
  if (final) {
    line += "  took " + FormatDuration(elapsed);
  } else {
    line += "  ETA " + FormatDuration(rate > 0 ? static_cast<double>(total_ - done) / rate : NAN);
  }
  if (!note.empty()) absl::StrAppend(&line, "  ", note);
  std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace lambdabeta
