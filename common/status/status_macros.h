// RETURN_IF_ERROR and ASSIGN_OR_RETURN: Debian's Abseil does not ship them (they are not part of
// open-source Abseil). Both evaluate their expression exactly once and return its error
// unchanged, code and message: a caller that adds context to the error keeps its hand-written
// `if (!s.ok())`.
#ifndef LAMBDABETA_COMMON_STATUS_STATUS_MACROS_H_
#define LAMBDABETA_COMMON_STATUS_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns `expr` (an absl::Status) from the enclosing function if it is not ok.
// do/while makes it one statement, safe under an unbraced `if` with an `else`.
#define RETURN_IF_ERROR(expr)                                                                   \
  do {                                                                                          \
    if (::absl::Status lambdabeta_status_macros_s = (expr); !lambdabeta_status_macros_s.ok()) { \
      return lambdabeta_status_macros_s;                                                        \
    }                                                                                           \
  } while (false)

// Evaluates `expr` (an absl::StatusOr<T>) once; returns its status if not ok, else moves the
// value into `lhs`: a declaration (`T x`, `auto x`) or an existing variable. The value is
// moved out, so move-only types work.
//
// It expands to several statements in the enclosing scope (a declaration `lhs` must be
// visible after it), so it cannot be the unbraced body of an `if` or a loop. The temporary
// holding the StatusOr gets a name unique to this use (__COUNTER__), so that several uses in
// one scope, even on one line, compile.
#define ASSIGN_OR_RETURN(lhs, expr) \
  LAMBDABETA_ASSIGN_OR_RETURN_IMPL( \
      LAMBDABETA_STATUS_MACROS_CONCAT(lambdabeta_status_macros_or_, __COUNTER__), lhs, expr)

#define LAMBDABETA_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr) \
  auto statusor = (expr);                                     \
  if (!statusor.ok()) return std::move(statusor).status();    \
  lhs = *std::move(statusor)

// Two levels, so that __COUNTER__ is expanded before it is pasted.
#define LAMBDABETA_STATUS_MACROS_CONCAT_INNER(x, y) x##y
#define LAMBDABETA_STATUS_MACROS_CONCAT(x, y) LAMBDABETA_STATUS_MACROS_CONCAT_INNER(x, y)

#endif  // LAMBDABETA_COMMON_STATUS_STATUS_MACROS_H_
