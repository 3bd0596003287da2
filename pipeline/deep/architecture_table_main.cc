// Table 1 from a deep-study config: the conv VAE's layers, output shapes and parameter counts,
// read off the built network, as Markdown and as a TSV for the gnuplot rendering.
//   architecture_table --config=paper/config/paper.deep.pbtxt --markdown=t.md --tsv=t.tsv
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/io/exit_code.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"
#include "models/conv_vae/layers.h"
#include "pipeline/config/configs.h"

ABSL_FLAG(std::string, config, "", "deep-study config (text proto)");
ABSL_FLAG(std::string, markdown, "", "where to write the Markdown table (default: stdout only)");
ABSL_FLAG(std::string, tsv, "", "where to write the table as TSV (for figures/table.gp)");

namespace lambdabeta::conv_vae {
namespace {

// "1234567" -> "1,234,567".
std::string Grouped(int64_t n) {
  std::string digits = absl::StrCat(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

absl::Status Run() {
  const std::string config_path = absl::GetFlag(FLAGS_config);
  ASSIGN_OR_RETURN(DeepStudyConfig config, LoadDeepStudyConfig(config_path));
  // Table 1 leaves C open: 1 for dSprites, 3 for Shapes3D and MPI3D-real.
  ASSIGN_OR_RETURN(std::vector<LayerRow> gray, DescribeArchitecture(config.architecture(), 1));
  ASSIGN_OR_RETURN(std::vector<LayerRow> rgb, DescribeArchitecture(config.architecture(), 3));
  if (gray.size() != rgb.size()) {
    return absl::InternalError("C = 1 and C = 3 models differ in depth");
  }

  const int m = config.architecture().latent_dim();
  std::string markdown = absl::StrFormat(
      "Table 1. The convolutional VAE as built from `%s` (config \"%s\", m = %d).\n\n"
      "| | Layer | Output (H×W×channels) | Parameters, C = 1 | Parameters, C = 3 |\n"
      "|---|---|---|--:|--:|\n",
      config_path, config.name(), m);
  // figures/table.gp's layout: a header row, then rows; "-" = empty, a first cell starts a group.
  std::string tsv = "-\tLayer\tOutput (H×W×ch.)\tParams, C = 1\tParams, C = 3\n";
  int64_t total_gray = 0, total_rgb = 0;
  for (size_t i = 0; i < gray.size(); ++i) {
    const LayerRow& a = gray[i];
    const LayerRow& b = rgb[i];
    if (a.layer != b.layer || a.output_shape != b.output_shape) {
      return absl::InternalError(absl::StrCat("row ", i, " differs between C = 1 and C = 3"));
    }
    const bool first_of_part = i == 0 || gray[i - 1].part != a.part;
    absl::StrAppend(&markdown, "| ", first_of_part ? "**" + a.part + "**" : "", " | ", a.layer,
                    " | ", a.output_shape, " | ", a.parameters ? Grouped(a.parameters) : "", " | ",
                    b.parameters ? Grouped(b.parameters) : "", " |\n");
    absl::StrAppend(&tsv, first_of_part ? a.part : "-", "\t", a.layer, "\t", a.output_shape, "\t",
                    a.parameters ? Grouped(a.parameters) : "-", "\t",
                    b.parameters ? Grouped(b.parameters) : "-", "\n");
    total_gray += a.parameters;
    total_rgb += b.parameters;
  }
  absl::StrAppend(&markdown, "| **Total** | | | **", Grouped(total_gray), "** | **",
                  Grouped(total_rgb), "** |\n");
  absl::StrAppend(&tsv, "Total\t-\t-\t", Grouped(total_gray), "\t", Grouped(total_rgb), "\n");

  std::fputs(markdown.c_str(), stdout);
  if (const std::string path = absl::GetFlag(FLAGS_markdown); !path.empty()) {
    RETURN_IF_ERROR(WriteFileAtomically(path, markdown));
  }
  if (const std::string path = absl::GetFlag(FLAGS_tsv); !path.empty()) {
    RETURN_IF_ERROR(WriteFileAtomically(path, tsv));
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace lambdabeta::conv_vae

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return lambdabeta::ExitCode("architecture_table", lambdabeta::conv_vae::Run());
}
