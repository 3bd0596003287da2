#include "paper/report_renderer.h"

#include <cstdlib>
#include <string>

#include "absl/strings/escaping.h"
#include "common/io/files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lambdabeta::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Write(const std::string& name, const std::string& contents) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  EXPECT_TRUE(WriteFileAtomically(path, contents).ok());
  return path;
}

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + "fake image body";

TEST(RenderReportTest, FillsEveryKindOfPlaceholder) {
  std::map<std::string, std::string> inputs = {
      {"fig", Write("fig.png", kPng)},
      {"lemma", Write("lemma.pbtxt",
                      "claim: \"Lemma 3.1\" statement: \"grad = 0 at a fixed point\" "
                      "instances: 120 max_residual: 3.5e-12 tolerance: 1e-9 passed: true "
                      "qualifiers: \"only for t >= 1\"")},
      {"numbers", Write("numbers.md", "| beta | MIG |\n|---|---|\n| 4 | 0.31 |\n")},
      {"config", Write("config.pbtxt", "name: \"<smoke>\"\n")},
  };
  const std::string template_path =
      Write("report.md",
            "# The Title\n\nSome *prose*.\n\n{{figure fig}}\n\n{{record lemma}}\n\n"
            "{{include numbers}}\n\n{{pre config}}\n\n{{appendix}}\n");
  absl::StatusOr<std::string> html = RenderReport(template_path, inputs);
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html, HasSubstr("<title>The Title</title>"));
  EXPECT_THAT(*html, HasSubstr("<em>prose</em>"));
  EXPECT_THAT(*html, HasSubstr("data:image/png;base64," + absl::Base64Escape(kPng)));
  EXPECT_THAT(*html, Not(HasSubstr("grad = 0 at a fixed point")));  // {{claim}} states it
  EXPECT_THAT(*html, HasSubstr("PASS</span> on 120 instances: max residual 3.5e-12"));
  EXPECT_THAT(*html, HasSubstr("only for t &gt;= 1"));
  EXPECT_THAT(*html, HasSubstr("<th>residual</th>"));  // a record without sub-checks
  EXPECT_THAT(*html, HasSubstr("<td>0.31</td>"));      // the Markdown table became HTML
  EXPECT_THAT(*html, HasSubstr("name: &quot;&lt;smoke&gt;&quot;"));
  EXPECT_THAT(*html, Not(HasSubstr("{{")));
}

TEST(RenderReportTest, IncludedHeadingsNestUnderTheReportsSections) {
  std::map<std::string, std::string> inputs = {
      {"table", Write("table2.md", "# Table 2\n\n| a |\n|---|\n| 1 |\n")}};
  const std::string template_path =
      Write("nest.md", "# Report\n\n## Section\n\n### Claim\n\n{{include table}}\n");
  absl::StatusOr<std::string> html = RenderReport(template_path, inputs);
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html, HasSubstr("<h4>Table 2</h4>"));
  EXPECT_THAT(*html, Not(HasSubstr("<h1>Table 2")));
}

TEST(RenderReportTest, ShowsEverySubCheck) {
  std::map<std::string, std::string> inputs = {
      {"rec", Write("sub.pbtxt",
                    "claim: \"Eq. 11\" passed: false "
                    "sub_checks { name: \"identity\" instances: 7 max_residual: 1e-14 "
                    "tolerance: 1e-12 passed: true worst: \"seed=3\" } "
                    "sub_checks { name: \"bound\" instances: 9 max_residual: 0.5 "
                    "tolerance: 1e-12 passed: false }")}};
  absl::StatusOr<std::string> html =
      RenderReport(Write("sub.md", "{{record rec}}\n\n{{appendix}}\n"), inputs);
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html, HasSubstr("<td>identity</td>"));
  EXPECT_THAT(*html, HasSubstr("<td>seed=3</td>"));
  EXPECT_THAT(*html, HasSubstr("<td>7</td><td>1e-14 ≤ 1e-12: pass</td>"));
  EXPECT_THAT(*html, HasSubstr("<tr class=\"fail\"><td>bound</td>"));
  EXPECT_THAT(*html, HasSubstr("<td>0.5 &gt; 1e-12: FAIL</td>"));
  // The record's residual is the sub-checks' largest ratio: not a row of its own.
  EXPECT_THAT(*html, Not(HasSubstr("<th>residual</th>")));
  // A name may break after each "_".
  absl::StatusOr<std::string> named =
      RenderReport(Write("named.md", "{{record rec}}\n\n{{appendix}}\n"),
                   {{"rec", Write("named.pbtxt", "sub_checks { name: \"a_b_c\" passed: true }")}});
  ASSERT_TRUE(named.ok()) << named.status();
  EXPECT_THAT(*named, HasSubstr("<td>a_<wbr>b_<wbr>c</td>"));
}

