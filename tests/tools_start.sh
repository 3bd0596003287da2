#!/usr/bin/env bash
# Every tool that no other test runs (benchmarks, dataset inspection) builds, links and starts:
# `--helpfull` must list the flags its own main defines. `bazel test` builds only what tests
# need (--build_tests_only), so without this a broken benchmark would go unnoticed.
# Arguments: pairs of (binary, source file defining its flags).
set -uo pipefail
failed=0
while (( $# >= 2 )); do
  binary="$1" source="$2"
  shift 2
  help=$("$binary" --helpfull 2>&1)  # absl exits 1 after printing the help
  if grep -q "Flags from $source:" <<< "$help"; then
    echo "ok: $binary"
  else
    echo "FAIL: $binary --helpfull does not list the flags of $source"
    failed=1
  fi
done
exit "$failed"
