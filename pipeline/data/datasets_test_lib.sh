# shellcheck shell=bash
# What datasets_local_test.sh and datasets_download_test.sh share: a tiny workspace that loads
# datasets.bzl and declares its own dataset_file repositories (a test-only table of files, URLs
# and digests), a nested `bazel --batch` with its own output base under $TEST_TMPDIR that
# fetches them, and checks on what it printed. Sourced; then:
#
#   make_workspace <datasets.bzl> <registry.bzl>   # $TEST_TMPDIR/ws; write $ws/WORKSPACE next
#   fetch <log> [bazel build flags...] -- <repositories...> || fail "..."
#   expect_in <log> <text>...
#   finish                                         # prints PASS or not, exits 0 or 1

export HOME="$TEST_TMPDIR"  # the nested Bazel's caches and rc files stay in the test's folder
ws="$TEST_TMPDIR/ws"
output_base="$TEST_TMPDIR/output_base"
# shellcheck disable=SC2034  # the tests read it
external="$output_base/external"
failed=0

fail() { echo "FAIL: $*"; failed=1; }

# make_workspace <datasets.bzl> <registry.bzl>: $ws with both files in pipeline/data/ (with a
# BUILD file) and an empty pipeline/data/digests/.
make_workspace() {
  mkdir -p "$ws/pipeline/data/digests"
  cp "$1" "$ws/pipeline/data/datasets.bzl"
  cp "$2" "$ws/pipeline/data/registry.bzl"
  touch "$ws/pipeline/data/BUILD"
}

# fetch <log> [flags...] -- <repositories...>: builds @<repository>//:file of each (keeping going
# past failures) in a nested Bazel, which prints into <log>; returns its exit status.
fetch() {
  local log="$1" flags=() targets=()
  shift
  while [[ $1 != -- ]]; do flags+=("$1"); shift; done
  shift
  for repository in "$@"; do targets+=("@$repository//:file"); done
  (cd "$ws" && bazel --batch --nohome_rc --output_base="$output_base" build --keep_going \
      "${flags[@]}" "${targets[@]}") > "$log" 2>&1
}

expect_in() {  # expect_in <log> <text>...
  local log="$1"
  shift
  for text in "$@"; do grep -qF -- "$text" "$log" || fail "$log lacks: $text"; done
}

finish() {
  (( failed == 0 )) && echo PASS
  exit "$failed"
}
