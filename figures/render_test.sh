#!/usr/bin/env bash
# render_test.sh PNG PDF LOG [EXPECTED_ERROR]: judges a figure_test render (figure.bzl). Without
# EXPECTED_ERROR: the PNG and the PDF are non-empty and gnuplot's stderr (LOG) holds no failure and
# no warning (a missing column, "all points undefined", an unreadable file, ...). With it:
# gnuplot failed, and LOG holds EXPECTED_ERROR.
set -euo pipefail
png="$1"; pdf="$2"; log="$3"; expected="${4:-}"
fail() { echo "FAIL: $*"; echo "--- gnuplot's stderr:"; cat "$log"; exit 1; }
if [[ -n "$expected" ]]; then
  grep -q "^gnuplot exit status" "$log" || fail "gnuplot succeeded; expected an error: $expected"
  grep -qF -- "$expected" "$log" || fail "the error does not say: $expected"
  exit 0
fi
! grep -q "^gnuplot exit status" "$log" || fail "gnuplot failed"
! grep -qiE "warning|undefined|error" "$log" || fail "gnuplot warned"
[[ -s "$log" ]] && fail "gnuplot wrote to stderr"
[[ -s "$png" ]] || fail "empty PNG: $png"
[[ -s "$pdf" ]] || fail "empty PDF: $pdf"
echo "PASS: $(basename "$png") ($(stat -c %s "$png") bytes), $(basename "$pdf") ($(stat -c %s "$pdf") bytes)"
