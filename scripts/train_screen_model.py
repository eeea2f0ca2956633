"""Train the screening model's learned layer and write it into the package.

Usage: ``python scripts/train_screen_model.py --shared ../shared``

scikit-learn is used here only; the product runs the result in pure Python
(kasudesk/screening/model.py). For each language a logistic regression is fit
on the character n-grams (and, for English, words and word pairs) of the
normalised text, listed by the same ``kasudesk.screening.model.grams`` the
product calls, over a vocabulary of the n-grams found in at least
``min_df`` training texts, with each data set's two classes balanced to
equal weight and each data set given a weight of its own. Weights smaller
than ``PRUNE`` are dropped from the artefact; the dev choices below are made
with the pruned model as the product runs it. The regularisation strength and the decision threshold are chosen
on the dev split only, for the *whole* screen (the product's rules combined
with the model by ``scoring.combine``), and for English under the constraint
that at most 1% of the dev customer-care messages are flagged. The test split
is never read here. The threshold is folded into the bias, so the shipped
model's probability 0.5 is the cut. The final model is refit on train + dev
with the chosen settings.

Splits (bench/screen_data.py): ``crc32("<family>:<key>") % 100`` < 60 train,
< 80 dev, else test; RTP-LX English and Japanese share the family ``rtplx`` and
are keyed by item ``Index``, so a translation pair is always in one split.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.screen_data import (  # noqa: E402
    Item,
    SharedDataMissing,
    default_shared,
    load_all,
)
from bench.screen_eval import count as confusion  # noqa: E402
from kasudesk.screening.model import (  # noqa: E402
    FORMAT,
    BehaviorHead,
    FeatureSpec,
    LanguageModel,
    dump_head,
    dump_table,
    grams,
)
from kasudesk.screening.scoring import combine  # noqa: E402

OUT = REPO / "kasudesk" / "screening" / "data" / "model"
# The product target for real customer-care messages, held on the dev split.
MAX_ALARM_RATE = 0.01
# Bootstrap resamples of each dev set behind the choice of C and offset,
# and their seed, so that a retrain makes the same choice.
RESAMPLES = 400
SEED = 20261206
# Weights this small change no dev decision and only cost memory and load time.
PRUNE = 1e-3

# A behavior head keeps an n-gram when one of its weights is at least this.
HEAD_PRUNE = 0.02

# A feature: ("c", character n-gram) or ("w", word or word pair).
Feature = tuple[str, str]


@dataclass(frozen=True)
class Choice:
    """An offset and how the whole screen does at it on dev."""

    offset: float
    score: float  # the objective: expected mean F1 over bootstrap resamples
    raw_score: float  # the mean of the dev sets' F1s themselves
    alarm_rate: float  # the highest of the alarm sets' flagged rates
    by_set: dict[str, float]


@dataclass(frozen=True)
class Recipe:
    """What one language's model is trained on, and how."""

    lang: str
    weights: dict[str, float]  # data set -> weight of its (class-balanced) items
    dev_sets: tuple[str, ...]  # whose dev items choose C and the offset (mean of their F1s)
    # all-negative sets -> the most of each the screen may flag (dev split,
    # and train too for a set the model is not trained on)
    alarm_sets: dict[str, float]
    spec: FeatureSpec
    min_df: int
    grid: tuple[float, ...]


RECIPES = (
    Recipe(
        lang="ja",
        weights={
            "rtplx_ja": 4.0,
            "inspection_ai_ja": 1.0,
            "neutral_ja": 0.1,
            "neutral_ja_short": 1.0,
            "cs_ja": 2.0,
        },
        dev_sets=("rtplx_ja", "cs_ja"),
        alarm_sets={"neutral_ja": MAX_ALARM_RATE, "neutral_ja_short": MAX_ALARM_RATE},
        spec=FeatureSpec(char_min=1, char_max=2, words=False),
        min_df=1,
        grid=(3.0, 10.0, 30.0, 100.0),
    ),
    Recipe(
        lang="en",
        weights={"rtplx_en": 1.0, "davidson": 0.1, "ibm_custcare": 0.3, "cs_en": 3.0},
        dev_sets=("rtplx_en", "cs_en"),
        alarm_sets={"ibm_custcare": MAX_ALARM_RATE},
        spec=FeatureSpec(char_min=3, char_max=3, words=True),
        min_df=2,
        grid=(1.0, 3.0, 10.0, 30.0),
    ),
)


