#!/usr/bin/env bash
# Print the path of the newest Python >= 3.12 on this machine, or explain
# what to install and exit 1.
set -u
ok() { "$1" -c 'import sys, ssl, sqlite3; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
candidates=(python3.14 python3.13 python3.12 python3)
for name in "${candidates[@]}"; do
  path=$(command -v "$name" 2>/dev/null) || continue
  if ok "$path"; then echo "$path"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for dir in $(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -rV); do
    for exe in "$dir"/bin/python3.1[2-9]; do
      if [ -x "$exe" ] && ok "$exe"; then echo "$exe"; exit 0; fi
    done
  done
fi
cat >&2 <<'MSG'
KasuDesk needs Python 3.12 or newer (with the ssl and sqlite3 modules), and none was found.
On Debian 13 or Ubuntu 24.04:  sudo apt-get install python3 python3-venv
On Debian 12:                  install Python 3.12+ with pyenv (https://github.com/pyenv/pyenv) or from python.org
Then run the command again.
MSG
exit 1
