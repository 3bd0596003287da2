// How every tool of the pipeline ends: the exit code for the Status its work returned, with the
// error on stderr as "<tool>: <message>" (the message names the file and the fault).
#ifndef LAMBDABETA_COMMON_IO_EXIT_CODE_H_
#define LAMBDABETA_COMMON_IO_EXIT_CODE_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace lambdabeta {

// 0 for OK; otherwise prints "<tool>: <message>" on stderr and returns 1.
int ExitCode(absl::string_view tool, const absl::Status& status);

}  // namespace lambdabeta

#endif  // LAMBDABETA_COMMON_IO_EXIT_CODE_H_