def normaliser() -> tuple[str, Callable[[str], str]]:
    """The product's normaliser when present, so train and run see the same text."""
    try:
        from kasudesk.screening.normalize import normalize
    except ImportError:
        return "none", lambda text: text

    def apply(text: str) -> str:
        return str(normalize(text).text)

    return "kasudesk.screening.normalize", apply


def counted(text: str, spec: FeatureSpec) -> tuple[dict[Feature, int], int]:
    """Each feature's count in ``text``, and how many n-grams it has in all."""
    chars, words = grams(text, spec)
    found: dict[Feature, int] = {}
    for kind, listed in (("c", chars), ("w", words)):
        for gram in listed:
            found[kind, gram] = found.get((kind, gram), 0) + 1
    return found, len(chars) + len(words)


def vocabulary(texts: Sequence[str], spec: FeatureSpec, min_df: int) -> dict[Feature, int]:
    """Feature -> column, for the features found in at least ``min_df`` texts."""
    df: dict[Feature, int] = {}
    for text in texts:
        for feature in counted(text, spec)[0]:
            df[feature] = df.get(feature, 0) + 1
    kept = sorted(f for f, n in df.items() if n >= min_df)
    return {feature: column for column, feature in enumerate(kept)}


def matrix(texts: Sequence[str], spec: FeatureSpec, vocab: dict[Feature, int]) -> Any:
    """The product's feature values: count / sqrt(all n-grams of the text)."""
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped, import-not-found, unused-ignore]

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for row, text in enumerate(texts):
        found, total = counted(text, spec)
        for feature, count in found.items():
            column = vocab.get(feature)
            if column is not None:
                rows.append(row)
                cols.append(column)
                vals.append(count / math.sqrt(total))
    return csr_matrix((vals, (rows, cols)), shape=(len(texts), len(vocab)))


def sample_weights(items: Sequence[Item], weights: dict[str, float]) -> list[float]:
    """Each data set's positives and negatives weigh the same in total."""
    counts: dict[tuple[str, bool], int] = {}
    for item in items:
        counts[item.dataset, item.label] = counts.get((item.dataset, item.label), 0) + 1
    out = []
    for item in items:
        classes = 2 if (item.dataset, not item.label) in counts else 1
        per_set = sum(c for (d, _), c in counts.items() if d == item.dataset)
        share = per_set / (classes * counts[item.dataset, item.label])
        out.append(weights[item.dataset] * share)
    return out


def fit(items: Sequence[Item], texts: Sequence[str], recipe: Recipe, c: float) -> LanguageModel:
    """A logistic regression on ``texts``, pruned, as the product runs it (offset 0)."""
    from sklearn.linear_model import LogisticRegression

    vocab = vocabulary(texts, recipe.spec, recipe.min_df)
    model = LogisticRegression(C=c, solver="liblinear", max_iter=5000, random_state=0)
    model.fit(
        matrix(texts, recipe.spec, vocab),
        [item.label for item in items],
        sample_weight=sample_weights(items, recipe.weights),
    )
    tables: dict[str, dict[str, float]] = {"c": {}, "w": {}}
    for (kind, gram), column in vocab.items():
        weight = float(model.coef_[0][column])
        if abs(weight) >= PRUNE:
            tables[kind][gram] = weight
    return LanguageModel(recipe.spec, tables["c"], tables["w"], float(model.intercept_[0]))


@dataclass(frozen=True)
class Evidence:
    """What the rules found in one dev text, to combine with a candidate model."""

    signals: tuple[Any, ...]
    carve_outs: tuple[Any, ...]


def manner_behaviors() -> frozenset[str]:
    from kasudesk.screening.rules import behaviors

    return frozenset(k for k, b in behaviors().items() if b.axis == "manner")


