#include "paper/report_renderer.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/io/files.h"
#include "common/proto/claims.pb.h"
#include "common/proto/results.pb.h"
#include "common/status/status_macros.h"
#include "paper/claims/ledger_markdown.h"
#include "pipeline/aggregate/result_grid.h"
#include "pipeline/config/configs.h"

namespace lambdabeta::report {
namespace {

// Every figure is a target of this package (figures/BUILD).
constexpr absl::string_view kFigurePackage = "//figures";

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// Markdown escapes every ASCII punctuation character with a backslash: TeX inside a Markdown
// paragraph or table cell then reaches the HTML verbatim (no emphasis from `_` or `*`).
std::string MarkdownEscape(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') c = ' ';
    if (std::ispunct(static_cast<unsigned char>(c))) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// Where text is going: into an HTML table cell as is, or into Markdown that cmark-gfm renders.
enum class Context { kHtml, kMarkdown };

// `text` with each $TeX$ span wrapped in <span class="math"> for the build-time KaTeX pass
// (paper/katex_inline.js), the TeX escaped for `context`. "\$" is a literal dollar.
absl::StatusOr<std::string> MarkMath(absl::string_view text, Context context) {
  const bool html = context == Context::kHtml;
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '$') {
      out += html ? "$" : "\\$";
      ++i;
    } else if (text[i] != '$') {
      out += html ? HtmlEscape(text.substr(i, 1)) : std::string(1, text[i]);
    } else {
      const size_t end = text.find('$', i + 1);
      if (end == absl::string_view::npos || end == i + 1) {
        return absl::InvalidArgumentError(absl::StrCat("unbalanced or empty $...$ math at \"",
                                                       text.substr(i, 40),
                                                       "\" (write \\$ for a dollar sign)"));
      }
      const absl::string_view tex = text.substr(i + 1, end - i - 1);
      absl::StrAppend(&out, "<span class=\"math\">", html ? HtmlEscape(tex) : MarkdownEscape(tex),
                      "</span>");
      i = end;
    }
  }
  return out;
}

// Plain text in an HTML table cell, its $TeX$ marked as math.
absl::StatusOr<std::string> HtmlText(absl::string_view text) {
  return MarkMath(text, Context::kHtml);
}

// Where a figure's data came from: the results file that carries the Provenance, and the config
// input whose digest it must match.
struct ProvenanceSource {
  absl::string_view results_input;
  absl::string_view config_input;
  absl::string_view code;  // which executable code_sha256 is the digest of
};
constexpr ProvenanceSource kProvenanceSources[] = {
    {"linear_results", "config_linear", "the linear study"},
    {"deep_run", "config_deep", "the deep evaluation"},
};

absl::StatusOr<Provenance> ReadProvenance(absl::string_view results_input,
                                          const std::string& path) {
  if (results_input == "linear_results") {
    LinearStudyResults results;
    RETURN_IF_ERROR(ReadTextProto(path, &results));
    return results.provenance();
  }
  DeepRunResult result;
  RETURN_IF_ERROR(ReadTextProto(path, &result));
  return result.provenance();
}

std::string Digest(absl::string_view label, const std::string& sha256) {
  return absl::StrCat(label, " sha256 <code title=\"", sha256, "\">", sha256.substr(0, 16),
                      "</code>");
}

// "Rebuild: bazel build //figures:NAME", and for a figure drawn from results the digests of
// the config and of the code that produced them. The config's digest is computed here from the
// config input and must equal the one the results carry.
absl::StatusOr<std::string> ProvenanceLine(const std::string& name, const std::string& source,
                                           const std::map<std::string, std::string>& inputs) {
  std::string line = absl::StrCat("<p class=\"provenance\">Rebuild: <code>bazel build ",
                                  kFigurePackage, ":", HtmlEscape(name), "</code>");
  if (source.empty()) return line + " (drawn from its script alone; no data)</p>\n";
  const ProvenanceSource* known = nullptr;
  for (const ProvenanceSource& s : kProvenanceSources) {
    if (s.results_input == source) known = &s;
  }
  if (known == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("figure ", name, ": unknown data source '",
                                                   source, "' (linear_results or deep_run)"));
  }
  const auto results = inputs.find(std::string(known->results_input));
  const auto config = inputs.find(std::string(known->config_input));
  if (results == inputs.end() || config == inputs.end()) {
    return absl::InvalidArgumentError(absl::StrCat("figure ", name, " needs the inputs '",
                                                   known->results_input, "' and '",
                                                   known->config_input, "'"));
  }
  ASSIGN_OR_RETURN(Provenance provenance, ReadProvenance(source, results->second));
  ASSIGN_OR_RETURN(std::string config_sha256, FileSha256Hex(config->second));
  // The linear study records its config file's digest; a deep result, the digest of the
  // evaluation settings it was scored with (its slice of the config, pipeline/config/slices.h).
  std::string expected = config_sha256;
  std::string settings;
  if (source == "deep_run") {
    ASSIGN_OR_RETURN(DeepStudyConfig deep, LoadDeepStudyConfig(config->second));
    expected = aggregate::EvaluationSettingsSha256(deep);
    settings = absl::StrCat(" · ", Digest("evaluation settings", expected));
  }
  if (provenance.config_sha256() != expected) {
    return absl::InvalidArgumentError(absl::StrCat(
        results->second, ": produced under settings with sha256 ", provenance.config_sha256(),
        ", but ", config->second, " gives sha256 ", expected));
  }
  const std::string config_name =
      provenance.config_name().empty()
          ? ""
          : absl::StrCat(" (", HtmlEscape(provenance.config_name()), ")");
  return absl::StrCat(line, " · ", Digest("config", config_sha256), config_name, settings, " · ",
                      Digest("code", provenance.code_sha256()), " (", known->code, ")</p>\n");
}

