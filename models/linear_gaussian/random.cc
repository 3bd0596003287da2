#include "models/linear_gaussian/random.h"

#include <cmath>

namespace lambdabeta::linear_gaussian {
namespace {
constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ULL;
}  // namespace

uint64_t MixBits(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

uint64_t StreamSeed(uint64_t seed, int64_t trial, StreamPurpose purpose) {
  uint64_t h = MixBits(seed + kGolden);
  h = MixBits(h ^ (static_cast<uint64_t>(purpose) * kGolden));
  return MixBits(h ^ (static_cast<uint64_t>(trial) * kGolden + kGolden));
}

double RandomStream::Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

double RandomStream::Normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  const double u1 = 1.0 - Uniform();  // in (0, 1]: log(u1) is finite
  const double u2 = Uniform();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * M_PI * u2;
  spare_ = radius * std::sin(angle);
  has_spare_ = true;
  return radius * std::cos(angle);
}

}  // namespace lambdabeta::linear_gaussian
