// Renders the literate report: render_report --template=paper/report.md --out=report.html
//   --input=NAME=PATH ...
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/io/exit_code.h"
#include "common/io/files.h"
#include "paper/report_renderer.h"

ABSL_FLAG(std::string, template_file, "", "Markdown template with {{kind name}} placeholders");
ABSL_FLAG(std::string, out, "", "HTML file to write");
ABSL_FLAG(std::vector<std::string>, input, {}, "NAME=PATH pairs, comma-separated");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::map<std::string, std::string> inputs;
  for (const std::string& pair : absl::GetFlag(FLAGS_input)) {
    const size_t equals = pair.find('=');
    if (equals == std::string::npos) {
      std::fprintf(stderr, "render_report: --input wants NAME=PATH, got '%s'\n", pair.c_str());
      return 2;
    }
    inputs[pair.substr(0, equals)] = pair.substr(equals + 1);
  }
  absl::StatusOr<std::string> html =
      lambdabeta::report::RenderReport(absl::GetFlag(FLAGS_template_file), inputs);
  if (!html.ok()) return lambdabeta::ExitCode("render_report", html.status());
  return lambdabeta::ExitCode("render_report",
                              lambdabeta::WriteFileAtomically(absl::GetFlag(FLAGS_out), *html));
}
