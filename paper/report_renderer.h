// The literate report: a Markdown template whose placeholders are filled with build
// artifacts, then rendered to one self-contained HTML page (cmark-gfm; images inlined).
//
// Placeholders, each alone on its line:
//   {{figure NAME}}   the PNG input NAME, inlined as a data: URI
//   {{record NAME}}   the ProofCheckRecord text proto NAME, as a table
//   {{include NAME}}  the Markdown file NAME, verbatim
//   {{pre NAME}}      the text file NAME in a code block (configs)
//   {{claim ID}}      claim ID of the ledger given as the input "claims" (claims.pbtxt)
#ifndef LAMBDABETA_PAPER_REPORT_RENDERER_H_
#define LAMBDABETA_PAPER_REPORT_RENDERER_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"

namespace lambdabeta::report {

// `inputs` maps placeholder names to file paths. Errors name the template line.
absl::StatusOr<std::string> RenderReport(const std::string& template_path,
                                         const std::map<std::string, std::string>& inputs);

}  // namespace lambdabeta::report

#endif  // LAMBDABETA_PAPER_REPORT_RENDERER_H_
