#!/usr/bin/env bash
# The default tier's verdicts must equal the committed expectation (one "id VERDICT" a line),
# and compare_claims must report a flipped verdict.
# Usage: claims_test.sh claims.pbtxt expected_verdicts.txt compare_claims
set -euo pipefail
ledger=$1
expected=$2
compare=$3
# The ledger's verdicts as "id VERDICT", in the ledger's order.
actual=$(awk '/^claims \{/{id=""} /^  id: /{gsub(/"/, "", $2); id=$2}
              /^  verdict: /{print id, $2}' "$ledger")
if ! diff <(grep -v '^#' "$expected") <(echo "$actual"); then
  echo "claims_test: the verdicts above changed (< expected, > built)." >&2
  echo "If the change is intended, update paper/claims/expected_verdicts.txt in the same commit." >&2
  exit 1
fi
echo "claims_test: $(echo "$actual" | wc -l) verdicts as expected"

# compare_claims: no change against itself; a flipped verdict is named.
[[ $("$compare" "$ledger" "$ledger") == "no change" ]]
flipped="${TEST_TMPDIR:-/tmp}/flipped.pbtxt"
awk 'BEGIN{done=0} /^  verdict: / && !done {print "  verdict: VERDICT_UNSPECIFIED"; done=1; next} {print}' \
  "$ledger" > "$flipped"
first=$(echo "$actual" | head -1 | cut -d' ' -f1)
"$compare" "$ledger" "$flipped" | grep -q "^verdict $first: "
echo "claims_test: compare_claims names a flipped verdict"
