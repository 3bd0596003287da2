#!/usr/bin/env bash
# The default tier's verdicts must equal the committed expectation (one "id VERDICT" a line).
# Usage: claims_test.sh claims.pbtxt expected_verdicts.txt
set -euo pipefail
ledger=$1
expected=$2
# The ledger's verdicts as "id VERDICT", in the ledger's order.
actual=$(awk '/^claims \{/{id=""} /^  id: /{gsub(/"/, "", $2); id=$2}
              /^  verdict: /{print id, $2}' "$ledger")
if ! diff <(grep -v '^#' "$expected") <(echo "$actual"); then
  echo "claims_test: the verdicts above changed (< expected, > built)." >&2
  echo "If the change is intended, update paper/claims/expected_verdicts.txt in the same commit." >&2
  exit 1
fi
echo "claims_test: $(echo "$actual" | wc -l) verdicts as expected"
