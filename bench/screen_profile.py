"""Where screening's time goes, and the engine against an earlier commit of itself.

Usage: ``python bench/screen_profile.py [--baseline REV] [--repeat N]
[--rounds N] [--limit N] [--profile]``

Runs the screening engine of the working tree and of ``--baseline`` (a git
revision, checked out with ``git archive`` into a temporary folder, its
data files replaced by the working tree's so that only the code differs)
on the same texts, each side in its own fresh process, alternating sides
``--repeat`` times and keeping each side's quietest pass: the machine is
shared, so the fastest pass is the best estimate of the code's own cost.
The texts are the 100-character utterances of bench/screen_speed.py
(RTP-LX dev in both languages and the IBM customer-care messages) and the
200-character narratives of bench/assess.py.

For each side it reports ``screen()`` per utterance (p50, p99, mean), the
rule layer alone (the model call stubbed out, as the ``rules_only`` test
fixture does), normalisation alone and the model alone, and ``screen()``
per narrative, with the model and without. ``--profile`` adds a cProfile of the working tree's
``screen()`` over the utterances and narratives.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.assess import incidents  # noqa: E402
from bench.screen_data import default_shared  # noqa: E402
from bench.screen_speed import utterances  # noqa: E402

# The engine before the second speed pass (identity offset maps, one index
# over the folded view, look-ahead and grouped regexes); fc64d18 is the
# one before the first (trigger index, one-pass selection).
DEFAULT_BASELINE = "1a150d7"

# Runs inside a fresh interpreter whose path starts with the side's tree.
PROBE = r"""
import gc, json, sys, time
from kasudesk.screening import engine
from kasudesk.screening.engine import screen
from kasudesk.screening.normalize import normalize
from kasudesk.screening.model import get_model

data = json.load(open(sys.argv[1], encoding="utf-8"))
rounds = int(sys.argv[2])
utterances = [text for text, _ in data["utterances"]]
narratives = data["narratives"]
clock = time.perf_counter


def best_pass(func, texts):
    for text in texts[:20]:
        func(text)
    best = None
    for _ in range(rounds):
        gc.collect()
        latencies = []
        for text in texts:
            start = clock()
            func(text)
            latencies.append(clock() - start)
        if best is None or sum(latencies) < sum(best):
            best = latencies
    return sorted(best)


def summary(latencies):
    n = len(latencies)
    return {
        "p50_ms": latencies[n // 2] * 1e3,
        "p99_ms": latencies[min(n - 1, round(0.99 * (n - 1)))] * 1e3,
        "mean_ms": sum(latencies) / n * 1e3,
    }


model = get_model()
norms = {text: normalize(text) for text in utterances}
langs = {text: engine.detect_language(norm.text) for text, norm in norms.items()}
out = {
    "screen": summary(best_pass(screen, utterances)),
    "normalize": summary(best_pass(normalize, utterances)),
    "model": summary(
        best_pass(lambda t: model.probability(norms[t].text, langs[t]), utterances)
    ),
    "narrative": summary(best_pass(screen, narratives)),
}
real = engine._model_probability
engine._model_probability = lambda norm, lang: None
out["rules"] = summary(best_pass(screen, utterances))
out["narrative_rules"] = summary(best_pass(screen, narratives))
engine._model_probability = real
print(json.dumps(out))
"""


def export(revision: str, into: Path) -> Path:
    """The screening code and model of ``revision``, with the working tree's rule files."""
    archive = into / "tree.tar"
    with archive.open("wb") as sink:
        subprocess.run(  # noqa: S603 - git with fixed arguments and a revision
            ["git", "archive", revision, "kasudesk/__init__.py", "kasudesk/screening"],  # noqa: S607
            cwd=REPO,
            stdout=sink,
            check=True,
        )
    root = into / "tree"
    with tarfile.open(archive) as tar:
        tar.extractall(root, filter="data")
    # The same rules on both sides, so only the code is compared. The model
    # artefact stays the revision's own: its file format belongs to the code
    # that reads it, so "model alone" compares the two learned layers.
    data = root / "kasudesk" / "screening" / "data"
    for entry in data.iterdir():
        if entry.is_dir() and entry.name != "model":
            shutil.rmtree(entry)
        elif entry.is_file():
            entry.unlink()
    shutil.copytree(
        REPO / "kasudesk" / "screening" / "data",
        data,
        ignore=shutil.ignore_patterns("model"),
        dirs_exist_ok=True,
    )
    for rule_file in data.glob("*.toml"):
        spell_out_shared_sets(rule_file)
    return root


def spell_out_shared_sets(rule_file: Path) -> None:
    """Write each ``<<name>>`` of a rule file out in full, in place.

    Code older than the shared ending sets reads the patterns as they are
    and ignores the ``[endings]`` and ``[groups]`` tables, so a baseline
    revision screens with exactly the working tree's rules.
    """
    from kasudesk.screening.rules import expand_endings, shared_sets

    source = rule_file.read_text(encoding="utf-8")
    sets = shared_sets(tomllib.loads(source), rule_file.name)
    if not sets:
        return
    # Comments may name the syntax itself (<<name>>); only data is spelled out.
    lines = [
        line if line.lstrip().startswith("#") else expand_endings(line, sets, rule_file.name)
        for line in source.splitlines(keepends=True)
    ]
    rule_file.write_text("".join(lines), encoding="utf-8")


def measure(root: Path, texts_file: Path, rounds: int) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(root))
    done = subprocess.run(  # noqa: S603 - this interpreter running the fixed probe
        [sys.executable, "-c", PROBE, str(texts_file), str(rounds)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def quietest(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per measurement, the run with the lowest mean."""
    return {key: min((run[key] for run in runs), key=lambda s: s["mean_ms"]) for key in runs[0]}


def profile(texts: list[str]) -> None:
    from kasudesk.screening.engine import screen

    for text in texts[:50]:
        screen(text)
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        screen(text)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=DEFAULT_BASELINE)
    parser.add_argument("--shared", type=Path, default=default_shared())
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=1500)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    data = {
        "utterances": utterances(args.shared, args.limit),
        "narratives": [item["narrative"] for item in incidents(1000)],
    }
    if args.profile:
        profile([text for text, _ in data["utterances"]] + data["narratives"])
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        texts_file = scratch / "texts.json"
        texts_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        sides = {args.baseline: export(args.baseline, scratch), "working tree": REPO}
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in sides}
        for _ in range(args.repeat):
            for name, root in sides.items():
                runs[name].append(measure(root, texts_file, args.rounds))
    n_utt, n_nar = len(data["utterances"]), len(data["narratives"])
    print(f"{n_utt} utterances of 100 characters, {n_nar} narratives of about 200")
    print(f"{'measure':<28}" + "".join(f"{name:>26}" for name in sides))
    best = {name: quietest(found) for name, found in runs.items()}
    for key in ("screen", "rules", "normalize", "model", "narrative", "narrative_rules"):
        for stat in ("p50_ms", "p99_ms", "mean_ms"):
            cells = "".join(f"{best[name][key][stat]:>26.4f}" for name in sides)
            print(f"{key + ' ' + stat:<28}{cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
