#!/usr/bin/env bash
# Print a PostgreSQL URL for the tests: the server on 127.0.0.1:5432 when it
# answers, otherwise a throwaway cluster started under ./var (Debian paths).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${KASUDESK_TEST_POSTGRES_URL:-}" ]; then echo "$KASUDESK_TEST_POSTGRES_URL"; exit 0; fi
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "postgres://postgres@127.0.0.1:5432/kasudesk"; exit 0
fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ]; then
  if ! command -v apt-get >/dev/null || [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL is not answering on 127.0.0.1:5432 and is not installed; install it (apt-get install postgresql) or set KASUDESK_TEST_POSTGRES_URL" >&2
    exit 1
  fi
  echo "==> installing PostgreSQL" >&2
  apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
port=54329
dir="$PWD/var/pgtest"
if ! pg_isready -q -h 127.0.0.1 -p $port 2>/dev/null; then
  echo "==> starting a throwaway PostgreSQL on 127.0.0.1:$port" >&2
  rm -rf "$dir"; mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; as=(runuser -u postgres --); else as=(); fi
  "${as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >&2
fi
echo "postgres://postgres@127.0.0.1:$port/kasudesk"
