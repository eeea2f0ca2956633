#!/usr/bin/env bash
# Set up and run every check: lint, types, architecture, translations, and
# the test suite on SQLite and on PostgreSQL.
# KASUDESK_TEST_DATABASES="sqlite postgres" (default) picks the databases.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh dev,bench
scripts/ensure-chromium.sh
export KASUDESK_VAR_DIR="${KASUDESK_VAR_DIR:-$PWD/var}"
export KASUDESK_SHARED_DIR="${KASUDESK_SHARED_DIR:-$PWD/../shared}"
bin=.venv/bin

echo "==> ruff"
$bin/ruff check .
$bin/ruff format --check .
echo "==> mypy --strict"
$bin/mypy kasudesk tests bench scripts
echo "==> import contracts"
$bin/lint-imports
echo "==> translations"
scripts/check-messages.sh
echo "==> migrations"
$bin/kasudesk manage makemigrations --check --dry-run >/dev/null || {
  echo "models changed without a migration: run 'kasudesk manage makemigrations'" >&2; exit 1; }

run_pytest() {
  local label=$1; shift
  echo "==> pytest on $label"
  set +e
  "$@" $bin/pytest -q "${PYTEST_ARGS[@]}"
  local rc=$?
  set -e
  if [ $rc -eq 5 ]; then echo "pytest collected no tests on $label: failing" >&2; exit 1; fi
  [ $rc -eq 0 ] || exit $rc
}
PYTEST_ARGS=("$@")
for db in ${KASUDESK_TEST_DATABASES:-sqlite postgres}; do
  case $db in
    sqlite) run_pytest SQLite env KASUDESK_DATABASE_URL="sqlite:///$KASUDESK_VAR_DIR/test.sqlite3" ;;
    postgres)
      url=$(scripts/ensure-postgres.sh)
      run_pytest PostgreSQL env KASUDESK_DATABASE_URL="$url" ;;
    *) echo "unknown database $db" >&2; exit 2 ;;
  esac
done
echo "==> all checks passed"
