#include "paper/report_renderer.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "paper/claims/ledger_markdown.h"
#include "pipeline/io/files.h"
#include "pipeline/proto/claims.pb.h"
#include "pipeline/proto/results.pb.h"

namespace lambdabeta::report {
namespace {

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

absl::StatusOr<std::string> Figure(const std::string& name, const std::string& path) {
  absl::StatusOr<std::string> png = ReadFile(path);
  if (!png.ok()) return png.status();
  if (png->compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a PNG"));
  }
  return absl::StrCat("<p class=\"figure\"><img alt=\"", HtmlEscape(name),
                      "\" src=\"data:image/png;base64,", absl::Base64Escape(*png), "\"></p>\n");
}

absl::StatusOr<std::string> Record(const std::string& path) {
  ProofCheckRecord record;
  if (absl::Status status = ReadTextProto(path, &record); !status.ok()) return status;
  std::string html = absl::StrCat(
      "<table class=\"record ", record.passed() ? "pass" : "fail", "\">\n",
      "<tr><th>claim</th><td>", HtmlEscape(record.claim()), "</td></tr>\n",
      "<tr><th>statement checked</th><td>", HtmlEscape(record.statement()), "</td></tr>\n",
      "<tr><th>instances</th><td>", record.instances(), "</td></tr>\n",
      "<tr><th>max residual</th><td>", absl::StrFormat("%.3g", record.max_residual()),
      " (tolerance ", absl::StrFormat("%.3g", record.tolerance()), ")</td></tr>\n",
      "<tr><th>residual</th><td>", HtmlEscape(record.residual()), "</td></tr>\n",
      "<tr><th>result</th><td class=\"verdict\">", record.passed() ? "PASS" : "FAIL", "</td></tr>\n");
  for (const std::string& qualifier : record.qualifiers()) {
    absl::StrAppend(&html, "<tr><th>qualifier</th><td>", HtmlEscape(qualifier), "</td></tr>\n");
  }
  absl::StrAppend(&html, "</table>\n");
  if (record.sub_checks().empty()) return html;
  // The parts of the claim, each with its own residual and tolerance.
  absl::StrAppend(&html, "<table class=\"subchecks\">\n<tr><th>sub-check</th><th>statement</th>",
                  "<th>evaluations</th><th>max residual</th><th>tolerance</th><th>result</th>",
                  "<th>worst instance</th></tr>\n");
  for (const ProofSubCheck& sub : record.sub_checks()) {
    absl::StrAppend(&html, "<tr class=\"", sub.passed() ? "pass" : "fail", "\"><td>",
                    HtmlEscape(sub.name()), "</td><td>", HtmlEscape(sub.statement()), "</td><td>",
                    sub.instances(), "</td><td>", absl::StrFormat("%.3g", sub.max_residual()),
                    "</td><td>", absl::StrFormat("%.3g", sub.tolerance()), "</td><td>",
                    sub.passed() ? "pass" : "FAIL", "</td><td>", HtmlEscape(sub.worst()),
                    "</td></tr>\n");
  }
  return html + "</table>\n";
}

// One claim of the ledger at `path`: its verdict, statement, rule and measurements.
absl::StatusOr<std::string> Claim(const std::string& id, const std::string& path) {
  ClaimLedger ledger;
  if (absl::Status status = ReadTextProto(path, &ledger); !status.ok()) return status;
  for (const ClaimResult& claim : ledger.claims()) {
    if (claim.id() == id) return claims::ClaimSection(claim, /*heading_level=*/4);
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

absl::StatusOr<std::string> Expand(absl::string_view kind, const std::string& name,
                                   const std::string& path) {
  if (kind == "figure") return Figure(name, path);
  if (kind == "record") return Record(path);
  if (kind == "claim") return Claim(name, path);
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  if (kind == "include") return NestHeadings(*text);
  if (kind == "pre") return absl::StrCat("<pre>", HtmlEscape(*text), "</pre>\n");
  return absl::InvalidArgumentError(absl::StrCat("unknown placeholder kind '", kind, "'"));
}

// GitHub-flavoured Markdown (for its tables) to HTML. Raw HTML passes through: the
// placeholders expand to it.
std::string MarkdownToHtml(const std::string& markdown) {
  cmark_gfm_core_extensions_ensure_registered();
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_UNSAFE);
  cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension("table"));
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  cmark_node* document = cmark_parser_finish(parser);
  char* html = cmark_render_html(document, CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(parser));
  std::string result(html);
  std::free(html);
  cmark_node_free(document);
  cmark_parser_free(parser);
  return result;
}

constexpr char kPage[] = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>$TITLE</title>
<style>
body { font-family: "DejaVu Serif", Georgia, serif; max-width: 60em; margin: 2em auto;
       padding: 0 1em; line-height: 1.45; color: #222; }
h1, h2, h3 { font-family: "DejaVu Sans", Helvetica, sans-serif; }
img { max-width: 100%; }
table { border-collapse: collapse; margin: 0.8em 0; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
table.record th { background: #f4f4f4; width: 11em; }
table.pass .verdict { color: #0a7d32; font-weight: bold; }
table.fail .verdict { color: #b00020; font-weight: bold; }
table.subchecks { font-size: 85%; }
table.subchecks tr.fail td { color: #b00020; }
pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; font-size: 85%; }
blockquote { border-left: 4px solid #0072B2; margin-left: 0; padding-left: 1em; color: #333; }
code { background: #f3f3f3; padding: 0 0.2em; }
</style></head><body>
$BODY
</body></html>
)";

}  // namespace

absl::StatusOr<std::string> RenderReport(const std::string& template_path,
                                         const std::map<std::string, std::string>& inputs) {
  absl::StatusOr<std::string> source = ReadFile(template_path);
  if (!source.ok()) return source.status();
  std::string markdown;
  std::string title = "Report";
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(*source, '\n')) {
    ++line_number;
    if (title == "Report" && absl::StartsWith(line, "# ")) title = std::string(line.substr(2));
    absl::string_view body = line;
    if (!absl::ConsumePrefix(&body, "{{") || !absl::ConsumeSuffix(&body, "}}")) {
      absl::StrAppend(&markdown, line, "\n");
      continue;
    }
    std::vector<std::string> words = absl::StrSplit(body, ' ', absl::SkipEmpty());
    if (words.size() != 2) {
      return absl::InvalidArgumentError(absl::StrCat(template_path, ":", line_number,
                                                     ": expected {{kind name}}, got ", line));
    }
    // {{claim ID}} reads the ledger, the input "claims"; every other kind names its input.
    const std::string input_name = words[0] == "claim" ? "claims" : words[1];
    const auto input = inputs.find(input_name);
    if (input == inputs.end()) {
      return absl::InvalidArgumentError(absl::StrCat(template_path, ":", line_number,
                                                     ": no input named '", input_name, "'"));
    }
    absl::StatusOr<std::string> expanded = Expand(words[0], words[1], input->second);
    if (!expanded.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(template_path, ":", line_number, ": ", expanded.status().message()));
    }
    absl::StrAppend(&markdown, *expanded, "\n");
  }
  return absl::StrReplaceAll(kPage, {{"$TITLE", HtmlEscape(title)}, {"$BODY", MarkdownToHtml(markdown)}});
}

}  // namespace lambdabeta::report
