#!/usr/bin/env bash
# submit refuses, before anything is queued and with a message that says why: an unknown tier,
# a cache URL that is not HTTP, a dead cache, a cache that does not take uploads, a missing
# cache, a bad --max_parallel. A live cache (nginx on 127.0.0.1) passes the same check.
set -euo pipefail
submit=$1
source "$2"           # tools/loopback_nginx.sh
source "$(dirname "$submit")/common.sh"
work=${TEST_TMPDIR:-$(mktemp -d)}
failures=0

expect_refusal() {  # expect_refusal WANTED_MESSAGE ARGS...: submit must exit 2 saying it
  local want=$1 out status=0; shift
  out=$(bash "$submit" "$@" 2>&1) || status=$?
  if [[ $status -eq 2 ]] && grep -qF -- "$want" <<< "$out"; then
    echo "ok   refused: $*"
  else
    echo "FAIL submit $* exited $status, not 2 with '$want':"; echo "$out" | sed 's/^/     /'
    failures=$((failures + 1))
  fi
}

trap 'loopback_nginx_stop "$work/readonly"; loopback_nginx_stop "$work/cache"' EXIT
mkdir -p "$work/www" "$work/store"
loopback_nginx_start "$work/readonly" "root $work/www;"  # GET only: PUT is refused (405)
readonly_url="http://127.0.0.1:$LOOPBACK_NGINX_PORT"
loopback_nginx_start "$work/cache" "$(loopback_nginx_cache_directives "$work/store")"
cache_url="http://127.0.0.1:$LOOPBACK_NGINX_PORT"
dead_port=$((20000 + RANDOM % 40000))  # a port nothing answers on
while (exec 3<>"/dev/tcp/127.0.0.1/$dead_port") 2>/dev/null; do dead_port=$((dead_port + 1)); done

expect_refusal "unknown tier 'nosuch'" --tier=nosuch --cache="$cache_url"
expect_refusal "--tier is required" --cache="$cache_url"
expect_refusal "expected http://HOST:PORT" --tier=smoke --cache=ftp://127.0.0.1/x
expect_refusal "the cache at http://127.0.0.1:$dead_port does not take uploads" \
  --tier=smoke --cache="http://127.0.0.1:$dead_port"
expect_refusal "the cache at $readonly_url does not take uploads" --tier=smoke --cache="$readonly_url"
expect_refusal "--cache=http://HOST:PORT is required" --tier=smoke
expect_refusal "--max_parallel must be a positive integer" --tier=smoke --max_parallel=0 \
  --cache="$cache_url"
expect_refusal "unknown argument '--nonsense'" --tier=smoke --nonsense

# The same check passes on a live cache, and leaves the probe it wrote readable there.
if (check_cache "$cache_url") && [[ -n "$(ls "$work/store/cas")" ]]; then
  echo "ok   a live cache passes the check"
else
  echo "FAIL the check refused the live cache at $cache_url"; failures=$((failures + 1))
fi
[[ $failures -eq 0 ]] && echo PASS || { echo "$failures failures"; exit 1; }