absl::StatusOr<std::string> Figure(const std::string& name, const std::string& source,
                                   const std::map<std::string, std::string>& inputs) {
  ASSIGN_OR_RETURN(std::string png, ReadFile(inputs.at(name)));
  if (png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) {
    return absl::InvalidArgumentError(absl::StrCat(inputs.at(name), ": not a PNG"));
  }
  ASSIGN_OR_RETURN(std::string provenance, ProvenanceLine(name, source, inputs));
  return absl::StrCat("<figure><img alt=\"", HtmlEscape(name), "\" src=\"data:image/png;base64,",
                      absl::Base64Escape(png), "\">\n<figcaption>", provenance,
                      "</figcaption></figure>\n");
}

// The sub-checks in one line: how many failed, and the worst ratio of residual to tolerance.
struct SubCheckSummary {
  int failed = 0;
  double worst_ratio = 0;
  std::string worst_name;
};

SubCheckSummary Summarize(const ProofCheckRecord& record) {
  SubCheckSummary summary;
  for (const ProofSubCheck& sub : record.sub_checks()) {
    const double ratio = sub.tolerance() > 0 ? sub.max_residual() / sub.tolerance()
                                             : (sub.max_residual() > 0 ? HUGE_VAL : 0.0);
    if (summary.worst_name.empty() || ratio > summary.worst_ratio) {
      summary.worst_ratio = ratio;
      summary.worst_name = sub.name();
    }
    summary.failed += !sub.passed();
  }
  return summary;
}

// The sub-check table, every row shown: name (a line may break after each "_"), statement,
// evaluations, "max residual <= tolerance: pass" and the worst instance.
absl::StatusOr<std::string> SubChecks(const ProofCheckRecord& record) {
  std::string rows;
  for (const ProofSubCheck& sub : record.sub_checks()) {
    ASSIGN_OR_RETURN(std::string statement, HtmlText(sub.statement()));
    absl::StrAppend(&rows, "<tr class=\"", sub.passed() ? "pass" : "fail", "\"><td>",
                    absl::StrReplaceAll(HtmlEscape(sub.name()), {{"_", "_<wbr>"}}), "</td><td>",
                    statement, "</td><td>", sub.instances(), "</td><td>",
                    absl::StrFormat("%.3g", sub.max_residual()),
                    sub.max_residual() <= sub.tolerance() ? " ≤ " : " &gt; ",
                    absl::StrFormat("%.3g", sub.tolerance()), ": ", sub.passed() ? "pass" : "FAIL",
                    "</td><td>", HtmlEscape(sub.worst()), "</td></tr>\n");
  }
  return absl::StrCat("<table class=\"subchecks\">\n<tr><th>sub-check</th><th>statement</th>",
                      "<th>evaluations</th><th>max residual, tolerance: result</th>",
                      "<th>worst instance</th></tr>\n", rows, "</table>\n");
}

