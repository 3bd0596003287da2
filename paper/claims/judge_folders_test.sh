#!/usr/bin/env bash
# judge on the tier's own output folders, passed as the README tells a user to (the tier's
# folder pipeline/deep/<tier>, learning-curve evaluations and all, and the proofs_check folder),
# must give the ledger //paper:claims builds: the same evidence is chosen either way.
# Usage: judge_folders_test.sh judge compare_claims claims.pbtxt claims.md linear_results
#        deep_config ONE_PROOF_RECORD TIER_EVALUATIONS...
set -euo pipefail
judge=$1
compare=$2
built=$3
built_md=$4
linear=$5
config=$6
# The folders, from one file of each (paths relative to the runfiles root, the working dir).
proofs_dir=$PWD/$(dirname "$7")
tier_dir=$PWD/$(echo "$8" | sed -E 's#^(pipeline/deep/[^/]+)/.*#\1#')
out=${TEST_TMPDIR:?}/judge_folders
mkdir -p "$out"

# The folder holds learning-curve points beside the final evaluations, or this tests nothing.
curve=$(find -L "$tier_dir" -name '*_chunk*_result.pbtxt' | wc -l)
final=$(find -L "$tier_dir" -name '*_lambda*_result.pbtxt' ! -name '*_chunk*' | wc -l)
images=$(find -L "$tier_dir" -name '*_reconstructions.dat' | wc -l)
echo "judge_folders_test: $tier_dir: $final final results, $curve learning-curve points," \
  "$images reconstruction files"
[[ $curve -gt 0 && $final -gt 0 ]]

judge_into() {  # judge_into NAME PROOFS_DIR
  "$judge" --linear_results="$PWD/$linear" --deep_config="$PWD/$config" \
    --deep_results="$tier_dir" --proof_records="$2" \
    --out="$out/$1.pbtxt" --markdown="$out/$1.md"
  local changes
  changes=$("$compare" "$built" "$out/$1.pbtxt")
  if [[ $changes != "no change" ]]; then
    echo "judge_folders_test ($1): compare_claims against //paper:claims reports:" >&2
    echo "$changes" >&2
    exit 1
  fi
  # Not only the verdicts and headlines: the whole ledger.
  cmp "$built" "$out/$1.pbtxt"
  cmp "$built_md" "$out/$1.md"
  echo "judge_folders_test ($1): no change against //paper:claims"
}
judge_into folders "$proofs_dir"

# bazel-bin/proofs_check also holds each record test's runfiles, with a copy of the record.
copy=$out/proofs_check
rm -rf "$copy"
cp -rL "$proofs_dir" "$copy"
chmod -R u+w "$copy"
for first in "$copy"/*.pbtxt; do break; done
mkdir -p "$copy/$(basename "${first%.pbtxt}")_test.runfiles/lambdabeta_repro/proofs_check"
cp "$first" "$copy/$(basename "${first%.pbtxt}")_test.runfiles/lambdabeta_repro/proofs_check/"
judge_into with_runfiles "$copy"
