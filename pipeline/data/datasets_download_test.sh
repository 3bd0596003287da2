#!/usr/bin/env bash
# The download path end to end, on loopback: nginx on 127.0.0.1 serves stand-in files; a tiny
# workspace declares datasets.bzl's dataset_file rule with a test-only table whose URLs point at
# it (the production URLs and digests stay in registry.bzl, untouched); a nested `bazel --batch`
# fetches them with downloads on, allowed to reach 127.0.0.1 only
# (--experimental_downloader_config) and with no repository cache, so every fetch is a request.
#  - good downloads (SHA-256 from the rule or from digests/, and MD5) land, byte for byte;
#  - a mirror list: the second URL is used when the first gives 404;
#  - a wrong file, a 404, a transfer nginx cuts short, an MD5 mismatch, a plain-http URL with no
#    digest, and every mirror failing each stop the build with a message naming the dataset, each
#    URL and the digest expected.
# Arguments: the paths of datasets.bzl, registry.bzl, datasets_test_lib.sh and
# tools/loopback_nginx.sh.
set -uo pipefail
# shellcheck source=pipeline/data/datasets_test_lib.sh
source "$3"
# shellcheck source=tools/loopback_nginx.sh
source "$4"
make_workspace "$1" "$2"
srv="$TEST_TMPDIR/srv" web="$TEST_TMPDIR/nginx"
mkdir -p "$srv"

# The stand-ins: a file of 288,894 bytes (several of nginx's 32 KiB reads, so that a transfer
# can be cut short) and a different one.
seq 1 50000 > "$srv/good.bin"
printf 'a different file\n' > "$srv/other.bin"
cp "$srv/good.bin" "$srv/truncated.bin"
sha_good=$(sha256sum < "$srv/good.bin" | cut -d' ' -f1)
sha_other=$(sha256sum < "$srv/other.bin" | cut -d' ' -f1)
md5_good=$(md5sum < "$srv/good.bin" | cut -d' ' -f1)
md5_wrong=00000000000000000000000000000000

# nginx keeps open files and their sizes (open_file_cache): a file shortened on disk after a
# first request is then still announced at its old Content-Length, and nginx closes the
# connection when the bytes run out, as a server or network failing mid-transfer does.
trap 'loopback_nginx_stop "$web"' EXIT
loopback_nginx_start "$web" "root $srv; open_file_cache max=16 inactive=600s;
    open_file_cache_valid 600s;" || exit 1
server="http://127.0.0.1:$LOOPBACK_NGINX_PORT"
curl -sfI "$server/truncated.bin" > /dev/null || fail "nginx does not serve $server/truncated.bin"
truncate -s 100000 "$srv/truncated.bin"
curl -s -o /dev/null "$server/truncated.bin"
[[ $? -eq 18 ]] || fail "nginx did not cut $server/truncated.bin short (curl: partial file)"
cuts() { grep -c '\[alert\].*truncated\.bin' "$web/error.log"; }  # transfers nginx cut short
cuts_before=$(cuts)

printf '%s  recorded.bin\n' "$sha_good" > "$ws/pipeline/data/digests/recorded.sha256"
printf '%s  good.bin\n' "$sha_good" > "$ws/pipeline/data/digests/recorded_other.sha256"
cat > "$ws/WORKSPACE" <<WORKSPACE
load("//pipeline/data:datasets.bzl", "dataset_file")
S = "$server/"
dataset_file(name = "good", urls = [S + "good.bin"], filename = "good.bin", sha256 = "$sha_good", md5 = "$md5_good")
dataset_file(name = "recorded", urls = [S + "good.bin"], filename = "recorded.bin")
dataset_file(name = "mirror", urls = [S + "mirror_missing.bin", S + "good.bin"], filename = "mirror.bin", sha256 = "$sha_good")
dataset_file(name = "wrong_file", urls = [S + "other.bin"], filename = "good.bin", sha256 = "$sha_good")
dataset_file(name = "not_found", urls = [S + "missing.bin"], filename = "good.bin", sha256 = "$sha_good")
dataset_file(name = "truncated", urls = [S + "truncated.bin"], filename = "good.bin", sha256 = "$sha_good")
dataset_file(name = "wrong_md5", urls = [S + "good.bin"], filename = "good.bin", sha256 = "$sha_good", md5 = "$md5_wrong")
dataset_file(name = "recorded_other", urls = [S + "other.bin"], filename = "good.bin")
dataset_file(name = "no_digest", urls = [S + "good.bin"], filename = "good.bin")
dataset_file(name = "all_mirrors_fail", urls = [S + "missing.bin", S + "other.bin"], filename = "good.bin", sha256 = "$sha_good")
WORKSPACE
printf 'allow 127.0.0.1\nblock *\n' > "$TEST_TMPDIR/loopback_only.cfg"