// A proof record in two parts, as the paper keeps its proofs in Appendix A: its section shows
// the result in one line, with a link to the appendix (the statement checked is its claim's,
// {{claim}}); the appendix shows the residual, the qualifiers and the sub-check table, with a
// link back to the section.
struct RecordParts {
  std::string section;
  std::string appendix;
};

// The anchor of record NAME's part in the appendix: "record-lemma_3_1".
std::string RecordAnchor(absl::string_view name) { return absl::StrCat("record-", name); }

absl::StatusOr<RecordParts> Record(const std::string& name, const std::string& path,
                                   const std::string& section_id) {
  ProofCheckRecord record;
  RETURN_IF_ERROR(ReadTextProto(path, &record));
  ASSIGN_OR_RETURN(std::string residual, HtmlText(record.residual()));
  const char* const passed = record.passed() ? "pass" : "fail";
  std::string result = absl::StrCat("<span class=\"verdict\">", record.passed() ? "PASS" : "FAIL",
                                    "</span> on ", record.instances(), " instances: max residual ",
                                    absl::StrFormat("%.3g", record.max_residual()), " (tolerance ",
                                    absl::StrFormat("%.3g", record.tolerance()), ")");
  if (!record.sub_checks().empty()) {
    const SubCheckSummary sub = Summarize(record);
    absl::StrAppend(&result, "; ", record.sub_checks_size(), " sub-checks, ",
                    sub.failed == 0
                        ? "all pass"
                        : absl::StrCat("<span class=\"verdict fail\">", sub.failed, " FAIL</span>"),
                    ", worst residual/tolerance ", absl::StrFormat("%.3g", sub.worst_ratio), " (",
                    HtmlEscape(sub.worst_name), ")");
  }
  RecordParts parts;
  parts.section =
      absl::StrCat("<p class=\"record ", passed, "\"><b>Check.</b> ", result, ". <a href=\"#",
                   RecordAnchor(name), "\">Qualifiers and sub-checks</a></p>\n");
  const std::string back = section_id.empty() ? ""
                                              : absl::StrCat(" <a class=\"back\" href=\"#",
                                                             section_id, "\">(section)</a>");
  // With sub-checks, the residual is the largest of theirs over their tolerances
  // (proofs_check/check_record.cc), each of which the sub-check table shows.
  std::string rows;
  if (record.sub_checks().empty()) {
    absl::StrAppend(&rows, "<tr><th>residual</th><td>", residual, "</td></tr>\n");
  }
  for (const std::string& qualifier : record.qualifiers()) {
    ASSIGN_OR_RETURN(std::string text, HtmlText(qualifier));
    absl::StrAppend(&rows, "<tr><th>qualifier</th><td>", text, "</td></tr>\n");
  }
  parts.appendix = absl::StrCat("<h3 id=\"", RecordAnchor(name), "\">", HtmlEscape(record.claim()),
                                back, "</h3>\n");
  if (!rows.empty()) {
    absl::StrAppend(&parts.appendix, "<table class=\"record ", passed, "\">\n", rows, "</table>\n");
  }
  if (record.sub_checks().empty()) return parts;
  ASSIGN_OR_RETURN(std::string sub_checks, SubChecks(record));
  absl::StrAppend(&parts.appendix, sub_checks);
  return parts;
}

// What one pass over the template carries from placeholder to placeholder.
struct Pass {
  std::string section_id;  // the anchor of the section being written
  std::string appendix;    // the records' appendix parts, in order
  // A claim's statistic, rule and uncertainty, to the id of the first claim that printed them.
  std::map<std::string, std::string> first_with_rule;
};

