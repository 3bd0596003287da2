#include "paper/report_renderer.h"

#include <cstdlib>
#include <string>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/io/files.h"

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
            "{{include numbers}}\n\n{{pre config}}\n");
  absl::StatusOr<std::string> html = RenderReport(template_path, inputs);
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html, HasSubstr("<title>The Title</title>"));
  EXPECT_THAT(*html, HasSubstr("<em>prose</em>"));
  EXPECT_THAT(*html, HasSubstr("data:image/png;base64," + absl::Base64Escape(kPng)));
  EXPECT_THAT(*html, HasSubstr("<td>Lemma 3.1</td>"));
  EXPECT_THAT(*html, HasSubstr("<td>120</td>"));
  EXPECT_THAT(*html, HasSubstr("3.5e-12"));
  EXPECT_THAT(*html, HasSubstr("PASS"));
  EXPECT_THAT(*html, HasSubstr("only for t &gt;= 1"));
  EXPECT_THAT(*html, HasSubstr("<td>0.31</td>"));  // the Markdown table became HTML
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
  absl::StatusOr<std::string> html = RenderReport(Write("sub.md", "{{record rec}}\n"), inputs);
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html, HasSubstr("<td>identity</td>"));
  EXPECT_THAT(*html, HasSubstr("<td>seed=3</td>"));
  EXPECT_THAT(*html, HasSubstr("<tr class=\"fail\"><td>bound</td>"));
}

TEST(RenderReportTest, FailedRecordSaysFail) {
  std::map<std::string, std::string> inputs = {
      {"bad", Write("bad.pbtxt", "claim: \"X\" passed: false max_residual: 0.5")}};
  absl::StatusOr<std::string> html = RenderReport(Write("t.md", "{{record bad}}\n"), inputs);
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
                       "measurements { label: \"MIG(4) - MIG(1)\" value: -0.5 low: -0.7 "
                       "high: -0.3 n: 3 verdict: NOT_REPRODUCED } }")}};
  absl::StatusOr<std::string> html =
      RenderReport(Write("c.md", "{{claim fig4_peak}}\n"), inputs);
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html, HasSubstr("id=\"claim-fig4_peak\""));
  EXPECT_THAT(*html, HasSubstr("NOT REPRODUCED"));
  EXPECT_THAT(*html, HasSubstr("-0.5 [-0.7, -0.3]"));
  absl::StatusOr<std::string> missing =
      RenderReport(Write("c2.md", "{{claim fig9}}\n"), inputs);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("no claim 'fig9'"));
}

TEST(RenderReportTest, UnknownKindIsAnError) {
  std::map<std::string, std::string> inputs = {{"x", Write("x.txt", "x")}};
  absl::StatusOr<std::string> html = RenderReport(Write("t3.md", "{{video x}}\n"), inputs);
  ASSERT_FALSE(html.ok());
  EXPECT_THAT(html.status().message(), HasSubstr("unknown placeholder kind 'video'"));
}

}  // namespace
}  // namespace lambdabeta::report
