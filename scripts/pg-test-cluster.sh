#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the ledger tests: initdb in a temporary folder, a free port on
# 127.0.0.1, trust authentication, stopped and deleted by `stop`. Prints the URL for the tests.
#   scripts/pg-test-cluster.sh start   → writes .build-pg/url and .build-pg/dir
#   scripts/pg-test-cluster.sh stop
set -euo pipefail
cd "$(dirname "$0")/.."
state=.build-pg
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
case "${1:-}" in
start)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "installing postgresql (apt-get)"
    $sudo apt-get update && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y postgresql postgresql-contrib
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  if ! command -v openssl >/dev/null; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y openssl
  fi
  "$0" stop >/dev/null 2>&1 || true
  mkdir -p "$state"
  dir=$(mktemp -d /tmp/slotplan-pg.XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  run=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; run=(runuser -u postgres --); fi
  "${run[@]}" "$bin/initdb" -D "$dir/data" -U slotplan -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
  # TLS with a throwaway self-signed certificate for 127.0.0.1, so the sslmode tests have a server
  # that offers TLS (its certificate is in .build-pg/ca.crt; the system's CA store does not know it).
  openssl req -new -x509 -days 2 -nodes -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$dir/data/server.key" -out "$dir/data/server.crt" >/dev/null 2>&1
  chmod 600 "$dir/data/server.key"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir/data/server.key" "$dir/data/server.crt"
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200 -c ssl=on" start >/dev/null
  "${run[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U slotplan slotplan_test
  echo "$dir" > "$state/dir"
  cp "$dir/data/server.crt" "$state/ca.crt"
  echo "postgres://slotplan@127.0.0.1:$port/slotplan_test" | tee "$state/url"
  ;;
stop)
  [ -f "$state/dir" ] || exit 0
  dir=$(cat "$state/dir")
  run=(); [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir" "$state"
  ;;
*)
  echo "usage: $0 start|stop" >&2; exit 64 ;;
esac