// One claim of the ledger at `path`: its verdict, statement, rule and measurements. Each thing is
// printed once in the report: the paper's words are in the ledger's table; a statistic, rule and
// uncertainty that an earlier claim printed are referred to (the eight proof checks share one);
// a proof check's qualifiers (the claim's are its record's) are in the appendix with its
// record's sub-checks, and its one measurement, residual / tolerance over its instances, is its
// record's result line ({{record ID}}).
absl::StatusOr<std::string> Claim(const std::string& id, const std::string& path,
                                  const std::map<std::string, std::string>& inputs, Pass* pass) {
  ClaimLedger ledger;
  RETURN_IF_ERROR(ReadTextProto(path, &ledger));
  for (ClaimResult& claim : *ledger.mutable_claims()) {
    if (claim.id() != id) continue;
    claim.clear_paper_quote();
    if (inputs.count(id) > 0) {
      claim.clear_qualifiers();
      claim.clear_measurements();
      claim.set_seeds(0);
    }
    const std::string rule =
        absl::StrCat(claim.statistic(), "\n", claim.rule(), "\n", claim.uncertainty());
    const auto [first, inserted] = pass->first_with_rule.emplace(rule, id);
    return claims::ClaimSection(claim, /*heading_level=*/4, inserted ? "" : first->second);
  }
  return absl::NotFoundError(absl::StrCat(path, ": no claim '", id, "'"));
}

// An included file's ATX headings ("# Table 2") move down under the report's own section
// headings (h1-h3), so that the report keeps one outline.
std::string NestHeadings(absl::string_view markdown) {
  std::vector<std::string> lines = absl::StrSplit(markdown, '\n');
  for (std::string& line : lines) {
    if (absl::StartsWith(line, "#")) line.insert(0, "###");
  }
  return absl::StrJoin(lines, "\n");
}

// One placeholder, {{kind name [source]}}, expanded to Markdown or raw HTML. A record's appendix
// part goes to `pass->appendix`.
absl::StatusOr<std::string> Expand(const std::vector<std::string>& words,
                                   const std::map<std::string, std::string>& inputs, Pass* pass) {
  const std::string& kind = words[0];
  const std::string& name = words[1];
  if (words.size() == 3 && kind != "figure") {
    return absl::InvalidArgumentError("only {{figure}} takes a data source");
  }
  // {{claim ID}} reads the ledger, the input "claims"; every other kind names its input.
  const std::string input_name = kind == "claim" ? "claims" : name;
  const auto input = inputs.find(input_name);
  if (input == inputs.end()) {
    return absl::InvalidArgumentError(absl::StrCat("no input named '", input_name, "'"));
  }
  const std::string& path = input->second;
  if (kind == "figure") return Figure(name, words.size() == 3 ? words[2] : "", inputs);
  if (kind == "record") {
    ASSIGN_OR_RETURN(RecordParts parts, Record(name, path, pass->section_id));
    absl::StrAppend(&pass->appendix, parts.appendix, "\n");
    return parts.section;
  }
  if (kind == "claim") {
    ASSIGN_OR_RETURN(std::string markdown, Claim(name, path, inputs, pass));
    return MarkMath(markdown, Context::kMarkdown);
  }
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  if (kind == "include") return MarkMath(NestHeadings(text), Context::kMarkdown);
  if (kind == "pre") return absl::StrCat("<pre>", HtmlEscape(text), "</pre>\n");
  return absl::InvalidArgumentError(absl::StrCat("unknown placeholder kind '", kind, "'"));
}

// A section heading of the template ("## 3. Linear-Gaussian framework"), for the contents.
struct Heading {
  int level;
  std::string text;
  std::string id;
};

// Heading level of a template line: 2 for "## ", 3 for "### ", else 0.
int HeadingLevel(absl::string_view line) {
  if (absl::StartsWith(line, "## ")) return 2;
  if (absl::StartsWith(line, "### ")) return 3;
  return 0;
}

