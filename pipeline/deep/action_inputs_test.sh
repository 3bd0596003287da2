#!/usr/bin/env bash
# The default tier's training and evaluation actions read their slices of the study config, never
# the config file itself (so an edit elsewhere in the config reruns none of them). The inputs come
# from genquery targets over the real BUILD graph.
set -euo pipefail
training="$1"
evaluation="$2"
fail() { echo "FAIL: $*"; exit 1; }
for list in "$training" "$evaluation"; do
  [[ -s "$list" ]] || fail "$list is empty: the query found no actions"
  if grep -n "//paper/config:" "$list"; then
    fail "an action of $list reads the study config itself"
  fi
done
grep -q "slices/phase1_chunk0.pbtxt" "$training" || fail "no training action reads a training slice"
grep -q "slices/phase2_chunk0.pbtxt" "$training" || fail "no phase-2 action reads its slice"
grep -q "slices/evaluation.pbtxt" "$evaluation" || fail "no evaluation reads the evaluation slice"
echo "PASS: $(wc -l < "$training") training inputs, $(wc -l < "$evaluation") evaluation inputs"
