#include "models/linear_gaussian/problem_proto.h"

#include <cstdlib>

#include "common/io/files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lambdabeta::linear_gaussian {
namespace {

using ::testing::HasSubstr;

Problem SmallProblem() {
  Problem problem;
  problem.m = 2;
  problem.sigma2 = 0.05;
  problem.gamma.resize(3, 2);
  problem.gamma << 1, 2, 3, 4, 5, 6;
  problem.factor_variance.resize(2);
  problem.factor_variance << 0.5, 0.25;
  return problem;
}

TEST(MatrixProtoTest, IsRowMajorAndRoundTrips) {
  Eigen::MatrixXd matrix(2, 3);
  matrix << 1, 2, 3, 4, 5, 6;
  const Matrix proto = MatrixToProto(matrix);
  EXPECT_EQ(proto.rows(), 2);
  EXPECT_EQ(proto.cols(), 3);
  EXPECT_EQ(proto.values(1), 2);  // row-major
  absl::StatusOr<Eigen::MatrixXd> back = MatrixFromProto(proto, "m");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, matrix);
}

TEST(MatrixProtoTest, RejectsWrongCountsAndNonFiniteValues) {
  Matrix proto;
  proto.set_rows(2);
  proto.set_cols(2);
  proto.add_values(1);
  EXPECT_THAT(MatrixFromProto(proto, "gamma").status().message(),
              HasSubstr("gamma: a 2 x 2 matrix needs 4 values, got 1"));
  proto.add_values(2);
  proto.add_values(std::nan(""));
  proto.add_values(4);
  EXPECT_THAT(MatrixFromProto(proto, "gamma").status().message(),
              HasSubstr("entry (1, 0) is not finite"));
}

TEST(ProblemProtoTest, RoundTripsThroughAFileWithItsStart) {
  const Problem problem = SmallProblem();
  State start;
  start.b = Eigen::MatrixXd::Constant(2, 3, 0.5);
  start.sigma_w = Eigen::MatrixXd::Identity(2, 2) * 0.3;
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/problem.pbtxt";
  ASSERT_TRUE(WriteTextProto(path, ProblemToProto(problem, &start)).ok());
  absl::StatusOr<ProblemWithStart> read = ReadProblemFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->problem.gamma, problem.gamma);
  EXPECT_EQ(read->problem.factor_variance, problem.factor_variance);
  EXPECT_EQ(read->problem.sigma2, problem.sigma2);
  EXPECT_EQ(read->problem.m, 2);
  ASSERT_TRUE(read->initial_b.has_value());
  EXPECT_EQ(*read->initial_b, start.b);
  EXPECT_EQ(*read->initial_sigma_w, start.sigma_w);
}

TEST(ProblemProtoTest, StartIsOptional) {
  absl::StatusOr<ProblemWithStart> read = ProblemFromProto(ProblemToProto(SmallProblem()), "p");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_FALSE(read->initial_b.has_value());
  EXPECT_FALSE(read->initial_sigma_w.has_value());
}

TEST(ProblemProtoTest, RejectsInconsistentProblemsNamingTheFile) {
  LinearProblem proto = ProblemToProto(SmallProblem());
  proto.set_s(3);
  EXPECT_THAT(ProblemFromProto(proto, "f.pbtxt").status().message(),
              HasSubstr("f.pbtxt: gamma must be n x s = 3 x 3, got 3 x 2"));
  proto = ProblemToProto(SmallProblem());
  proto.set_factor_variance(1, -1);
  EXPECT_THAT(ProblemFromProto(proto, "f.pbtxt").status().message(),
              HasSubstr("factor_variance[1] must be positive"));
  proto = ProblemToProto(SmallProblem());
  proto.set_m(1);
  EXPECT_THAT(ProblemFromProto(proto, "f.pbtxt").status().message(),
              HasSubstr("m must be at least 2"));
  proto = ProblemToProto(SmallProblem());
  *proto.mutable_initial_b() = MatrixToProto(Eigen::MatrixXd::Zero(2, 3));
  EXPECT_THAT(ProblemFromProto(proto, "f.pbtxt").status().message(), HasSubstr("given together"));
  *proto.mutable_initial_sigma_w() = MatrixToProto(-Eigen::MatrixXd::Identity(2, 2));
  EXPECT_THAT(ProblemFromProto(proto, "f.pbtxt").status().message(),
              HasSubstr("initial_sigma_w must be symmetric positive definite"));
}

TEST(ProblemProtoTest, MissingFileIsNamed) {
  EXPECT_THAT(ReadProblemFile("/nonexistent/problem.pbtxt").status().message(),
              HasSubstr("/nonexistent/problem.pbtxt"));
}

}  // namespace
}  // namespace lambdabeta::linear_gaussian
