"""Does the screening code of the working tree give exactly what an earlier commit gave?

Usage: ``python bench/screen_equivalence.py [--baseline REV] [--generated N]``

For speed work that must not change a single result. The texts are every
text of the shared data sets but their test split, the utterances and narratives the benchmarks
use, every rule example and counter-example, and ``--generated`` mixtures of
rule fragments, pieces of real texts and look-alike noise (a fixed seed).
Each side, the code of ``--baseline`` (checked out with the working tree's
data files, as ``bench/screen_profile.py`` does) and the working tree, runs
in its own process and writes, per text, the normalised text with its
offsets and kana view and the full result of ``screen`` with automatic
language and with ``ja`` and ``en`` forced; the two files must be equal
line for line. Prints the count of texts that differ and the first few.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.assess import incidents  # noqa: E402
from bench.screen_data import default_shared, load_all  # noqa: E402
from bench.screen_profile import DEFAULT_BASELINE, export  # noqa: E402
from bench.screen_speed import utterances  # noqa: E402

# Runs inside a fresh interpreter whose path starts with the side's tree.
PROBE = r"""
import json, sys
from kasudesk.screening.engine import screen
from kasudesk.screening.normalize import normalize

texts = json.load(open(sys.argv[1], encoding="utf-8"))
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for text in texts:
        norm = normalize(text)
        row = [norm.text, norm.kana_folded, list(norm.starts), list(norm.ends)]
        for lang in (None, "ja", "en"):
            result = screen(text, lang)
            row.append([
                result.lang,
                result.harassment,
                repr(result.score),
                [[s.behavior, s.start, s.end, s.text, repr(s.score), s.source, s.rule]
                 for s in result.signals],
                [[c.kind, c.start, c.end, c.text, c.rule] for c in result.carve_outs],
            ])
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
"""

# Characters people use to dodge filters, and other folding cases.
NOISE = [
    *"0134579@$!|.・*_-/+,'\" \u3000\n\t~〜ーｰｧｼﾈﾞﾟ\u3099\u309a\u200b\u200d\ufeff",
    *"‘’“”ＡＢｋｉｌｌ①㈱ﬁ！？。、「」『』…🙂é",
]


def examples() -> list[str]:
    from kasudesk.screening.rules import carve_out_rules, rules

    found = {t for rule in rules() for t in (*rule.examples, *rule.counter_examples)}
    found |= {t for rule in carve_out_rules() for t in (*rule.examples, *rule.counter_examples)}
    return sorted(found)


def generated(fragments: list[str], real: list[str], count: int) -> list[str]:
    """Mixtures of rule fragments, pieces of real texts and noise."""
    rng = random.Random(20261129)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 5)):
            kind = rng.random()
            if kind < 0.5:
                piece = rng.choice(fragments)
                if rng.random() < 0.3:
                    piece = "".join(ch + rng.choice(NOISE) * (rng.random() < 0.2) for ch in piece)
                parts.append(piece.upper() if rng.random() < 0.2 else piece)
            elif kind < 0.7:
                parts.append("".join(rng.choice(NOISE) for _ in range(rng.randint(1, 6))))
            else:
                text = rng.choice(real)
                start = rng.randrange(max(1, len(text)))
                parts.append(text[start : start + rng.randint(1, 60)])
        out.append(rng.choice(["", " ", "、", "。", "\n"]).join(parts))
    return out


def corpus(shared: Path, count: int) -> list[str]:
    # Outputs are compared, not scored, but the test split stays unread all
    # the same (a differing text would be printed).
    real = [
        item.text for items in load_all(shared).values() for item in items if item.split != "test"
    ]
    real += [text for text, _ in utterances(shared, None)]
    real += [item["narrative"] for item in incidents(3000)]
    fragments = examples()
    return list(dict.fromkeys([*real, *fragments, *generated(fragments, real, count)]))


def run(root: Path, texts_file: Path, out_file: Path) -> None:
    subprocess.run(  # noqa: S603 - this interpreter running the fixed probe
        [sys.executable, "-c", PROBE, str(texts_file), str(out_file)],
        cwd=root,
        env=dict(os.environ, PYTHONPATH=str(root)),
        check=True,
    )


def compare(texts: list[str], before: Path, after: Path, show: int) -> int:
    differing = 0
    with before.open(encoding="utf-8") as old, after.open(encoding="utf-8") as new:
        for text, old_line, new_line in zip(texts, old, new, strict=True):
            if old_line == new_line:
                continue
            differing += 1
            if differing <= show:
                old_row: list[Any] = json.loads(old_line)
                new_row: list[Any] = json.loads(new_line)
                print(f"differs: {text[:80]!r}")
                for field, (a, b) in enumerate(zip(old_row, new_row, strict=True)):
                    if a != b:
                        print(
                            f"  field {field}\n    before {str(a)[:300]}\n    after  {str(b)[:300]}"
                        )
    return differing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=DEFAULT_BASELINE)
    parser.add_argument("--shared", type=Path, default=default_shared())
    parser.add_argument("--generated", type=int, default=30000)
    parser.add_argument("--show", type=int, default=5)
    args = parser.parse_args(argv)
    texts = corpus(args.shared, args.generated)
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        texts_file = scratch / "texts.json"
        texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        before, after = scratch / "before.jsonl", scratch / "after.jsonl"
        run(export(args.baseline, scratch), texts_file, before)
        run(REPO, texts_file, after)
        differing = compare(texts, before, after, args.show)
    print(f"{len(texts)} texts ({3 * len(texts)} screens): {differing} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
