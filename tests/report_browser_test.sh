#!/usr/bin/env bash
# Opens the built report in headless Chromium (report_browser_check.js), prints it on Letter and
# on A4 (at most 20 pages, Figure 2 on page 6 or earlier), and keeps a screenshot of the top of
# the page and both prints: $TEST_UNDECLARED_OUTPUTS_DIR/report_{top.png,letter.pdf,a4.pdf}
# (bazel-testlogs/tests/report_browser_test/test.outputs/).
# Usage: report_browser_test.sh CHECK.js REPORT.html
set -euo pipefail
check=$1
report=$2
command -v chromium > /dev/null ||
  { echo "FAIL: chromium is not installed (tools/setup.sh installs it)"; exit 1; }
out=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-/tmp}}
node "$check" "$report" --screenshot="$out/report_top.png" \
  --pdf="letter:8.5:11:$out/report_letter.pdf" --pdf="a4:8.27:11.69:$out/report_a4.pdf" \
  --max_pages=20 --figure_page=fig2:6
echo "screenshot: $out/report_top.png"
