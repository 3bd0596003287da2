#include "common/status/status_macros.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace lambdabeta {
namespace {

// What a function below returns when it runs past its macro: distinct from every status the
// macro could return, so a macro that failed to return (or returned when it should not) shows.
absl::Status ReachedEnd() { return absl::CancelledError("reached the end"); }

absl::Status Error() { return absl::NotFoundError("no such file: a/b.pbtxt"); }

absl::StatusOr<std::string> Text(bool ok) {
  if (!ok) return Error();
  return std::string("text");
}

absl::StatusOr<std::unique_ptr<int>> Owned(bool ok, int value) {
  if (!ok) return Error();
  return std::make_unique<int>(value);
}

absl::Status ReturnIfError(absl::Status status, int* calls) {
  RETURN_IF_ERROR((++*calls, status));
  return ReachedEnd();
}

TEST(ReturnIfErrorTest, ReturnsTheErrorUnchanged) {
  int calls = 0;
  absl::Status returned = ReturnIfError(Error(), &calls);
  EXPECT_EQ(returned.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(returned.message(), "no such file: a/b.pbtxt");
  EXPECT_EQ(returned, Error());
  EXPECT_EQ(calls, 1);
}

TEST(ReturnIfErrorTest, OkPassesThrough) {
  int calls = 0;
  EXPECT_EQ(ReturnIfError(absl::OkStatus(), &calls), ReachedEnd());
  EXPECT_EQ(calls, 1);
}

absl::StatusOr<int> ReturnIfErrorIntoStatusOr(absl::Status status) {
  RETURN_IF_ERROR(status);
  return 7;
}

TEST(ReturnIfErrorTest, WorksInAFunctionReturningStatusOr) {
  EXPECT_EQ(ReturnIfErrorIntoStatusOr(Error()).status(), Error());
  EXPECT_EQ(ReturnIfErrorIntoStatusOr(absl::OkStatus()).value(), 7);
}

// One statement: an `else` after it binds to the caller's `if`, not to one inside the macro.
absl::Status UnderIfElse(bool check, absl::Status status) {
  if (check)
    RETURN_IF_ERROR(status);
  else
    return absl::AbortedError("else branch");
  return ReachedEnd();
}

TEST(ReturnIfErrorTest, IsOneStatement) {
  EXPECT_EQ(UnderIfElse(true, Error()), Error());
  EXPECT_EQ(UnderIfElse(true, absl::OkStatus()), ReachedEnd());
  EXPECT_EQ(UnderIfElse(false, Error()).code(), absl::StatusCode::kAborted);
}

absl::Status AssignOrReturn(bool ok, int* calls, std::string* out) {
  ASSIGN_OR_RETURN(std::string text, (++*calls, Text(ok)));
  *out = text;
  return ReachedEnd();
}

TEST(AssignOrReturnTest, ReturnsTheErrorUnchanged) {
  int calls = 0;
  std::string out = "untouched";
  absl::Status returned = AssignOrReturn(false, &calls, &out);
  EXPECT_EQ(returned.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(returned.message(), "no such file: a/b.pbtxt");
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(out, "untouched");
}

TEST(AssignOrReturnTest, OkAssignsTheValueAndGoesOn) {
  int calls = 0;
  std::string out;
  EXPECT_EQ(AssignOrReturn(true, &calls, &out), ReachedEnd());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(out, "text");
}

absl::StatusOr<std::string> AssignToExisting(bool ok) {
  std::string text = "before";
  ASSIGN_OR_RETURN(text, Text(ok));
  return text;
}

TEST(AssignOrReturnTest, AssignsToAnExistingVariable) {
  EXPECT_EQ(AssignToExisting(true).value(), "text");
  EXPECT_EQ(AssignToExisting(false).status(), Error());
}

// Two uses in one scope, and two on one line: each needs its own temporary.
absl::StatusOr<int> Sum(bool first_ok, bool second_ok) {
  ASSIGN_OR_RETURN(auto a, Owned(first_ok, 2));
  ASSIGN_OR_RETURN(auto b, Owned(second_ok, 3));
  // clang-format off
  ASSIGN_OR_RETURN(auto c, Owned(true, 4)); ASSIGN_OR_RETURN(auto d, Owned(true, 5));  // NOLINT
  // clang-format on
  return *a + *b + *c + *d;
}

TEST(AssignOrReturnTest, SeveralUsesInOneScope) {
  EXPECT_EQ(Sum(true, true).value(), 14);
  EXPECT_EQ(Sum(true, false).status(), Error());
  EXPECT_EQ(Sum(false, true).status(), Error());
}

absl::StatusOr<std::unique_ptr<int>> PassOn(bool ok) {
  ASSIGN_OR_RETURN(std::unique_ptr<int> owned, Owned(ok, 42));
  std::unique_ptr<int> again;
  ASSIGN_OR_RETURN(again, absl::StatusOr<std::unique_ptr<int>>(std::move(owned)));
  return again;
}

TEST(AssignOrReturnTest, MoveOnlyTypes) {
  absl::StatusOr<std::unique_ptr<int>> passed = PassOn(true);
  ASSERT_TRUE(passed.ok());
  ASSERT_NE(*passed, nullptr);
  EXPECT_EQ(**passed, 42);
  EXPECT_EQ(PassOn(false).status(), Error());
}

}  // namespace
}  // namespace lambdabeta
