"""Our rule examples and test sentences are our own, not lines of the labelled data.

The labelled sets in shared/data train and measure the screening layer; a
sentence lifted from them into a rule's examples or a test would both break
the project's rule that we write every sentence ourselves and quietly tune
the rules to the items they are measured on. Short stock phrases ("I will
kill you", 死ね) occur everywhere and are allowed; a long verbatim run is not.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from bench.screen_data import load

LABELLED = ("rtplx_ja", "rtplx_en", "inspection_ai_ja", "davidson", "ibm_custcare")
# Long enough that a match is a copied line rather than a common phrase:
# Japanese packs far more into a character than English does.
MIN_LATIN = 22
MIN_OTHER = 10


def _too_long_to_be_chance(text: str) -> bool:
    return len(text) >= (MIN_LATIN if text.isascii() else MIN_OTHER)


def _rule_strings() -> Iterator[tuple[str, str]]:
    folder = resources.files("kasudesk.screening").joinpath("data")
    for entry in folder.iterdir():
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        for section in ("rules", "carve_outs"):
            for rule in data.get(section, []):
                for text in (*rule.get("examples", ()), *rule.get("counter_examples", ())):
                    yield f"{entry.name}: {rule['id']}", text


def _test_strings() -> Iterator[tuple[str, str]]:
    for path in sorted(Path(__file__).parents[1].glob("*/test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield f"{path.parent.name}/{path.name}:{node.lineno}", node.value


@pytest.fixture(scope="module")
def labelled_text(shared_dir: Path) -> str:
    return "\n".join(item.text.casefold() for name in LABELLED for item in load(shared_dir, name))


def test_no_rule_example_is_a_line_of_the_labelled_data(labelled_text: str) -> None:
    copied = [
        f"{where}: {text}"
        for where, text in _rule_strings()
        if _too_long_to_be_chance(text) and text.casefold() in labelled_text
    ]
    assert copied == []


def test_no_test_sentence_is_a_line_of_the_labelled_data(labelled_text: str) -> None:
    copied = [
        f"{where}: {text[:60]}"
        for where, text in _test_strings()
        if _too_long_to_be_chance(text) and text.casefold() in labelled_text
    ]
    assert copied == []


def test_the_check_would_see_a_copied_line(labelled_text: str) -> None:
    line = labelled_text.splitlines()[0]
    assert _too_long_to_be_chance(line)
    assert line in labelled_text