TEST(RenderReportTest, FailedRecordSaysFail) {
  std::map<std::string, std::string> inputs = {
      {"bad", Write("bad.pbtxt", "claim: \"X\" passed: false max_residual: 0.5")}};
  absl::StatusOr<std::string> html =
      RenderReport(Write("t.md", "{{record bad}}\n\n{{appendix}}\n"), inputs);
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html, HasSubstr("FAIL"));
  EXPECT_THAT(*html, Not(HasSubstr("PASS")));
}

TEST(RenderReportTest, UnknownInputNamesTheTemplateLine) {
  const std::string path = Write("missing.md", "# T\n\n{{figure nowhere}}\n");
  absl::StatusOr<std::string> html = RenderReport(path, {});
  ASSERT_FALSE(html.ok());
  EXPECT_THAT(html.status().message(), HasSubstr(path + ":3: no input named 'nowhere'"));
}

TEST(RenderReportTest, NonPngFigureIsAnError) {
  std::map<std::string, std::string> inputs = {{"fig", Write("fig.txt", "not an image")}};
  absl::StatusOr<std::string> html = RenderReport(Write("t2.md", "{{figure fig}}\n"), inputs);
  ASSERT_FALSE(html.ok());
  EXPECT_THAT(html.status().message(), HasSubstr("not a PNG"));
}

TEST(RenderReportTest, ClaimShowsItsVerdictFromTheLedger) {
  std::map<std::string, std::string> inputs = {
      {"claims", Write("claims.pbtxt",
                       "claims { id: \"fig4_peak\" verdict: NOT_REPRODUCED statement: \"Peaks.\" "
                       "paper_quote: \"The paper's words.\" "
                       "measurements { label: \"MIG(4) - MIG(1)\" value: -0.5 low: -0.7 "
                       "high: -0.3 n: 3 verdict: NOT_REPRODUCED } }")}};
  absl::StatusOr<std::string> html = RenderReport(Write("c.md", "{{claim fig4_peak}}\n"), inputs);
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html, HasSubstr("id=\"claim-fig4_peak\""));
  EXPECT_THAT(*html, HasSubstr("NOT REPRODUCED"));
  EXPECT_THAT(*html, HasSubstr("-0.5 [-0.7, -0.3]"));
  EXPECT_THAT(*html, Not(HasSubstr("The paper's words.")));  // the ledger's table has them
  absl::StatusOr<std::string> missing = RenderReport(Write("c2.md", "{{claim fig9}}\n"), inputs);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("no claim 'fig9'"));
}

// The eight proof checks share one statistic, rule and uncertainty: printed once, then referred
// to. A proof check's one measurement (residual / tolerance over its instances) is its record's
// result line, not a table.
TEST(RenderReportTest, ClaimPrintsARuleOnceAndAProofsResultInItsRecord) {
  const std::string proof =
      "statistic: \"largest ratio\" rule: \"PASS\" uncertainty: \"none\" seeds: 60 "
      "measurements { label: \"max residual / tolerance\" value: 0.25 low: 0.25 high: 0.25 "
      "n: 60 verdict: REPRODUCED } verdict: REPRODUCED ";
  std::map<std::string, std::string> inputs = {
      {"claims",
       Write("proofs.pbtxt", "claims { id: \"lemma\" " + proof + "} claims { id: \"eq\" " + proof +
                                 "} claims { id: \"fig\" " + proof + "}")},
      {"lemma", Write("lemma_record.pbtxt", "claim: \"Lemma\" passed: true")},
      {"eq", Write("eq_record.pbtxt", "claim: \"Eq\" passed: true")}};
  absl::StatusOr<std::string> html =
      RenderReport(Write("proofs.md",
                         "{{claim lemma}}\n\n{{claim eq}}\n\n{{claim fig}}\n\n{{record eq}}\n\n"
                         "{{appendix}}\n"),
                   inputs);
  ASSERT_TRUE(html.ok()) << html.status();
  const size_t eq = html->find("id=\"claim-eq\"");
  const size_t fig = html->find("id=\"claim-fig\"");
  ASSERT_NE(eq, std::string::npos);
  ASSERT_NE(fig, std::string::npos);
  EXPECT_LT(html->find("<strong>Rule (declared):</strong> PASS"), eq);
  EXPECT_EQ(html->find("<strong>Rule (declared):</strong>", eq), std::string::npos);
  EXPECT_GT(html->find("<strong>Statistic, rule, uncertainty:</strong> as for <a "
                       "href=\"#claim-lemma\">lemma</a>",
                       fig),
            fig);
  // Only the claim without a record shows its measurement table.
  EXPECT_GT(html->find("<td>max residual / tolerance</td>"), fig);
  EXPECT_EQ(html->find("<strong>n:</strong>"), html->rfind("<strong>n:</strong>"));
  EXPECT_GT(html->find("<strong>n:</strong>"), fig);
}

