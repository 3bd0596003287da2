#!/usr/bin/env bash
# A generated table must stand in a document verbatim, between the marker lines
#   <!-- begin <name> --> and <!-- end <name> -->.
# Usage: doc_table_test.sh DOCUMENT NAME GENERATED_TABLE
set -euo pipefail
doc="$1"
name="$2"
table="$3"
section=$(awk -v b="<!-- begin $name -->" -v e="<!-- end $name -->" \
  '$0 == e { inside = 0 } inside { print } $0 == b { inside = 1 }' "$doc")
if [[ -z "$section" ]]; then
  echo "FAIL: $doc has no section between <!-- begin $name --> and <!-- end $name -->"; exit 1
fi
if ! diff <(echo "$section") "$table"; then
  echo "FAIL: $doc's $name table is stale: replace it with $table (diff above)"; exit 1
fi
echo "PASS"
