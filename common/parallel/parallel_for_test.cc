#include "common/parallel/parallel_for.h"

#include <atomic>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace lambdabeta {
namespace {

TEST(ParallelForTest, RunsEveryJobOnceOnAnyThreadCount) {
  for (int threads : {1, 2, 3, 8}) {
    std::vector<int> runs(100, 0);
    ASSERT_TRUE(ParallelFor(100, threads, [&](int k) {
                  ++runs[k];
                  return absl::OkStatus();
                }).ok());
    EXPECT_EQ(runs, std::vector<int>(100, 1)) << threads << " threads";
  }
}

TEST(ParallelForTest, UsesSeveralThreads) {
  std::atomic<int> waiting{0};
  // Two jobs that each wait for the other to start: they finish only if they run at once.
  ASSERT_TRUE(ParallelFor(2, 2, [&](int) {
                ++waiting;
                while (waiting < 2) std::this_thread::yield();
                return absl::OkStatus();
              }).ok());
}

TEST(ParallelForTest, ReturnsTheFailureAndStartsNoFurtherJobs) {
  std::vector<int> runs(10, 0);
  const absl::Status status = ParallelFor(10, 1, [&](int k) {
    ++runs[k];
    return k == 3 ? absl::InvalidArgumentError("job 3") : absl::OkStatus();
  });
  EXPECT_EQ(status, absl::InvalidArgumentError("job 3"));
  EXPECT_EQ(runs, std::vector<int>({1, 1, 1, 1, 0, 0, 0, 0, 0, 0}));
}

TEST(ParallelForTest, NoJobsAndNonPositiveThreadCounts) {
  EXPECT_TRUE(ParallelFor(0, 4, [](int) { return absl::InternalError("never"); }).ok());
  int runs = 0;
  EXPECT_TRUE(ParallelFor(3, 0, [&](int) {
                ++runs;
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(runs, 3);
}

}  // namespace
}  // namespace lambdabeta
