#!/usr/bin/env bash
# Shows Bazel's remote cache working for this project, end to end, on loopback:
#  1. starts nginx as an HTTP cache (WebDAV PUT) on 127.0.0.1,
#  2. builds TARGETS from a fresh clone with an empty output base (fills the cache),
#  3. builds them again from a second clone with another empty output base,
# and checks that the second build took its actions from the cache instead of running them.
# Usage: tools/remote_cache_demo.sh [targets...]   (default: Figure 1 and the report renderer)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then targets=(//figures:fig1 //paper:render_report); fi

work=$(mktemp -d /tmp/remote-cache-demo.XXXXXX)
mkdir -p "$work/cache"
source "$repo/tools/loopback_nginx.sh"
loopback_nginx_start "$work/nginx" "$(loopback_nginx_cache_directives "$work/cache")"
port=$LOOPBACK_NGINX_PORT
cleanup() {
  for n in 1 2; do
    [[ -d $work/clone$n ]] && (cd "$work/clone$n" && bazel --output_base="$work/ob$n" shutdown) || true
  done
  loopback_nginx_stop "$work/nginx"
}
trap cleanup EXIT

build() {  # build <clone> <output base> <log>
  git clone -q "$repo" "$1"
  (cd "$1" && bazel --output_base="$2" build --remote_cache="http://127.0.0.1:$port" \
      "${targets[@]}" 2>&1) | tee "$3" | grep -E '^INFO: [0-9]+ processes' || true
}

echo "== first clone, empty cache (http://127.0.0.1:$port)"
build "$work/clone1" "$work/ob1" "$work/build1.log"
echo "== second clone, new output base, same cache"
build "$work/clone2" "$work/ob2" "$work/build2.log"

hits=$(grep -oE '[0-9]+ remote cache hit' "$work/build2.log" | grep -oE '^[0-9]+' || echo 0)
ran=$(grep -oE '[0-9]+ (linux-sandbox|processwrapper-sandbox|local)' "$work/build2.log" | grep -oE '^[0-9]+' | paste -sd+ | bc 2>/dev/null || echo 0)
entries=$(find "$work/cache" -type f | wc -l)
echo "cache entries: $entries; second build: $hits actions from the remote cache, ${ran:-0} executed"
if [[ ${hits:-0} -gt 0 && ${ran:-0} -eq 0 ]]; then
  echo "REMOTE CACHE DEMO PASSED"
else
  echo "REMOTE CACHE DEMO FAILED (logs in $work)"
  exit 1
fi
