#!/usr/bin/env bash
# Checks that each argument is a well-formed, non-trivial PNG or PDF: the figure pipeline
# produced real images, not empty or truncated files. (Looking at them is still on us.)
set -euo pipefail
fail=0
for file in "$@"; do
  size=$(stat -L -c %s "$file")
  case "$file" in
    *.png)
      if (( size < 5000 )); then echo "FAIL $file: only $size bytes"; fail=1; continue; fi
      magic=$(head -c 8 "$file" | od -An -tx1 | tr -d ' \n')
      # Width and height are the big-endian words at bytes 16..23 of the IHDR chunk.
      width=$((16#$(od -An -tx1 -j16 -N4 "$file" | tr -d ' \n')))
      height=$((16#$(od -An -tx1 -j20 -N4 "$file" | tr -d ' \n')))
      if [[ $magic != 89504e470d0a1a0a ]]; then echo "FAIL $file: not a PNG"; fail=1; continue; fi
      if (( width < 600 || height < 200 )); then echo "FAIL $file: ${width}x${height} is too small"; fail=1; continue; fi
      echo "ok   $file (${width}x${height}, $size bytes)"
      ;;
    *.pdf)
      if [[ $(head -c 5 "$file") != "%PDF-" ]]; then echo "FAIL $file: not a PDF"; fail=1; continue; fi
      if ! tail -c 64 "$file" | grep -q '%%EOF'; then echo "FAIL $file: truncated PDF"; fail=1; continue; fi
      echo "ok   $file ($size bytes)"
      ;;
    *) ;;  # data files that travel with a figure target
  esac
done
exit $fail
