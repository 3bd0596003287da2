#!/usr/bin/env bash
# LAMBDABETA_DATASETS_DIR end to end: a tiny workspace uses datasets.bzl's dataset_file rule with
# a test-only digest table (small stand-in files, their digests as attributes and in
# pipeline/data/digests/), and a nested `bazel --batch` fetches them. No network: every URL is
# unreachable, and a checked local copy must be used without one.
# Arguments: the paths of datasets.bzl and of registry.bzl, which it loads, and of
# datasets_test_lib.sh.
set -uo pipefail
# shellcheck source=pipeline/data/datasets_test_lib.sh
source "$3"
make_workspace "$1" "$2"
good="$TEST_TMPDIR/good" bad="$TEST_TMPDIR/bad"
mkdir -p "$good" "$bad"

printf 'stand-in dsprites\n' > "$good/tiny.npz"
printf 'stand-in shapes3d\n' > "$good/tiny.h5"
printf 'stand-in mpi3d\n' > "$good/tiny_recorded.npz"
printf 'never seen before\n' > "$good/tiny_new.npz"
for f in tiny.npz tiny.h5 tiny_recorded.npz; do printf 'corrupt\n' > "$bad/$f"; done
md5=$(md5sum < "$good/tiny.npz" | cut -d' ' -f1)
sha_h5=$(sha256sum < "$good/tiny.h5" | cut -d' ' -f1)
sha_recorded=$(sha256sum < "$good/tiny_recorded.npz" | cut -d' ' -f1)
sha_new=$(sha256sum < "$good/tiny_new.npz" | cut -d' ' -f1)
printf '%s  tiny_recorded.npz\n' "$sha_recorded" > "$ws/pipeline/data/digests/recorded.sha256"
cat > "$ws/WORKSPACE" <<WORKSPACE
load("//pipeline/data:datasets.bzl", "dataset_file")
NOWHERE = ["http://127.0.0.1:9/unreachable"]
dataset_file(name = "with_md5", urls = NOWHERE, filename = "tiny.npz", md5 = "$md5")
dataset_file(name = "with_sha256", urls = NOWHERE, filename = "tiny.h5", sha256 = "$sha_h5")
dataset_file(name = "recorded", urls = NOWHERE, filename = "tiny_recorded.npz")
dataset_file(name = "new", urls = NOWHERE, filename = "tiny_new.npz")
WORKSPACE

# fetch_local <log> <datasets dir> <repositories...>
fetch_local() { fetch "$1" --repo_env=LAMBDABETA_DATASETS_DIR="$2" -- "${@:3}"; }

# Good copies: linked in, never downloaded; a copy without a digest gets one recorded.
if fetch_local "$TEST_TMPDIR/good.log" "$good" with_md5 with_sha256 recorded new; then
  for pair in with_md5/tiny.npz with_sha256/tiny.h5 recorded/tiny_recorded.npz new/tiny_new.npz; do
    [[ "$(readlink -f "$external/$pair")" == "$good/${pair#*/}" ]] || fail "$pair is not linked"
  done
  [[ "$(cat "$ws/pipeline/data/digests/new.sha256")" == "$sha_new  tiny_new.npz" ]] ||
    fail "digests/new.sha256 was not recorded"
  expect_in "$TEST_TMPDIR/good.log" "first local copy of tiny_new.npz"
else
  fail "good copies rejected"; cat "$TEST_TMPDIR/good.log"
fi

# Bad copies (one nested build, --keep_going): each error names the file and the digest it
# expected.
fetch_local "$TEST_TMPDIR/bad.log" "$bad" with_md5 with_sha256 recorded && fail "bad copies accepted"
expect_in "$TEST_TMPDIR/bad.log" "$bad/tiny.npz has MD5" "publishers give $md5" \
  "$bad/tiny.h5 has SHA-256" "registry.bzl expects $sha_h5" \
  "$bad/tiny_recorded.npz has SHA-256" "digests/recorded.sha256 expects $sha_recorded"

# A file missing from the folder, downloads off: refused before any network access.
rm "$bad/tiny.npz"
fetch_local "$TEST_TMPDIR/missing.log" "$bad" with_md5 && fail "missing copy accepted"
expect_in "$TEST_TMPDIR/missing.log" "LAMBDABETA_DATASETS_DIR=$bad holds no tiny.npz"

for log in good bad missing; do
  echo "---- $log"; grep -E "ERROR|DEBUG|has (MD5|SHA)|holds no" "$TEST_TMPDIR/$log.log" | head -8
done
finish
