// Reproducible randomness for liblinear fits, also when several fits run at once.
//
// liblinear's dual coordinate descent visits the coordinates in an order drawn with the C
// library's rand(), whose state glibc keeps once per process. Concurrent fits would draw from
// that one stream in an order set by thread timing, and their results (at the level of the
// solver tolerance) would depend on it; even serial fits would depend on every rand() call made
// before them. While a FitRandomScope is alive on a thread, rand() calls made on that thread
// draw from the scope's own glibc generator (random_r), seeded with the scope's seed: the very
// sequence glibc's rand() gives after srand(seed) (glibc's rand() is random()). Calls outside a
// scope, and calls on other threads, go to glibc's generator unchanged.
//
// How: this library defines rand(). The dynamic linker binds liblinear.so's rand to the first
// definition in the process (the executable's, or a library's loaded before libc), i.e. this
// one. FitRandomScope::calls() counts the draws it served, so a caller can check that the
// binding is in effect (linear_svm.cc does, after every fit).
#ifndef LAMBDABETA_PIPELINE_METRICS_LIBLINEAR_RANDOM_H_
#define LAMBDABETA_PIPELINE_METRICS_LIBLINEAR_RANDOM_H_

#include <stdlib.h>

#include <cstdint>

namespace lambdabeta::metrics {

class FitRandomScope {
 public:
  // Seed 1 is glibc's default: a fit then draws what it would draw first thing in a fresh
  // process, e.g. under liblinear's own `train` program.
  explicit FitRandomScope(unsigned seed = 1);
  ~FitRandomScope();
  FitRandomScope(const FitRandomScope&) = delete;
  FitRandomScope& operator=(const FitRandomScope&) = delete;

  // rand() calls served by this scope so far.
  int64_t calls() const { return calls_; }

  // The next draw of this scope; what rand() returns inside it.
  int Next();

 private:
  random_data data_{};
  char state_[128] = {};  // 128 bytes: glibc's default generator (TYPE_3)
  int64_t calls_ = 0;
  FitRandomScope* previous_;  // scopes nest; the innermost serves
};

}  // namespace lambdabeta::metrics

#endif  // LAMBDABETA_PIPELINE_METRICS_LIBLINEAR_RANDOM_H_
