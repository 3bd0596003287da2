#include "pipeline/evaluate/sample.h"

#include <set>

#include "gtest/gtest.h"

namespace lambdabeta::evaluate {
namespace {

TEST(DrawEvaluationSample, IsDeterministicDisjointAndInRange) {
  absl::StatusOr<EvaluationSample> a = DrawEvaluationSample(1000, 300, 200, 7);
  absl::StatusOr<EvaluationSample> b = DrawEvaluationSample(1000, 300, 200, 7);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(a->fit, b->fit);
  EXPECT_EQ(a->test, b->test);
  ASSERT_EQ(a->fit.size(), 300u);
  ASSERT_EQ(a->test.size(), 200u);
  std::set<int64_t> seen;
  for (const auto* split : {&a->fit, &a->test}) {
    for (int64_t i : *split) {
      EXPECT_GE(i, 0);
      EXPECT_LT(i, 1000);
      EXPECT_TRUE(seen.insert(i).second) << "image " << i << " drawn twice";
    }
  }
}

TEST(DrawEvaluationSample, SeedChangesTheSampleAndSizesKeepThePrefix) {
  absl::StatusOr<EvaluationSample> a = DrawEvaluationSample(1000, 300, 200, 7);
  absl::StatusOr<EvaluationSample> other_seed = DrawEvaluationSample(1000, 300, 200, 8);
  absl::StatusOr<EvaluationSample> fewer_test = DrawEvaluationSample(1000, 300, 5, 7);
  ASSERT_TRUE(a.ok() && other_seed.ok() && fewer_test.ok());
  EXPECT_NE(a->fit, other_seed->fit);
  // The fit split is the permutation's prefix: it does not depend on num_test.
  EXPECT_EQ(a->fit, fewer_test->fit);
  EXPECT_EQ(std::vector<int64_t>(a->test.begin(), a->test.begin() + 5), fewer_test->test);
}

TEST(DrawEvaluationSample, DrawsWithoutReplacementUpToTheWholeDataset) {
  absl::StatusOr<EvaluationSample> all = DrawEvaluationSample(10, 6, 4, 0);
  ASSERT_TRUE(all.ok()) << all.status();
  std::set<int64_t> seen(all->fit.begin(), all->fit.end());
  seen.insert(all->test.begin(), all->test.end());
  EXPECT_EQ(seen.size(), 10u);
}

TEST(DrawEvaluationSample, RefusesMoreImagesThanTheDatasetHas) {
  absl::StatusOr<EvaluationSample> s = DrawEvaluationSample(10, 6, 5, 0);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("only 10"), std::string::npos) << s.status();
  EXPECT_FALSE(DrawEvaluationSample(10, 0, 5, 0).ok());
}

}  // namespace
}  // namespace lambdabeta::evaluate
