#!/usr/bin/env bash
# The browser check has teeth: a page that breaks each of its checks fails, naming every one.
# Usage: report_browser_rejects_bad_page.sh CHECK.js BAD.html
set -uo pipefail
command -v chromium > /dev/null ||
  { echo "FAIL: chromium is not installed (tools/setup.sh installs it)"; exit 1; }
output=$(node "$1" "$2" 2>&1)
status=$?
echo "$output"
if [[ $status -eq 0 ]]; then
  echo "FAIL: the check passed a page that breaks all of its rules"
  exit 1
fi
for check in width images math order console; do
  if ! grep -q "^FAIL $check: " <<< "$output"; then
    echo "FAIL: the check did not report '$check'"
    exit 1
  fi
done
grep -q "raw TeX left: \$\\\\beta > 1\\$" <<< "$output" ||
  { echo "FAIL: the raw \$...\$ was not reported"; exit 1; }
echo "PASS: every check failed on the bad page"