def fit_head(
    items: Sequence[Item], norm: Callable[[str], str], recipe: Recipe
) -> tuple[BehaviorHead, int] | None:
    """Which manner behavior a harassing text shows, learnt from the labelled ones.

    Only items that name one manner behavior are used (the customer-service
    sets); returns the head and the number of texts, or None without two
    behaviors to tell apart.
    """
    from sklearn.linear_model import LogisticRegression

    manner = manner_behaviors()
    labelled = [
        (i, next(iter(i.behaviors)))
        for i in items
        if i.label and len(i.behaviors) == 1 and next(iter(i.behaviors)) in manner
    ]
    names = sorted({b for _, b in labelled})
    if len(names) < 2:
        return None
    texts = [norm(i.text) for i, _ in labelled]
    vocab = vocabulary(texts, recipe.spec, recipe.min_df)
    model = LogisticRegression(C=10.0, max_iter=5000)
    model.fit(matrix(texts, recipe.spec, vocab), [b for _, b in labelled])
    order = [list(model.classes_).index(name) for name in names]
    tables: dict[str, dict[str, tuple[float, ...]]] = {"c": {}, "w": {}}
    for (kind, gram), column in vocab.items():
        weights = tuple(float(model.coef_[k][column]) for k in order)
        if max(map(abs, weights)) >= HEAD_PRUNE:
            tables[kind][gram] = weights
    bias = tuple(float(model.intercept_[k]) for k in order)
    head = BehaviorHead(recipe.spec, tuple(names), bias, tables["c"], tables["w"])
    return head, len(labelled)


def rule_evidence(items: Sequence[Item]) -> list[Evidence]:
    """Signals and carve-outs of the product's screen() with the model switched off.

    The shipped score is ``combine(signals, model probability, carve_outs)``, so
    with these the dev F1 of the *whole* screen for any candidate model and
    threshold is computed exactly, without running the rules again.
    """
    try:
        from kasudesk.screening import model as model_module
        from kasudesk.screening.engine import screen
    except ImportError:
        return [Evidence((), ()) for _ in items]
    with mock.patch.object(model_module, "get_model", lambda: None):
        results = [screen(item.text, item.lang) for item in items]
    return [Evidence(r.signals, r.carve_outs) for r in results]


def choose_offset(
    logits: Sequence[float],
    labels: Sequence[bool],
    evidence: Sequence[Evidence],
    *,
    alarm_logits: Sequence[float],
    alarm_evidence: Sequence[Evidence],
    max_alarm_rate: float | Mapping[str, float],
    alarm_groups: Sequence[str] | None = None,
    groups: Sequence[str] | None = None,
    resamples: int = RESAMPLES,
) -> Choice:
    """The logit offset whose combined screen has the best expected dev F1.

    The objective is the mean of the dev sets' F1s (with ``groups``, each
    item's data set), so a small set counts as much as a large one,
    averaged over ``resamples`` bootstrap resamples of each set: F1 on a
    hundred items jumps by an item at a time, and the raw maximum picks a
    lone spike as readily as a plateau (see docs/algorithms/screening.md).
    With ``resamples=0`` the raw objective decides. Only offsets that keep
    the customer-care messages (all negatives) flagged at most
    ``max_alarm_rate`` are eligible, each set of them (``alarm_groups``)
    held to its own limit when the limit is a mapping; ties go to the
    larger offset (fewer flags).
    """
    import numpy as np

    sets = sorted(set(groups)) if groups else [""]
    members = [
        np.array([i for i in range(len(labels)) if not groups or groups[i] == name], dtype=np.intp)
        for name in sets
    ]
    candidates = sorted({round(x, 3) for x in logits} | {0.0})
    flags = _flagged(candidates, logits, evidence)
    alarm_flags = _flagged(candidates, alarm_logits, alarm_evidence)
    kinds = list(alarm_groups) if alarm_groups is not None else [""] * len(alarm_logits)
    limits = (
        dict(max_alarm_rate)
        if isinstance(max_alarm_rate, Mapping)
        else dict.fromkeys(kinds, max_alarm_rate)
    )
    allowed = np.ones(len(candidates), dtype=bool)
    rates = np.zeros(len(candidates))
    for kind in sorted(set(kinds)):
        rate = alarm_flags[:, [i for i, k in enumerate(kinds) if k == kind]].mean(axis=1)
        allowed &= rate <= limits[kind]
        rates = np.maximum(rates, rate)
    y = np.array(labels, dtype=bool)
    raw = np.zeros((len(sets), len(candidates)))
    smooth = np.zeros((len(sets), len(candidates)))
    rng = np.random.default_rng(SEED)
    for k, m in enumerate(members):
        hit = (flags[:, m] & y[m]).astype(float)  # candidates x members
        false = (flags[:, m] & ~y[m]).astype(float)
        miss = (~flags[:, m] & y[m]).astype(float)
        raw[k] = _f1_counts(hit.sum(1), false.sum(1), miss.sum(1))
        if resamples:
            # How often each member is drawn in each resample of its set.
            counts = np.stack(
                [
                    np.bincount(rng.integers(0, len(m), len(m)), minlength=len(m))
                    for _ in range(resamples)
                ]
            ).astype(float)
            smooth[k] = _f1_counts(counts @ hit.T, counts @ false.T, counts @ miss.T).mean(0)
    raw_score = raw.mean(0)
    score = smooth.mean(0) if resamples else raw_score
    eligible = [j for j in range(len(candidates)) if allowed[j]]
    if not eligible:
        return Choice(max(candidates), 0.0, 0.0, 1.0, {})
    best = max(eligible, key=lambda j: (score[j], candidates[j]))
    return Choice(
        offset=candidates[best],
        score=float(score[best]),
        raw_score=float(raw_score[best]),
        alarm_rate=float(rates[best]),
        by_set={name: float(raw[k, best]) for k, name in enumerate(sets)},
    )


