"""The judgment core stays pure: no Django, no web apps, no state."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import kasudesk.judgment

PACKAGE = Path(kasudesk.judgment.__file__).parent
ROOT = PACKAGE.parents[1]
FORBIDDEN = (
    "django",
    "kasudesk.web",
    "kasudesk.accounts",
    "kasudesk.audit",
    "kasudesk.cases",
    "kasudesk.settings",
)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_it_imports_nothing_of_django_or_the_apps(path: Path) -> None:
    bad = [
        name
        for name in _imports(path)
        if name.split(".")[0] == "django" or name.startswith(FORBIDDEN)
    ]
    assert bad == []


def test_it_keeps_the_import_linter_contracts() -> None:
    linter = Path(sys.executable).parent / "lint-imports"
    if not linter.exists():
        pytest.skip("import-linter is not installed")
    result = subprocess.run(
        [str(linter)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_imports_in_a_fresh_interpreter_without_loading_django() -> None:
    code = "import sys, kasudesk.judgment as j; j.assess({'narrative': ''}); print('django' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "False"
