"""Benchmarks rewrite only their own section of docs/benchmarks.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.docs import replace_section

DOC = """# Benchmarks

## Judgment (`bench/assess.py`)

old judgment

## Screening speed (`bench/screen_speed.py`)

old speed

### Engine speed (`bench/screen_profile.py`)

written by hand

## Case lists (`bench/case_list.py`)

old lists
"""


def test_it_replaces_one_section_and_keeps_the_rest(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text(DOC, encoding="utf-8")
    replace_section(doc, "## Screening speed (`bench/screen_speed.py`)", "new speed\n")
    replace_section(doc, "## Case lists (`bench/case_list.py`)", "new lists")
    assert doc.read_text(encoding="utf-8") == DOC.replace("old speed", "new speed").replace(
        "old lists", "new lists"
    )


def test_it_names_a_missing_section(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text(DOC, encoding="utf-8")
    with pytest.raises(SystemExit, match="no section '## Memory'"):
        replace_section(doc, "## Memory", "x")
    assert doc.read_text(encoding="utf-8") == DOC