def _flagged(
    offsets: Sequence[float], logits: Sequence[float], evidence: Sequence[Evidence]
) -> Any:
    """offsets x texts: whether the whole screen flags each text at each offset."""
    import numpy as np

    return np.array(
        [
            [
                combine(e.signals, sigmoid(x - offset), e.carve_outs) >= 0.5
                for x, e in zip(logits, evidence, strict=True)
            ]
            for offset in offsets
        ],
        dtype=bool,
    ).reshape(len(offsets), len(logits))


def _f1_counts(hit: Any, false: Any, miss: Any) -> Any:
    """F1 from (arrays of) counts; 0 where nothing was flagged or positive."""
    import numpy as np

    denominator = 2 * hit + false + miss
    return np.divide(2 * hit, denominator, out=np.zeros_like(denominator), where=denominator > 0)


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, x))))


def train_language(
    recipe: Recipe,
    data: dict[str, list[Item]],
    norm: Callable[[str], str],
    out: Path,
    resamples: int = RESAMPLES,
) -> dict[str, Any]:
    train = [i for name in recipe.weights for i in data[name] if i.split == "train"]
    dev = [i for name in recipe.dev_sets for i in data[name] if i.split == "dev"]
    alarm_set = [
        i
        for name in recipe.alarm_sets
        for i in data[name]
        if i.split == "dev" or (i.split == "train" and name not in recipe.weights)
    ]
    train_texts = [norm(i.text) for i in train]
    dev_texts = [norm(i.text) for i in dev]
    alarm_texts = [norm(i.text) for i in alarm_set]
    dev_y = [i.label for i in dev]
    dev_evidence = rule_evidence(dev)
    alarm_evidence = rule_evidence(alarm_set)
    trials: list[dict[str, Any]] = []
    for c in recipe.grid:
        model = fit(train, train_texts, recipe, c)
        logits = [model.logit(text) for text in dev_texts]
        alarm_logits = [model.logit(text) for text in alarm_texts]
        choice = choose_offset(
            logits,
            dev_y,
            dev_evidence,
            alarm_logits=alarm_logits,
            alarm_evidence=alarm_evidence,
            max_alarm_rate=recipe.alarm_sets,
            alarm_groups=[i.dataset for i in alarm_set],
            groups=[i.dataset for i in dev],
            resamples=resamples,
        )
        alone = confusion(dev_y, [x >= choice.offset for x in logits]).f1
        trials.append(
            {
                "C": c,
                "offset": choice.offset,
                "dev_objective": round(choice.score, 4),
                "dev_f1_screen": round(choice.raw_score, 4),
                "dev_f1_screen_by_set": {k: round(v, 4) for k, v in choice.by_set.items()},
                "dev_f1_model_alone": round(alone, 4),
                "dev_alarm_rate": round(choice.alarm_rate, 4),
            }
        )
        print(
            f"  {recipe.lang} C={c}: dev objective {choice.score:.3f}, F1 {choice.raw_score:.3f} "
            f"({', '.join(f'{k} {v:.3f}' for k, v in choice.by_set.items())}; "
            f"model alone {alone:.3f}), offset {choice.offset:.3f}, "
            f"dev alarms {choice.alarm_rate:.2%}"
        )
    chosen = max(trials, key=lambda t: (t["dev_objective"], -t["C"]))
    final_items = [i for name in recipe.weights for i in data[name] if i.split in {"train", "dev"}]
    final = fit(final_items, [norm(i.text) for i in final_items], recipe, chosen["C"])
    bias = final.bias - chosen["offset"]
    blob = dump_table(final.chars, final.words)
    name = f"{recipe.lang}.bin.gz"
    (out / name).write_bytes(blob)
    sizes: dict[str, dict[str, int]] = {}
    for item in final_items:
        entry = sizes.setdefault(item.dataset, {"train": 0, "dev": 0})
        entry[item.split] += 1
    head_info: dict[str, Any] = {}
    fitted = fit_head(final_items, norm, recipe)
    if fitted is not None:
        head, n_texts = fitted
        head_name = f"{recipe.lang}.behaviors.json.gz"
        head_blob = dump_head(head)
        (out / head_name).write_bytes(head_blob)
        head_info = {
            "behaviors": head_name,
            "behavior_head": {
                "texts": n_texts,
                "behaviors": list(head.behaviors),
                "n_grams": len(head.chars) + len(head.words),
                "bytes": len(head_blob),
            },
        }
    return {
        "weights": name,
        "chars": len(final.chars),
        "words": len(final.words),
        "bias": bias,
        "features": {
            "char_min": recipe.spec.char_min,
            "char_max": recipe.spec.char_max,
            "words": recipe.spec.words,
        },
        "min_df": recipe.min_df,
        "prune": PRUNE,
        "dataset_weights": recipe.weights,
        "C": chosen["C"],
        "logit_offset": chosen["offset"],
        "dev_sets": list(recipe.dev_sets),
        "dev_resamples": resamples,
        "alarm_sets": recipe.alarm_sets,
        "dev_trials": trials,
        "trained_on": sizes,
        "bytes": len(blob),
        **head_info,
    }


