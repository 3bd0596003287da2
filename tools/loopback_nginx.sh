# shellcheck shell=bash
# nginx on 127.0.0.1, started and stopped by PID, for the demos and tests that need an HTTP
# server (tools/remote_cache_demo.sh, //pipeline/data:datasets_download_test). Source it:
#
#   source tools/loopback_nginx.sh
#   loopback_nginx_start "$dir" "root $files;"   # server-block directives; sets LOOPBACK_NGINX_PORT
#   trap 'loopback_nginx_stop "$dir"' EXIT
#
# Everything nginx writes (configuration, PID file, logs, temporary files) goes under $dir:
# error.log and access.log there show what it served. The port is picked at run time: a random
# one that nothing answers on, tried again with another if nginx cannot bind it.

# loopback_nginx_start <dir> <server directives>: starts nginx in the background (its master
# process's PID in <dir>/nginx.pid) and sets LOOPBACK_NGINX_PORT. Returns 1, with what nginx
# said on stderr, if it does not start.
loopback_nginx_start() {
  local dir="$1" directives="$2" user_line="" nginx port _
  # Debian installs it in /usr/sbin, which is not on a Bazel test's PATH (strict action env).
  nginx=$(PATH="$PATH:/usr/sbin" command -v nginx) || {
    echo "loopback_nginx_start: no nginx on PATH or in /usr/sbin (tools/setup.sh installs" \
      "Debian's nginx-light)" >&2
    return 1
  }
  mkdir -p "$dir"
  # As root, nginx's workers would switch to www-data, which cannot read or write $dir.
  if [[ $(id -u) -eq 0 ]]; then user_line="user root root;"; fi
  for _ in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then continue; fi  # taken
    cat > "$dir/nginx.conf" <<CONF
$user_line
daemon on;
pid $dir/nginx.pid;
error_log $dir/error.log;
events {}
http {
  access_log $dir/access.log;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:$port;
    $directives
  }
}
CONF
    if "$nginx" -c "$dir/nginx.conf" -p "$dir" -e "$dir/error.log" 2> "$dir/start.log"; then
      # shellcheck disable=SC2034  # the caller reads it
      LOOPBACK_NGINX_PORT=$port
      return 0
    fi
    grep -q "Address already in use" "$dir/start.log" || break
  done
  echo "loopback_nginx_start: nginx did not start with $dir/nginx.conf:" >&2
  cat "$dir/start.log" >&2
  return 1
}

# loopback_nginx_stop <dir>: stops the nginx that loopback_nginx_start started in <dir>, by the
# PID in its PID file, and waits (up to 5 s) until it has gone. Does nothing if none runs.
loopback_nginx_stop() {
  local pid_file="$1/nginx.pid" pid _
  [[ -s $pid_file ]] || return 0
  pid=$(< "$pid_file")
  kill "$pid" 2> /dev/null || return 0
  for _ in $(seq 50); do
    # Gone, or a zombie whose parent has not reaped it yet (nginx's master is a daemon's child).
    [[ $(cut -d' ' -f3 "/proc/$pid/stat" 2> /dev/null) =~ ^[^Z]$ ]] || return 0
    sleep 0.1
  done
  echo "loopback_nginx_stop: nginx (PID $pid) is still running after 5 s" >&2
}

# loopback_nginx_cache_directives <root>: the server directives of Bazel's HTTP cache protocol
# (GET and PUT of /ac/* and /cas/*) over the folder <root>, for loopback_nginx_start.
loopback_nginx_cache_directives() {
  cat <<DIRECTIVES
root $1;
    client_max_body_size 2g;
    location / {
      dav_methods PUT;
      create_full_put_path on;
      dav_access user:rw group:r all:r;
    }
DIRECTIVES
}
