#!/usr/bin/env bash
# A generated table must stand in README.md verbatim, between the marker lines
#   <!-- begin <name> --> and <!-- end <name> -->.
set -euo pipefail
readme="$1"
name="$2"
table="$3"
section=$(awk -v b="<!-- begin $name -->" -v e="<!-- end $name -->" \
  '$0 == e { inside = 0 } inside { print } $0 == b { inside = 1 }' "$readme")
if [[ -z "$section" ]]; then
  echo "FAIL: README.md has no section between <!-- begin $name --> and <!-- end $name -->"; exit 1
fi
if ! diff <(echo "$section") "$table"; then
  echo "FAIL: README.md's $name table is stale: replace it with $table (diff above)"; exit 1
fi
echo "PASS"
