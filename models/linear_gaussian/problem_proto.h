// Problems and states to and from their protobuf forms (common/proto/results.proto), with
// validation: a malformed file gives an error naming the file and the field, never a crash.
#ifndef LAMBDABETA_MODELS_LINEAR_GAUSSIAN_PROBLEM_PROTO_H_
#define LAMBDABETA_MODELS_LINEAR_GAUSSIAN_PROBLEM_PROTO_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/proto/common.pb.h"
#include "common/proto/results.pb.h"
#include "models/linear_gaussian/problem.h"

namespace lambdabeta::linear_gaussian {

Matrix MatrixToProto(const Eigen::MatrixXd& matrix);

// Checks rows, cols >= 0, values.size() == rows * cols and that every value is finite.
// Errors name the matrix as `what`.
absl::StatusOr<Eigen::MatrixXd> MatrixFromProto(const Matrix& proto, absl::string_view what);

// A problem with an optional starting encoder (the fixed-point solver needs only B, Sigma_W).
struct ProblemWithStart {
  Problem problem;
  std::optional<Eigen::MatrixXd> initial_b;        // m x n
  std::optional<Eigen::MatrixXd> initial_sigma_w;  // m x m, symmetric positive definite
};

// `initial`, if given, contributes its B and Sigma_W.
LinearProblem ProblemToProto(const Problem& problem, const State* initial = nullptr);

// Validates dimensions (n, s >= 1, m >= 2), sigma2 > 0, Sigma_V > 0, finiteness, and that
// initial_b and initial_sigma_w are both set or both absent, with Sigma_W symmetric positive
// definite. Errors name `what` (e.g. the file).
absl::StatusOr<ProblemWithStart> ProblemFromProto(const LinearProblem& proto,
                                                  absl::string_view what);

// Reads a LinearProblem text proto and validates it; errors name the file.
absl::StatusOr<ProblemWithStart> ReadProblemFile(const std::string& path);

LinearState StateToProto(const State& state);

}  // namespace lambdabeta::linear_gaussian

#endif  // LAMBDABETA_MODELS_LINEAR_GAUSSIAN_PROBLEM_PROTO_H_
