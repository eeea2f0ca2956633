#!/usr/bin/env bash
# Create .venv with a suitable Python and install KasuDesk with the pinned
# versions. Usage: scripts/setup.sh [extras], e.g. scripts/setup.sh dev
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
  python=$(scripts/find-python.sh)
  echo "==> creating .venv with $python"
  rm -rf .venv
  "$python" -m venv .venv
fi
stamp=".venv/.installed-${extras:-base}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  echo "==> installing KasuDesk${extras:+ with [$extras]} (pinned by constraints.txt)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  spec="."
  [ -n "$extras" ] && spec=".[$extras]"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e "$spec"
  touch "$stamp"
fi