# fetch_served <log> <repositories...>
fetch_served() {
  fetch "$1" --repo_env=LAMBDABETA_DOWNLOAD_DATASETS=1 --repository_cache= \
    --experimental_downloader_config="$TEST_TMPDIR/loopback_only.cfg" -- "${@:2}"
}

# Good downloads: each file lands as served; the mirror's first URL was asked first and failed.
if fetch_served "$TEST_TMPDIR/good.log" good recorded mirror; then
  for pair in good/good.bin recorded/recorded.bin mirror/mirror.bin; do
    cmp -s "$external/$pair" "$srv/good.bin" || fail "@${pair%/*} did not get good.bin"
  done
  expect_in "$web/access.log" '"GET /mirror_missing.bin HTTP/1.1" 404'
else
  fail "good downloads failed"; cat "$TEST_TMPDIR/good.log"
fi

# Failures (one nested build, --keep_going).
failures=(wrong_file not_found truncated wrong_md5 recorded_other no_digest all_mirrors_fail)
fetch_served "$TEST_TMPDIR/bad.log" "${failures[@]}" && fail "bad downloads accepted"
# expect_error <repository> <text>...: the rule's message for <repository> holds each text.
expect_error() {
  local message="$TEST_TMPDIR/$1.error"
  awk -v head="Could not download @$1 (" 'index($0, head) == 1 { on = 1 }
      on { print } on && /^A different file\?/ { exit }' "$TEST_TMPDIR/bad.log" > "$message"
  [[ -s $message ]] || fail "no 'Could not download' message for @$1 in $TEST_TMPDIR/bad.log"
  expect_in "$message" "${@:2}"
  [[ ! -e $external/$1/good.bin ]] || fail "@$1 kept a failed download"
}
pinned="Expected: SHA-256 $sha_good (from registry.bzl)"
expect_error wrong_file "$pinned" "  $server/other.bin" \
  "warning 'Download from $server/other.bin failed' above"
expect_error not_found "$pinned" "  $server/missing.bin"
expect_error truncated "$pinned" "  $server/truncated.bin"
expect_error wrong_md5 "Expected: SHA-256 $sha_good (from registry.bzl) and MD5 $md5_wrong" \
  "  $server/good.bin" \
  "downloaded, but the file has MD5 $md5_good, but its publishers give $md5_wrong"
expect_error recorded_other \
  "Expected: SHA-256 $sha_good (from $ws/pipeline/data/digests/recorded_other.sha256)" \
  "  $server/other.bin"
expect_error no_digest "Expected: no digest yet" "  $server/good.bin" \
  "Bazel refuses a plain-http URL without a SHA-256"
[[ ! -e $ws/pipeline/data/digests/no_digest.sha256 ]] || fail "@no_digest recorded a digest"
expect_error all_mirrors_fail "$pinned" "  $server/missing.bin" "  $server/other.bin"
# Bazel's own warnings, which the messages point to, give each URL's reason. The truncated
# transfer is a checksum mismatch (Bazel does not compare the bytes with the Content-Length);
# nginx's log shows that it cut Bazel's request short.
expect_warning() {  # expect_warning <URL> <regular expression for the reason>
  grep -qE "^WARNING: Download from $1 failed: .*$2" "$TEST_TMPDIR/bad.log" ||
    fail "$TEST_TMPDIR/bad.log lacks the warning that $1 failed with: $2"
}
expect_warning "$server/other.bin" "Checksum was $sha_other but wanted $sha_good"
expect_warning "$server/missing.bin" "GET returned 404 Not Found"
expect_warning "$server/truncated.bin" "Checksum was [0-9a-f]{64} but wanted $sha_good"
(( $(cuts) > cuts_before )) || fail "nginx did not cut Bazel's request of truncated.bin short"

for log in good bad; do
  echo "---- $log"; grep -E "^(ERROR|WARNING): |^Could not download|^Expected: |^  http|^      " \
    "$TEST_TMPDIR/$log.log" | awk '!seen[$0]++' | head -40
done
finish
