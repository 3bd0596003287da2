#!/usr/bin/env bash
# Opens the built report in headless Chromium (report_browser_check.js) and keeps a screenshot
# of the top of the page: $TEST_UNDECLARED_OUTPUTS_DIR/report_top.png (bazel-testlogs/tests/
# report_browser_test/test.outputs/).
# Usage: report_browser_test.sh CHECK.js REPORT.html
set -euo pipefail
check=$1
report=$2
command -v chromium > /dev/null ||
  { echo "FAIL: chromium is not installed (tools/setup.sh installs it)"; exit 1; }
out=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-/tmp}}
node "$check" "$report" --screenshot="$out/report_top.png"
echo "screenshot: $out/report_top.png"