def limited(items: Sequence[Item], limit: int) -> list[Item]:
    """The first ``limit`` items of each split, keeping both classes where present."""
    kept: list[Item] = []
    for split in ("train", "dev", "test"):
        pool = [i for i in items if i.split == split]
        positives = [i for i in pool if i.label][: max(1, limit // 2)]
        negatives = [i for i in pool if not i.label][: limit - len(positives)]
        kept += positives + negatives
    return kept


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=default_shared())
    parser.add_argument("--out", type=Path, default=OUT, help="where the artefact is written")
    parser.add_argument(
        "--limit", type=int, default=None, help="items per data set and split (smoke runs)"
    )
    parser.add_argument(
        "--resamples",
        type=int,
        default=RESAMPLES,
        help="bootstrap resamples behind the choice of C and offset (0: the raw dev F1)",
    )
    args = parser.parse_args(argv)
    if importlib.util.find_spec("sklearn") is None or importlib.util.find_spec("scipy") is None:
        print(
            "train_screen_model: scikit-learn is needed to train (scripts/setup.sh bench)",
            file=sys.stderr,
        )
        return 2
    try:
        data = load_all(args.shared)
    except SharedDataMissing as exc:
        print(f"train_screen_model: {exc}", file=sys.stderr)
        return 2
    norm_name, norm = normaliser()
    if args.limit:
        data = {name: limited(items, args.limit) for name, items in data.items()}
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    languages = {}
    for recipe in RECIPES:
        print(f"training {recipe.lang} ...")
        languages[recipe.lang] = train_language(recipe, data, norm, out, args.resamples)
    meta = {
        "format": FORMAT,
        "kind": "character n-gram logistic regression, exact pruned vocabulary",
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "normaliser": norm_name,
        "fallback": "en",
        "splits": "crc32('<family>:<key>') % 100: <60 train, <80 dev, else test; "
        "RTP-LX family 'rtplx' keyed by Index for both languages; "
        "IBM keyed by conversation sessionID; the test split is never used in training",
        "licences": {
            "rtplx_ja": "MIT + Apache-2.0 (RTP-LX, RealToxicityPrompts)",
            "rtplx_en": "MIT + Apache-2.0 (RTP-LX, RealToxicityPrompts)",
            "inspection_ai_ja": "Apache-2.0",
            "davidson": "MIT",
            "ibm_custcare": "Apache-2.0",
            "neutral_ja": "written for this project (bench/screen_data.py)",
            "neutral_ja_short": "written for this project (bench/screen_data.py)",
            "cs_ja": "written for this project (bench/training/)",
            "cs_en": "written for this project (bench/training/)",
        },
        "languages": languages,
    }
    (out / "model.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    written = {
        name for info in languages.values() for name in (info["weights"], info.get("behaviors"))
    }
    for stale in out.glob("*.gz"):
        # Weight files of an earlier run or format would ship unread otherwise.
        if stale.name not in written:
            stale.unlink()
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
