#!/usr/bin/env bash
# Compile every catalog and fail when a shipped .mo differs from its .po, or
# when a .po misses strings that the code now marks for translation.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export KASUDESK_VAR_DIR="${KASUDESK_VAR_DIR:-$root/var}"
status=0
for po in kasudesk/*/locale/*/LC_MESSAGES/django.po; do
  [ -f "$po" ] || continue
  mo="${po%.po}.mo"
  tmp=$(mktemp)
  msgfmt --check-format -o "$tmp" "$po"
  if ! cmp -s "$tmp" "$mo"; then echo "$mo is stale: run 'make messages'" >&2; status=1; fi
  untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid ' || true)
  if [ "$untranslated" -gt 1 ] || [ "$fuzzy" -gt 0 ]; then
    echo "$po has $((untranslated > 0 ? untranslated - 1 : 0)) untranslated and $fuzzy fuzzy messages" >&2; status=1
  fi
  rm -f "$tmp"
done
app_dirs=$(ls -d kasudesk/*/locale 2>/dev/null | xargs -r -n1 dirname)
for app in $app_dirs; do
  tmpdir=$(mktemp -d)
  cp -r "$app/locale" "$tmpdir/before"
  (cd "$app" && PYTHONPATH="$root" DJANGO_SETTINGS_MODULE=tests.settings "$root/.venv/bin/python" -m django makemessages -l ja --no-location --no-obsolete -v 0)
  if ! diff -q <(grep -E '^msgid' "$tmpdir/before/ja/LC_MESSAGES/django.po" | sort) <(grep -E '^msgid' "$app/locale/ja/LC_MESSAGES/django.po" | sort) >/dev/null; then
    echo "$app: strings marked for translation changed; run 'make messages' and translate" >&2; status=1
  fi
  rm -rf "$app/locale"; cp -r "$tmpdir/before" "$app/locale"; rm -rf "$tmpdir"
done
exit $status
