#include "models/linear_gaussian/random.h"

#include <cmath>
#include <set>

#include "gtest/gtest.h"

namespace lambdabeta::linear_gaussian {
namespace {

TEST(MixBitsTest, IsTheSplitMix64Finaliser) {
  // The first output of SplitMix64 from state 0 (state += golden gamma, then mix).
  EXPECT_EQ(MixBits(0x9E3779B97F4A7C15ULL), 0xE220A8397B1DCDAFULL);
}

TEST(StreamSeedTest, MatchesTheDocumentedHash) {
  // Values computed independently (Python integers) from the formula in random.h.
  EXPECT_EQ(StreamSeed(20260101, 0, StreamPurpose::kProblem), 8779474381222672383ULL);
  EXPECT_EQ(StreamSeed(20260101, -1, StreamPurpose::kProblem), 2796568301384484278ULL);
  EXPECT_EQ(StreamSeed(0, 7, StreamPurpose::kInitialState), 15373002468496474002ULL);
  EXPECT_EQ(StreamSeed(123, 3, StreamPurpose::kAdamWNoise), 1258528083444120088ULL);
}

TEST(StreamSeedTest, NeighbouringStreamsDiffer) {
  std::set<uint64_t> seeds;
  for (uint64_t seed : {0ULL, 1ULL, 2ULL}) {
    for (int64_t trial = -1; trial < 50; ++trial) {
      for (StreamPurpose purpose :
           {StreamPurpose::kProblem, StreamPurpose::kInitialState, StreamPurpose::kAdamWNoise}) {
        seeds.insert(StreamSeed(seed, trial, purpose));
      }
    }
  }
  EXPECT_EQ(seeds.size(), 3u * 51u * 3u);
}

TEST(RandomStreamTest, SameSeedSameDraws) {
  RandomStream a(42), b(42), c(43);
  bool all_equal_c = true;
  for (int i = 0; i < 100; ++i) {
    const double x = a.Normal();
    EXPECT_EQ(x, b.Normal());
    all_equal_c = all_equal_c && x == c.Normal();
  }
  EXPECT_FALSE(all_equal_c);
}

TEST(RandomStreamTest, MomentsMatchTheDistributions) {
  RandomStream stream(7);
  const int draws = 200000;
  double uniform_sum = 0, uniform_min = 1, uniform_max = 0;
  double normal_sum = 0, normal_sq = 0, normal_fourth = 0;
  for (int i = 0; i < draws; ++i) {
    const double u = stream.Uniform();
    uniform_sum += u;
    uniform_min = std::min(uniform_min, u);
    uniform_max = std::max(uniform_max, u);
    const double z = stream.Normal();
    normal_sum += z;
    normal_sq += z * z;
    normal_fourth += z * z * z * z;
  }
  // Five standard errors: U has variance 1/12; N(0,1) has Var z = 1, Var z^2 = 2, Var z^4 = 96.
  EXPECT_NEAR(uniform_sum / draws, 0.5, 5 * std::sqrt(1.0 / 12 / draws));
  EXPECT_GE(uniform_min, 0.0);
  EXPECT_LT(uniform_max, 1.0);
  EXPECT_NEAR(normal_sum / draws, 0.0, 5 * std::sqrt(1.0 / draws));
  EXPECT_NEAR(normal_sq / draws, 1.0, 5 * std::sqrt(2.0 / draws));
  EXPECT_NEAR(normal_fourth / draws, 3.0, 5 * std::sqrt(96.0 / draws));
}

TEST(RandomStreamTest, UniformRangeStaysInside) {
  RandomStream stream(3);
  for (int i = 0; i < 1000; ++i) {
    const double u = stream.Uniform(0.1, 1.0);
    EXPECT_GE(u, 0.1);
    EXPECT_LT(u, 1.0);
  }
}

}  // namespace
}  // namespace lambdabeta::linear_gaussian