// "sec-3-linear-gaussian-framework": ASCII letters and digits, runs of anything else as "-".
std::string HeadingId(absl::string_view text) {
  std::string id = "sec-";
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (id.back() != '-') {
      id.push_back('-');
    }
  }
  if (id.back() == '-') id.pop_back();
  return id;
}

// The template's level-2 and level-3 headings, with unique anchor ids.
std::vector<Heading> Headings(absl::string_view source) {
  std::vector<Heading> headings;
  std::map<std::string, int> seen;
  for (absl::string_view line : absl::StrSplit(source, '\n')) {
    const int level = HeadingLevel(line);
    if (level == 0) continue;
    std::string text(absl::StripAsciiWhitespace(line.substr(level + 1)));
    std::string id = HeadingId(text);
    if (const int n = seen[id]++; n > 0) absl::StrAppend(&id, "-", n + 1);
    headings.push_back({level, std::move(text), std::move(id)});
  }
  return headings;
}

// The table of contents: a nested list of links to the headings.
std::string Contents(const std::vector<Heading>& headings) {
  std::string md = "<nav class=\"toc\">\n\n**Contents**\n\n";
  for (const Heading& h : headings) {
    absl::StrAppend(&md, h.level == 3 ? "  " : "", "- [", h.text, "](#", h.id, ")\n");
  }
  return md + "\n</nav>\n";
}

// GitHub-flavoured Markdown (for its tables) to HTML. Raw HTML passes through: the
// placeholders expand to it.
std::string MarkdownToHtml(const std::string& markdown) {
  cmark_gfm_core_extensions_ensure_registered();
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_UNSAFE);
  cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension("table"));
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  cmark_node* document = cmark_parser_finish(parser);
  char* html =
      cmark_render_html(document, CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(parser));
  std::string result(html);
  std::free(html);
  cmark_node_free(document);
  cmark_parser_free(parser);
  return result;
}

