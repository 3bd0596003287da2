#include "models/linear_gaussian/problem_proto.h"

#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"

namespace lambdabeta::linear_gaussian {
namespace {

absl::Status Invalid(absl::string_view what, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(what, ": ", message));
}

}  // namespace

Matrix MatrixToProto(const Eigen::MatrixXd& matrix) {
  Matrix proto;
  proto.set_rows(static_cast<int>(matrix.rows()));
  proto.set_cols(static_cast<int>(matrix.cols()));
  proto.mutable_values()->Reserve(static_cast<int>(matrix.size()));
  for (int i = 0; i < matrix.rows(); ++i) {
    for (int j = 0; j < matrix.cols(); ++j) proto.add_values(matrix(i, j));
  }
  return proto;
}

absl::StatusOr<Eigen::MatrixXd> MatrixFromProto(const Matrix& proto, absl::string_view what) {
  if (proto.rows() < 0 || proto.cols() < 0) {
    return Invalid(what, absl::StrCat("negative shape ", proto.rows(), " x ", proto.cols()));
  }
  const int64_t expected = static_cast<int64_t>(proto.rows()) * proto.cols();
  if (proto.values_size() != expected) {
    return Invalid(what, absl::StrCat("a ", proto.rows(), " x ", proto.cols(), " matrix needs ",
                                      expected, " values, got ", proto.values_size()));
  }
  Eigen::MatrixXd matrix(proto.rows(), proto.cols());
  for (int i = 0; i < proto.rows(); ++i) {
    for (int j = 0; j < proto.cols(); ++j) {
      const double value = proto.values(i * proto.cols() + j);
      if (!std::isfinite(value)) {
        return Invalid(what, absl::StrCat("entry (", i, ", ", j, ") is not finite"));
      }
      matrix(i, j) = value;
    }
  }
  return matrix;
}

LinearProblem ProblemToProto(const Problem& problem, const State* initial) {
  LinearProblem proto;
  proto.set_n(problem.n());
  proto.set_m(problem.m);
  proto.set_s(problem.s());
  proto.set_sigma2(problem.sigma2);
  *proto.mutable_gamma() = MatrixToProto(problem.gamma);
  for (double v : problem.factor_variance) proto.add_factor_variance(v);
  if (initial != nullptr) {
    *proto.mutable_initial_b() = MatrixToProto(initial->b);
    *proto.mutable_initial_sigma_w() = MatrixToProto(initial->sigma_w);
  }
  return proto;
}

absl::StatusOr<ProblemWithStart> ProblemFromProto(const LinearProblem& proto,
                                                  absl::string_view what) {
  if (proto.n() < 1 || proto.s() < 1) {
    return Invalid(
        what, absl::StrCat("n and s must be positive, got n = ", proto.n(), ", s = ", proto.s()));
  }
  if (proto.m() < 2) {
    return Invalid(what,
                   absl::StrCat("m must be at least 2 (SAP needs two latents), got ", proto.m()));
  }
  if (!(proto.sigma2() > 0) || !std::isfinite(proto.sigma2())) {
    return Invalid(what, absl::StrCat("sigma2 must be positive, got ", proto.sigma2()));
  }
  ProblemWithStart result;
  Problem& problem = result.problem;
  problem.m = proto.m();
  problem.sigma2 = proto.sigma2();
  ASSIGN_OR_RETURN(auto gamma, MatrixFromProto(proto.gamma(), absl::StrCat(what, ": gamma")));
  if (gamma.rows() != proto.n() || gamma.cols() != proto.s()) {
    return Invalid(what, absl::StrCat("gamma must be n x s = ", proto.n(), " x ", proto.s(),
                                      ", got ", gamma.rows(), " x ", gamma.cols()));
  }
  problem.gamma = std::move(gamma);
  if (proto.factor_variance_size() != proto.s()) {
    return Invalid(what, absl::StrCat("factor_variance needs s = ", proto.s(), " values, got ",
                                      proto.factor_variance_size()));
  }
  problem.factor_variance.resize(proto.s());
  for (int j = 0; j < proto.s(); ++j) {
    const double v = proto.factor_variance(j);
    if (!(v > 0) || !std::isfinite(v)) {
      return Invalid(what, absl::StrCat("factor_variance[", j, "] must be positive, got ", v));
    }
    problem.factor_variance(j) = v;
  }

  if (proto.has_initial_b() != proto.has_initial_sigma_w()) {
    return Invalid(what, "initial_b and initial_sigma_w must be given together");
  }
  if (proto.has_initial_b()) {
    ASSIGN_OR_RETURN(auto b, MatrixFromProto(proto.initial_b(), absl::StrCat(what, ": initial_b")));
    if (b.rows() != proto.m() || b.cols() != proto.n()) {
      return Invalid(what, absl::StrCat("initial_b must be m x n = ", proto.m(), " x ", proto.n(),
                                        ", got ", b.rows(), " x ", b.cols()));
    }
    ASSIGN_OR_RETURN(auto sigma_w, MatrixFromProto(proto.initial_sigma_w(),
                                                   absl::StrCat(what, ": initial_sigma_w")));
    if (sigma_w.rows() != proto.m() || sigma_w.cols() != proto.m()) {
      return Invalid(what,
                     absl::StrCat("initial_sigma_w must be m x m = ", proto.m(), " x ", proto.m(),
                                  ", got ", sigma_w.rows(), " x ", sigma_w.cols()));
    }
    if (!sigma_w.isApprox(sigma_w.transpose(), 1e-12) || sigma_w.llt().info() != Eigen::Success) {
      return Invalid(what, "initial_sigma_w must be symmetric positive definite");
    }
    result.initial_b = std::move(b);
    result.initial_sigma_w = std::move(sigma_w);
  }
  return result;
}

absl::StatusOr<ProblemWithStart> ReadProblemFile(const std::string& path) {
  LinearProblem proto;
  RETURN_IF_ERROR(ReadTextProto(path, &proto));
  return ProblemFromProto(proto, path);
}

LinearState StateToProto(const State& state) {
  LinearState proto;
  *proto.mutable_a() = MatrixToProto(state.a);
  *proto.mutable_b() = MatrixToProto(state.b);
  *proto.mutable_sigma_z() = MatrixToProto(state.sigma_z);
  *proto.mutable_sigma_w() = MatrixToProto(state.sigma_w);
  return proto;
}

}  // namespace lambdabeta::linear_gaussian
