#!/usr/bin/env bash
# Byte-identical outputs: builds the given targets (default //figures:all) twice, in two fresh
# output bases and without any cache, and compares every output file of the two builds.
#
#   tools/compare_builds.sh [bazel flags and targets...]     e.g. --config=cpu //figures:all
#
# Prints one line per output that differs and a summary; exits 1 if any output differs except
# the declared exceptions (DECLARED below, with the reason for each). Run from the workspace root.
# It takes two full builds' time (on the 2-core VM about 2 x 25 min for //figures:all).
set -euo pipefail
args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=(//figures:all)

# Outputs that may differ between two builds with equal inputs, and why. (Empty: none known.)
DECLARED=(
)

# COMPARE_BUILDS_DIR=<dir of an earlier run> compares that run's two builds again without
# rebuilding (each build is skipped when its execution log is there).
work="${COMPARE_BUILDS_DIR:-${TMPDIR:-/tmp}/compare_builds.$$}"
mkdir -p "$work"
# The output bases stay (e.g. to run `bazel --output_base=$work/a test //...` after); the servers stop.
trap 'for b in a b; do bazel --output_base="$work/$b" shutdown >/dev/null 2>&1 || true; done' EXIT

for build in a b; do
  if [[ ! -s "$work/$build.log.json" ]]; then
    echo "build $build: bazel --output_base=$work/$build build ${args[*]}" >&2
    start=$SECONDS
    bazel --output_base="$work/$build" build --disk_cache= --noremote_accept_cached \
      --execution_log_json_file="$work/$build.log.json" "${args[@]}" >&2
    echo "build $build took $((SECONDS - start)) s" >&2
  fi
  # Every file under bazel-out that the execution log names, with its SHA-256 where it is a
  # plain file (tree artifacts and runfiles middlemen are not).
  grep -o '"path": "bazel-out/[^"]*"' "$work/$build.log.json" | sed 's/"path": "//; s/"$//' |
    sort -u > "$work/$build.outputs"
  root=$(bazel --output_base="$work/$build" info execution_root 2>/dev/null)
  (cd "$root" && while read -r path; do
     if [[ -f "$path" ]]; then sha256sum "$path"; fi
   done < "$work/$build.outputs") > "$work/$build.sha256"
done

declared() { local f; for f in "${DECLARED[@]}"; do [[ "$1" == *"$f"* ]] && return 0; done; return 1; }
declare -A sha_a sha_b
while read -r hash path; do sha_a[$path]=$hash; done < "$work/a.sha256"
while read -r hash path; do sha_b[$path]=$hash; done < "$work/b.sha256"
differ=0 excused=0 same=0 skipped=0
while read -r path; do
  a=${sha_a[$path]:-} b=${sha_b[$path]:-}
  if [[ -z "$a" && -z "$b" ]]; then
    skipped=$((skipped + 1))  # not a plain file in either build (a directory, a middleman)
  elif [[ -n "$a" && "$a" == "$b" ]]; then
    same=$((same + 1))
  elif declared "$path"; then
    excused=$((excused + 1)); echo "differs (declared): $path"
  else
    differ=$((differ + 1)); echo "DIFFERS: $path"
  fi
done < <(sort -u "$work/a.outputs" "$work/b.outputs")
echo "$same outputs identical, $differ differ, $excused differ as declared," \
  "$skipped not plain files (logs in $work)"
if [[ $((same + differ + excused)) -eq 0 ]]; then
  echo "compare_builds: no output file was found to compare (in $work)" >&2
  exit 2
fi
[[ $differ -eq 0 ]]
