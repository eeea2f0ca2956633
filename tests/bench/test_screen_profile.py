"""``bench/screen_profile.py``: a baseline revision screens with the working tree's rules."""

from __future__ import annotations

import tomllib
from pathlib import Path

from bench.screen_profile import spell_out_shared_sets
from kasudesk.screening import rules

RULE_FILE = """\
# Patterns use a shared set as <<name>>.
[endings]
will = 'ぞ|からな'

[[rules]]
id = "x"
pattern = ['殴る<<will>>', '蹴る']
"""


def test_it_spells_out_shared_sets_and_leaves_comments(tmp_path: Path) -> None:
    path = tmp_path / "rules_xx.toml"
    path.write_text(RULE_FILE, encoding="utf-8")
    spell_out_shared_sets(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Patterns use a shared set as <<name>>.")
    assert tomllib.loads(text)["rules"][0]["pattern"] == ["殴る(?:ぞ|からな)", "蹴る"]


def test_the_shipped_rules_spelled_out_compile_to_the_same_patterns(tmp_path: Path) -> None:
    for name in ("rules_ja.toml", "rules_en.toml"):
        source = (Path(rules.__file__).parent / "data" / name).read_text(encoding="utf-8")
        path = tmp_path / name
        path.write_text(source, encoding="utf-8")
        spell_out_shared_sets(path)
        spelled = tomllib.loads(path.read_text(encoding="utf-8"))["rules"]
        sets = rules.shared_sets(tomllib.loads(source), name)
        original = tomllib.loads(source)["rules"]
        for before, after in zip(original, spelled, strict=True):
            if "pattern" not in before:
                continue
            items = (
                before["pattern"] if isinstance(before["pattern"], list) else [before["pattern"]]
            )
            want = [rules.expand_endings(item, sets, name) for item in items]
            got = after["pattern"] if isinstance(after["pattern"], list) else [after["pattern"]]
            assert got == want, before["id"]
            assert not any("<<" in item for item in got)