TEST(RenderReportTest, UnknownKindIsAnError) {
  std::map<std::string, std::string> inputs = {{"x", Write("x.txt", "x")}};
  absl::StatusOr<std::string> html = RenderReport(Write("t3.md", "{{video x}}\n"), inputs);
  ASSERT_FALSE(html.ok());
  EXPECT_THAT(html.status().message(), HasSubstr("unknown placeholder kind 'video'"));
}

TEST(RenderReportTest, MarksMathWithoutMarkdownTouchingTheTeX) {
  std::map<std::string, std::string> inputs = {
      {"rec", Write("math.pbtxt",
                    "claim: \"L\" qualifiers: \"$a_1 < b_2$ holds\" "
                    "qualifiers: \"price \\\\$5\"")}};
  const std::string template_path =
      Write("math.md",
            "Then $x_i * y_i * \\Sigma^{-1}$ and *$a|b$*.\n\n| c |\n|---|\n| $|x|$ |\n\n"
            "{{record rec}}\n\n{{appendix}}\n");
  absl::StatusOr<std::string> html = RenderReport(template_path, inputs);
  ASSERT_TRUE(html.ok()) << html.status();
  // No emphasis from `*` or `_` inside the formula; TeX backslashes and braces survive.
  EXPECT_THAT(*html, HasSubstr("<span class=\"math\">x_i * y_i * \\Sigma^{-1}</span>"));
  EXPECT_THAT(*html, HasSubstr("<em><span class=\"math\">a|b</span></em>"));
  EXPECT_THAT(*html, HasSubstr("<td><span class=\"math\">|x|</span></td>"));
  // In a proof record the TeX is HTML-escaped once; "\\$" is a literal dollar.
  EXPECT_THAT(*html, HasSubstr("<span class=\"math\">a_1 &lt; b_2</span> holds"));
  EXPECT_THAT(*html, HasSubstr("price $5"));
}

TEST(RenderReportTest, UnbalancedDollarNamesTheLine) {
  const std::string path = Write("dollar.md", "# T\n\nCosts $5.\n");
  absl::StatusOr<std::string> html = RenderReport(path, {});
  ASSERT_FALSE(html.ok());
  EXPECT_THAT(html.status().message(), HasSubstr(path + ":3: unbalanced or empty $...$ math"));
}

TEST(RenderReportTest, ContentsLinkToEverySection) {
  const std::string template_path =
      Write("toc.md",
            "# Title\n\n{{contents}}\n\n## 3. Linear-Gaussian framework\n\n"
            "### Figure 2: $\\beta > 1$\n\n## 3. Linear-Gaussian framework\n");
  absl::StatusOr<std::string> html = RenderReport(template_path, {});
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html, HasSubstr("<a href=\"#sec-3-linear-gaussian-framework\">"));
  EXPECT_THAT(*html, HasSubstr("<h2><a id=\"sec-3-linear-gaussian-framework\"></a>3."));
  EXPECT_THAT(*html, HasSubstr("<h3><a id=\"sec-figure-2-beta-1\"></a>Figure 2: "
                               "<span class=\"math\">\\beta &gt; 1</span></h3>"));
  EXPECT_THAT(*html, HasSubstr("<a id=\"sec-3-linear-gaussian-framework-2\">"));  // unique
  // The contents come where the placeholder is, before the sections.
  EXPECT_LT(html->find("<nav class=\"toc\">"), html->find("<h2>"));
}

