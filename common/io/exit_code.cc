#include "common/io/exit_code.h"

#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"

namespace lambdabeta {

int ExitCode(absl::string_view tool, const absl::Status& status) {
  if (status.ok()) return 0;
  const std::string line = absl::StrCat(tool, ": ", status.message(), "\n");
  std::fputs(line.c_str(), stderr);
  return 1;
}

}  // namespace lambdabeta
