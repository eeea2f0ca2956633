"""Writing a benchmark's results into its section of docs/benchmarks.md."""

from __future__ import annotations

from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def replace_section(path: Path, heading: str, body: str) -> None:
    """Swap the body under ``heading`` up to the next heading and leave the rest.

    Subsections (``### ``) under the heading belong to other benchmarks and stay.
    """
    text = path.read_text(encoding="utf-8")
    start = text.find(heading)
    if start == -1:
        raise SystemExit(f"{path} has no section {heading!r}")
    body_start = text.index("\n", start) + 1
    ends = [i for i in (text.find("\n## ", body_start), text.find("\n### ", body_start)) if i != -1]
    end = min(ends) + 1 if ends else len(text)
    rest = text[end:]
    gap = "\n\n" if rest else "\n"  # the last section ends the file with one newline
    path.write_text(text[:body_start] + "\n" + body.rstrip("\n") + gap + rest, "utf-8")
