#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it (and Japanese fonts
# for screenshots) when it is missing and we may.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "==> installing chromium and fonts-noto-cjk"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk gettext >/dev/null
elif [ ! -x /usr/bin/chromium ]; then
  echo "Browser tests need /usr/bin/chromium: sudo apt-get install chromium fonts-noto-cjk" >&2
  exit 1
fi
