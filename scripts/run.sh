#!/usr/bin/env bash
# Set up, load the demo organisation and serve KasuDesk at http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/kasudesk demo
exec .venv/bin/kasudesk serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
