#!/usr/bin/env bash
# The browser check has teeth: a page that breaks each of its checks fails, naming every one.
# Usage: report_browser_rejects_bad_page.sh CHECK.js BAD.html
set -uo pipefail
command -v chromium > /dev/null ||
  { echo "FAIL: chromium is not installed (tools/setup.sh installs it)"; exit 1; }
tmp=${TEST_TMPDIR:-/tmp}
output=$(node "$1" "$2" --pdf="letter:8.5:11:$tmp/bad_letter.pdf" --max_pages=20 \
  --figure_page=fig2:6 2>&1)
status=$?
echo "$output"
if [[ $status -eq 0 ]]; then
  echo "FAIL: the check passed a page that breaks all of its rules"
  exit 1
fi
for check in width images math order console print-letter; do
  if ! grep -q "^FAIL $check: " <<< "$output"; then
    echo "FAIL: the check did not report '$check'"
    exit 1
  fi
done
grep -q "raw TeX left: \$\\\\beta > 1\\$" <<< "$output" ||
  { echo "FAIL: the raw \$...\$ was not reported"; exit 1; }
print=$(grep "^FAIL print-letter: " <<< "$output")
grep -q ": [0-9]* pages (at most 20)" <<< "$print" ||
  { echo "FAIL: the printed page count was not reported"; exit 1; }
grep -q "the image of <img alt=\"fig2\"> is on page [0-9]* (at most 6)" <<< "$print" ||
  { echo "FAIL: the page of fig2's image was not reported"; exit 1; }
echo "PASS: every check failed on the bad page"
