#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the server's tests and benchmarks (Debian packages).
#   server/scripts/pg-test-cluster.sh start   → starts it, prints DATABASE_URL=… on stdout
#   server/scripts/pg-test-cluster.sh stop    → stops it and deletes its files
#   server/scripts/pg-test-cluster.sh url     → prints DATABASE_URL=… if running
# Env: PG_PORT (default 54329), PG_VERSION (default: newest in /usr/lib/postgresql),
#      PG_DIR (default /tmp/kq-pg-$PG_PORT). Runs initdb/pg_ctl as the postgres user when root
#      (initdb refuses root). Install first if needed: apt-get install -y postgresql
set -euo pipefail
PORT="${PG_PORT:-54329}"
VERSION="${PG_VERSION:-$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1)}"
BIN="/usr/lib/postgresql/${VERSION}/bin"
DIR="${PG_DIR:-/tmp/kq-pg-${PORT}}"
URL="postgres://postgres@127.0.0.1:${PORT}/postgres"

as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    [ -x "$BIN/initdb" ] || { echo "PostgreSQL binaries not found in $BIN (apt-get install -y postgresql)" >&2; exit 1; }
    if [ -f "$DIR/data/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
      echo "DATABASE_URL=$URL"; exit 0
    fi
    rm -rf "$DIR"; mkdir -p "$DIR"
    if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$DIR"; fi
    as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --no-sync >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$DIR/log" >&2; exit 1; }
    echo "DATABASE_URL=$URL"
    ;;
  stop)
    if [ -d "$DIR/data" ]; then as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true; fi
    rm -rf "$DIR"
    ;;
  url)
    as_pg "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1 && echo "DATABASE_URL=$URL"
    ;;
  *)
    echo "usage: $0 start|stop|url" >&2; exit 64 ;;
esac
