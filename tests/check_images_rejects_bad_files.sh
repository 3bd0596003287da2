#!/usr/bin/env bash
# check_images.sh must reject a truncated PNG, a text file named .png and a cut-off PDF.
set -uo pipefail
check=tests/check_images.sh
dir=$TEST_TMPDIR
printf '\x89PNG\r\n\x1a\n' > "$dir/truncated.png"
echo "hello" > "$dir/text.png"
printf '%%PDF-1.5\nno end' > "$dir/cut.pdf"
for bad in truncated.png text.png cut.pdf; do
  if bash "$check" "$dir/$bad" > /dev/null 2>&1; then
    echo "check_images.sh accepted the bad file $bad"
    exit 1
  fi
done
echo "all bad files rejected"