// One page with its own style (screen and print); paper/katex_inline.js adds KaTeX's.
constexpr char kPage[] = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$TITLE</title>
<style>
body { font-family: "DejaVu Serif", Georgia, serif; max-width: 60em; margin: 2em auto;
       padding: 0 1em; line-height: 1.45; color: #222; }
h1, h2, h3 { font-family: "DejaVu Sans", Helvetica, sans-serif; }
img { max-width: 100%; }
figure { margin: 1em 0; }
figure img { display: block; width: 100%; height: auto; }
figcaption, .provenance { font-size: 85%; color: #444; }
.provenance code { word-break: break-all; }
nav.toc { border: 1px solid #ccc; padding: 0 1em; background: #fafafa; }
nav.toc ul { margin: 0.2em 0; }
nav.toc > ul { columns: 2; column-gap: 2em; }
nav.toc li li { break-inside: avoid; }
table { border-collapse: collapse; margin: 0.8em 0; max-width: 100%; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
table.record th { background: #f4f4f4; width: 11em; }
.pass .verdict, .verdict.pass { color: #0a7d32; font-weight: bold; }
.fail .verdict, .verdict.fail { color: #b00020; font-weight: bold; }
/* Fixed layout: the statement column gets room, long worst-instance strings wrap. */
table.subchecks { font-size: 85%; table-layout: fixed; width: 100%; }
table.subchecks th { overflow-wrap: normal; }
table.subchecks th:nth-child(1) { width: 15%; }
table.subchecks th:nth-child(2) { width: 35%; }
table.subchecks th:nth-child(3) { width: 9%; }
table.subchecks th:nth-child(4) { width: 14%; }
table.subchecks th:nth-child(5) { width: 27%; }
table.subchecks tr.fail td { color: #b00020; }
pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; font-size: 85%;
      white-space: pre-wrap; overflow-wrap: anywhere; }
blockquote { border-left: 4px solid #0072B2; margin-left: 0; padding-left: 1em; color: #333; }
code { background: #f3f3f3; padding: 0 0.2em; overflow-wrap: anywhere; }
.katex { font-size: 1.05em; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; line-height: 1.25; }
  h2 { margin: 0.9em 0 0.4em; }
  h3 { margin: 0.8em 0 0.3em; }
  h4 { margin: 0.6em 0 0.2em; }
  p, ul, table, figure, blockquote { margin-top: 0.4em; margin-bottom: 0.4em; }
  table { font-size: 85%; line-height: 1.2; }
  th, td { padding: 0.1em 0.4em; }
  .appendix { font-size: 85%; }
  figure img { width: auto; max-width: 100%; max-height: 3.5in; margin: 0 auto; }
  /* The claim ledger: the paper's words and our measurement get the room. */
  .ledger table { table-layout: fixed; width: 100%; }
  .ledger th:nth-child(1) { width: 17%; }
  .ledger th:nth-child(2) { width: 32%; }
  .ledger th:nth-child(3) { width: 30%; }
  .ledger th:nth-child(4) { width: 6%; }
  .ledger th:nth-child(5) { width: 15%; }
  nav.toc { font-size: 85%; }
  nav.toc > ul { columns: 3; }
  /* A figure stays whole, and on the page of the lines that introduce it. */
  figure { break-inside: avoid; page-break-inside: avoid; break-before: avoid; }
  tr { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  h3 + p { break-after: avoid; }  /* a section's "Target:" line stays with what it introduces */
  pre { white-space: pre-wrap; font-size: 75%; columns: 2; column-gap: 2em; }
}
</style>
</head><body>
$BODY
</body></html>
)";

}  // namespace

absl::StatusOr<std::string> RenderReport(const std::string& template_path,
                                         const std::map<std::string, std::string>& inputs) {
  ASSIGN_OR_RETURN(std::string source, ReadFile(template_path));
  const std::vector<Heading> headings = Headings(source);
  auto next_heading = headings.begin();
  Pass pass;
  size_t appendix_at = std::string::npos;
  std::string markdown;
  std::string title = "Report";
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(source, '\n')) {
    ++line_number;
    const auto error = [&](absl::string_view what) {
      return absl::InvalidArgumentError(absl::StrCat(template_path, ":", line_number, ": ", what));
    };
    if (title == "Report" && absl::StartsWith(line, "# ")) title = std::string(line.substr(2));
    absl::string_view body = line;
    if (!absl::ConsumePrefix(&body, "{{") || !absl::ConsumeSuffix(&body, "}}")) {
      absl::StatusOr<std::string> text = MarkMath(line, Context::kMarkdown);
      if (!text.ok()) return error(text.status().message());
      // A section heading gets the anchor the contents link to.
      if (HeadingLevel(line) > 0) {
        const size_t hashes = next_heading->level;
        text->insert(hashes + 1, absl::StrCat("<a id=\"", next_heading->id, "\"></a>"));
        pass.section_id = next_heading->id;
        ++next_heading;
      }
      absl::StrAppend(&markdown, *text, "\n");
      continue;
    }
    if (body == "contents") {
      absl::StatusOr<std::string> contents = MarkMath(Contents(headings), Context::kMarkdown);
      if (!contents.ok()) return error(contents.status().message());
      absl::StrAppend(&markdown, *contents, "\n");
      continue;
    }
    if (body == "appendix") {
      if (appendix_at != std::string::npos) return error("a second {{appendix}}");
      appendix_at = markdown.size();
      continue;
    }
    std::vector<std::string> words = absl::StrSplit(body, ' ', absl::SkipEmpty());
    if (words.size() != 2 && words.size() != 3) {
      return error(absl::StrCat("expected {{kind name}}, got ", line));
    }
    absl::StatusOr<std::string> expanded = Expand(words, inputs, &pass);
    if (!expanded.ok()) return error(expanded.status().message());
    absl::StrAppend(&markdown, *expanded, "\n");
  }
  if (!pass.appendix.empty()) {
    if (appendix_at == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          template_path, ": {{record}} needs an {{appendix}} for its sub-checks and qualifiers"));
    }
    markdown.insert(appendix_at,
                    absl::StrCat("<div class=\"appendix\">\n", pass.appendix, "</div>\n"));
  }
  return absl::StrReplaceAll(kPage,
                             {{"$TITLE", HtmlEscape(title)}, {"$BODY", MarkdownToHtml(markdown)}});
}

}  // namespace lambdabeta::report
