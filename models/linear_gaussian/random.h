// Deterministic random streams. Every random draw of the linear-Gaussian study comes from a
// stream named by (config seed, trial, purpose), so a draw never depends on thread order, on
// which other runs exist, or on the standard library.
#ifndef LAMBDABETA_MODELS_LINEAR_GAUSSIAN_RANDOM_H_
#define LAMBDABETA_MODELS_LINEAR_GAUSSIAN_RANDOM_H_

#include <cstdint>
#include <random>

namespace lambdabeta::linear_gaussian {

// What a stream is used for. The values are part of the documented hash: never renumber.
enum class StreamPurpose : uint64_t {
  kProblem = 1,       // Sigma_V, then Gamma
  kInitialState = 2,  // B, Sigma_W, A, Sigma_Z of a trial's starting point
  kAdamWNoise = 3,    // the seed handed to RunAdamW for a trial's Monte-Carlo noise
};

// The SplitMix64 finaliser (Steele, Lea and Flood, 2014): a bijection of 64-bit words whose
// output bits each depend on every input bit.
uint64_t MixBits(uint64_t x);

// The seed of stream (seed, trial, purpose), with G = 0x9E3779B97F4A7C15 (2^64 / golden ratio):
//   h = MixBits(seed + G)
//   h = MixBits(h ^ (purpose * G))
//   h = MixBits(h ^ ((uint64_t) trial * G + G))      (arithmetic mod 2^64)
// Trial -1 names the problem shared by all trials (ONE_PROBLEM).
uint64_t StreamSeed(uint64_t seed, int64_t trial, StreamPurpose purpose);

// Uniform and Gaussian draws from std::mt19937_64, whose output the C++ standard fixes. The
// transforms are our own because std::*_distribution differ between standard libraries.
class RandomStream {
 public:
  explicit RandomStream(uint64_t stream_seed) : engine_(stream_seed) {}

  // U[0, 1) from the top 53 bits of one engine output.
  double Uniform();
  // U[low, high).
  double Uniform(double low, double high) { return low + (high - low) * Uniform(); }
  // N(0, 1) by the Box-Muller transform; each pair of uniforms gives two draws, used in turn.
  double Normal();

 private:
  std::mt19937_64 engine_;
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace lambdabeta::linear_gaussian

#endif  // LAMBDABETA_MODELS_LINEAR_GAUSSIAN_RANDOM_H_