TEST(RenderReportTest, SubChecksAndQualifiersGoToTheAppendix) {
  std::map<std::string, std::string> inputs = {
      {"rec", Write("fold.pbtxt",
                    "claim: \"Eq. 11\" statement: \"the recursion\" passed: true "
                    "qualifiers: \"only for t >= 1\" "
                    "sub_checks { name: \"small\" instances: 7 max_residual: 1e-14 "
                    "tolerance: 1e-12 passed: true } "
                    "sub_checks { name: \"worst\" instances: 9 max_residual: 5e-11 "
                    "tolerance: 1e-10 passed: true } "
                    "sub_checks { name: \"third\" instances: 9 max_residual: 0 "
                    "tolerance: 1e-10 passed: true }")},
      {"bad", Write("fold_bad.pbtxt",
                    "claim: \"X\" sub_checks { name: \"broken\" max_residual: 2 "
                    "tolerance: 1 passed: false }")}};
  absl::StatusOr<std::string> html = RenderReport(
      Write("fold.md",
            "## Eq. 11\n\n{{record rec}}\n\n{{record bad}}\n\n## Appendix\n\n{{appendix}}\n"),
      inputs);
  ASSERT_TRUE(html.ok()) << html.status();
  // The section: the statement and a one-line result, linked to the appendix.
  EXPECT_THAT(*html, HasSubstr("3 sub-checks, all pass, worst residual/tolerance 0.5 (worst). "
                               "<a href=\"#record-rec\">"));
  EXPECT_THAT(*html, HasSubstr("1 sub-checks, <span class=\"verdict fail\">1 FAIL</span>, worst "
                               "residual/tolerance 2 (broken)"));
  // The appendix: the qualifiers and every sub-check, after its heading, linked back.
  const size_t appendix = html->find("<a id=\"sec-appendix\">");
  ASSERT_NE(appendix, std::string::npos);
  EXPECT_THAT(*html, Not(HasSubstr("the recursion")));  // the claim states it, {{claim}}
  EXPECT_GT(html->find("<h3 id=\"record-rec\">Eq. 11 <a class=\"back\" href=\"#sec-eq-11\">"),
            appendix);
  EXPECT_GT(html->find("only for t &gt;= 1"), appendix);
  EXPECT_GT(html->find("<td>small</td>"), appendix);
  EXPECT_GT(html->find("<tr class=\"fail\"><td>broken</td>"), appendix);
  EXPECT_THAT(*html, Not(HasSubstr("<details")));
  // Records need a place for their appendix.
  absl::StatusOr<std::string> nowhere = RenderReport(Write("fold2.md", "{{record rec}}\n"), inputs);
  ASSERT_FALSE(nowhere.ok());
  EXPECT_THAT(nowhere.status().message(), HasSubstr("{{record}} needs an {{appendix}}"));
}

constexpr char kConfig[] = "name: \"smoke\"\n";

TEST(RenderReportTest, FigureSaysHowToRebuildItAndFromWhat) {
  const std::string config_sha256 = Sha256Hex(kConfig);
  std::map<std::string, std::string> inputs = {
      {"fig2", Write("fig2.png", kPng)},
      {"fig1", Write("fig1.png", kPng)},
      {"config_linear", Write("linear.pbtxt", kConfig)},
      {"linear_results",
       Write("results.pbtxt", "provenance { config_name: \"smoke\" config_sha256: \"" +
                                  config_sha256 + "\" code_sha256: \"c0de" + std::string(60, 'f') +
                                  "\" }")},
  };
  absl::StatusOr<std::string> html =
      RenderReport(Write("prov.md", "{{figure fig1}}\n\n{{figure fig2 linear_results}}\n"), inputs);
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html, HasSubstr("Rebuild: <code>bazel build //figures:fig1</code> (drawn from"));
  EXPECT_THAT(*html, HasSubstr("Rebuild: <code>bazel build //figures:fig2</code>"));
  EXPECT_THAT(*html, HasSubstr("config sha256 <code title=\"" + config_sha256 + "\">" +
                               config_sha256.substr(0, 16) + "</code> (smoke)"));
  EXPECT_THAT(*html, HasSubstr(">c0deffffffffffff</code> (the linear study)"));
}

TEST(RenderReportTest, FigureFromAnotherConfigIsAnError) {
  std::map<std::string, std::string> inputs = {
      {"fig2", Write("fig2b.png", kPng)},
      {"config_linear", Write("linear_b.pbtxt", kConfig)},
      {"linear_results", Write("results_b.pbtxt", "provenance { config_sha256: \"abc\" }")},
  };
  const std::string path = Write("prov_b.md", "{{figure fig2 linear_results}}\n");
  absl::StatusOr<std::string> html = RenderReport(path, inputs);
  ASSERT_FALSE(html.ok());
  EXPECT_THAT(html.status().message(), HasSubstr("produced under settings with sha256 abc, but"));
  absl::StatusOr<std::string> unknown =
      RenderReport(Write("prov_c.md", "{{figure fig2 elsewhere}}\n"), inputs);
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), HasSubstr("unknown data source 'elsewhere'"));
}

}  // namespace
}  // namespace lambdabeta::report
