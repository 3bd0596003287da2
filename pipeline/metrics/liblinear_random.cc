#include "pipeline/metrics/liblinear_random.h"

namespace lambdabeta::metrics {
namespace {
thread_local FitRandomScope* current_scope = nullptr;
}  // namespace

FitRandomScope::FitRandomScope(unsigned seed) : previous_(current_scope) {
  initstate_r(seed, state_, sizeof(state_), &data_);
  current_scope = this;
}

FitRandomScope::~FitRandomScope() { current_scope = previous_; }

int FitRandomScope::Next() {
  int32_t value;
  random_r(&data_, &value);
  ++calls_;
  return value;
}

}  // namespace lambdabeta::metrics

// Interposes the C library's rand() (see the header). Outside a scope it is glibc's rand(),
// which is random() on the shared generator.
extern "C" int rand() noexcept {
  lambdabeta::metrics::FitRandomScope* scope = lambdabeta::metrics::current_scope;
  if (scope == nullptr) return static_cast<int>(random());
  return scope->Next();
}
