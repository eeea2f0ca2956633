"""The labelled sets in ../shared/data, read the same way by training and benchmarks.

Splits are fixed by a hash of each item's stable key, never by file order or a
random seed: ``crc32("<family>:<key>") % 100`` below 60 is train, below 80 dev,
the rest test. RTP-LX English and Japanese are item-by-item translations, so
both use the family ``rtplx`` and the item ``Index`` as key: an item is in the
same split in both languages. IBM customer-care messages are split by
conversation, so one conversation never straddles two splits.

``neutral_ja`` and ``neutral_ja_short`` are not from ../shared: it is this project's own set of ordinary
Japanese customer-service messages (questions, firm complaints, lawful
remedies), composed from parts, used as hard negatives and to measure false
alarms in Japanese, where no real customer-care data is available.

``cs_ja`` and ``cs_en`` are not from ../shared either: customer-service texts
written for this project to train the learned layer (bench/training/), half
harassment of staff and half legitimate complaints and look-alikes, keyed by
their id. Their dev and test splits come from the same writers as their
train split, so their figures are optimistic; the probe sets of
bench/probes/ (other writers, never trained on) measure the screen instead.

``plain_ja`` and ``plain_en`` are harmless everyday language written for this
project (bench/plain/, 600 texts a language): questions, requests and notices
in every kind of business, with names, loanwords, numbers, dialects,
children's and elderly speech and words that only look rude. All negatives,
and not trained on: they measure false alarms on ordinary talk.

``complaints_ja`` is ordinary Japanese customer service written blind for
this project (bench/plain/complaints_ja.jsonl): legitimate complaints,
questions and demands, staff incident notes and call transcripts, often
upset, loud or blunt, never harassing. All negatives, and not trained on:
it is the Japanese counterpart of the IBM customer-care messages, which
keep the English cut honest. ``complaints_en`` is its English twin
(bench/plain/complaints_en.jsonl, written blind the same way: blunt
complaints, profanity about products, call transcripts and staff notes).
"""

from __future__ import annotations

import csv
import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.jsonl import numbered

REPO = Path(__file__).resolve().parents[1]
TRAINING = REPO / "bench" / "training"
PLAIN = REPO / "bench" / "plain"
SPLITS = ("train", "dev", "test")
DATASETS = (
    "rtplx_ja",
    "rtplx_en",
    "inspection_ai_ja",
    "davidson",
    "ibm_custcare",
    "neutral_ja",
    "neutral_ja_short",
    "cs_ja",
    "cs_en",
    "plain_ja",
    "plain_en",
    "complaints_ja",
    "complaints_en",
)
# RTP-LX category proxies for project behaviors (the data README's suggestion).
RTPLX_BEHAVIORS = {
    "threat": "Violence",
    "verbal_abuse": "Insult",
    "discrimination": "IdentityAttack",
    "sexual_conduct": "SexualContent",
}

# Hard negatives written for this project: ordinary Japanese customer-service
# messages, including firm complaints and lawful remedies (behaviors.md: not
# harassment). Built from parts so no single sentence is learned by heart.
NEUTRAL_JA_SUBJECTS = (
    "注文した商品",
    "昨日届いた荷物",
    "先月の請求書",
    "御社のアプリ",
    "来週の予約",
    "購入した冷蔵庫",
    "インターネット回線",
    "ポイントの残高",
    "定期便の配送",
    "会員登録の手続き",
    "修理に出したパソコン",
    "ホテルの部屋",
)
NEUTRAL_JA_PROBLEMS = (
    "がまだ届いていません。",
    "が壊れていました。",
    "の金額が間違っているようです。",
    "が昨日から動きません。",
    "について二重に引き落とされています。",
    "の内容が説明と違います。",
    "について、何度問い合わせても返事がありません。",
    "の件で、対応がとても遅くて困っています。",
    "がいつになるのか教えてください。",
    "のことで質問があります。",
)
NEUTRAL_JA_REQUESTS = (
    "交換をお願いできますか。",
    "返金していただけますか。",
    "至急確認してください。",
    "どうなっているのか説明してください。",
    "納得できないので、消費生活センターに相談します。",
    "このままなら弁護士に相談するつもりです。",
    "正直かなり不満です。改善をお願いします。",
    "担当の方から折り返し電話をください。",
    "よろしくお願いいたします。",
    "今週中に対応してもらえると助かります。",
    "本当に困っているので、早めにお願いします。",
    "キャンセルの手続きを教えてください。",
)

# Short stand-alone utterances a desk hears every day, so "no toxic words" in a
# short text reads as ordinary rather than unknown.
NEUTRAL_JA_SHORT = (
    "すみません、ちょっとお聞きしたいのですが。",
    "営業時間は何時までですか。",
    "駐車場はありますか。",
    "この商品の在庫はありますか。",
    "予約の時間を変更できますか。",
    "領収書をいただけますか。",
    "カードで支払えますか。",
    "配送料はいくらですか。",
    "返品の方法を教えてください。",
    "注文番号はこちらです。",
    "電話がなかなかつながらなかったです。",
    "待ち時間が長すぎます。",
    "説明が分かりにくいです。",
    "前にも同じことを聞きました。",
    "担当者の名前を教えてもらえますか。",
    "上の方と相談してから連絡をください。",
    "それでは困ります。",
    "納得できません。",
    "どういうことですか。",
    "話が違うじゃないですか。",
    "もう一度確認してもらえますか。",
    "分かりました、ありがとうございます。",
    "助かりました。",
    "また電話します。",
    "メールで送ってください。",
    "書類は郵送でお願いします。",
    "保証期間はいつまでですか。",
    "修理にはどれくらいかかりますか。",
    "パスワードを忘れてしまいました。",
    "ログインできません。",
    "画面がずっと固まったままです。",
    "請求額がおかしいと思います。",
    "解約したいです。",
    "契約内容を確認したいです。",
    "子どもが一緒でも大丈夫ですか。",
    "席を窓側に変えてもらえますか。",
    "料理がまだ来ていません。",
    "注文と違うものが来ました。",
    "温め直してもらえますか。",
    "袋は要りません。",
    "ポイントカードを持っていません。",
    "昨日も来たのですが、また壊れました。",
    "ちゃんと対応してほしいです。",
    "正直がっかりしました。",
    "今回は本当に残念です。",
    "次は気をつけてくださいね。",
    "急いでいるので早くしてください。",
    "店長さんはいらっしゃいますか。",
    "お忙しいところすみません。",
    "よろしくお願いします。",
)


class SharedDataMissing(Exception):
    """../shared/data is not where the caller said it is."""


@dataclass(frozen=True)
class Item:
    dataset: str
    key: str
    lang: str
    text: str
    label: bool
    split: str
    behaviors: dict[str, bool] = field(default_factory=dict)


def split_of(family: str, key: str) -> str:
    bucket = zlib.crc32(f"{family}:{key}".encode()) % 100
    if bucket < 60:
        return "train"
    if bucket < 80:
        return "dev"
    return "test"


def default_shared() -> Path:
    return Path(os.environ.get("KASUDESK_SHARED_DIR", REPO / ".." / "shared"))


def data_dir(shared: Path) -> Path:
    folder = shared / "data"
    if not (folder / "README.md").is_file():
        raise SharedDataMissing(
            f"no labelled data at {folder}; pass --shared or set KASUDESK_SHARED_DIR"
        )
    return folder


def _rtplx(folder: Path, lang: str) -> Iterator[Item]:
    path = folder / "rtplx_dev" / f"RTP_LX_{lang.upper()}.dev.jsonl"
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            notes = row["Annotations"]
            key = str(row["Index"])
            yield Item(
                dataset=f"rtplx_{lang}",
                key=key,
                lang=lang,
                text=row["Prompt"] + row.get("Completion", ""),
                label=notes["Toxicity"] >= 3,
                split=split_of("rtplx", key),
                behaviors={b: notes[c] >= 2 for b, c in RTPLX_BEHAVIORS.items()},
            )


def _inspection(folder: Path) -> Iterator[Item]:
    with (folder / "inspection_ai_ja" / "subset.csv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            toxic = int(row["Toxic"]) + int(row["Very Toxic"])
            yield Item(
                dataset="inspection_ai_ja",
                key=row["id"],
                lang="ja",
                text=row["text"],
                label=2 * toxic > int(row["annotation_num"]),
                split=split_of("inspection_ai_ja", row["id"]),
            )


def _davidson(folder: Path) -> Iterator[Item]:
    with (folder / "davidson" / "labeled_data.csv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            key = row[""]
            yield Item(
                dataset="davidson",
                key=key,
                lang="en",
                text=row["tweet"],
                label=row["class"] in {"0", "1"},
                split=split_of("davidson", key),
            )


def _ibm(folder: Path) -> Iterator[Item]:
    conversations = json.loads((folder / "ibm_custcare_dev" / "dev.json").read_text("utf-8"))
    for conversation in conversations:
        session = conversation["dialogHeader"]["sessionID"]
        split = split_of("ibm_custcare", session)
        for turn, message in enumerate(conversation["dialogContent"]):
            if "agent" in message:
                continue
            yield Item(
                dataset="ibm_custcare",
                key=f"{session}:{turn}",
                lang="en",
                text=message["message"],
                label=False,
                split=split,
            )


def _neutral_ja() -> Iterator[Item]:
    for i, subject in enumerate(NEUTRAL_JA_SUBJECTS):
        for j, problem in enumerate(NEUTRAL_JA_PROBLEMS):
            for k, request in enumerate(NEUTRAL_JA_REQUESTS):
                key = f"{i}-{j}-{k}"
                yield Item(
                    dataset="neutral_ja",
                    key=key,
                    lang="ja",
                    text=subject + problem + request,
                    label=False,
                    split=split_of("neutral_ja", key),
                )


def _neutral_ja_short() -> Iterator[Item]:
    for n, text in enumerate(NEUTRAL_JA_SHORT):
        key = str(n)
        yield Item(
            dataset="neutral_ja_short",
            key=key,
            lang="ja",
            text=text,
            label=False,
            split=split_of("neutral_ja_short", key),
        )


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    """The objects of a JSON Lines file this project wrote, blank lines skipped."""
    for _, row in numbered(path, ValueError):
        yield row


def _customer_service(lang: str) -> Iterator[Item]:
    for row in _rows(TRAINING / f"cs_{lang}.jsonl"):
        yield Item(
            dataset=f"cs_{lang}",
            key=row["id"],
            lang=lang,
            text=row["text"],
            label=row["label"] == 1,
            split=split_of("cs", row["id"]),
            behaviors={row["behavior"]: True} if row["label"] == 1 else {},
        )


def _negatives(path: Path, dataset: str, family: str, lang: str) -> Iterator[Item]:
    """A set of this project's that holds negatives only, split by id."""
    for row in _rows(path):
        yield Item(
            dataset=dataset,
            key=row["id"],
            lang=lang,
            text=row["text"],
            label=False,
            split=split_of(family, row["id"]),
        )


def load(shared: Path, dataset: str) -> list[Item]:
    folder = data_dir(shared)
    if dataset in {"cs_ja", "cs_en"}:
        return list(_customer_service(dataset.removeprefix("cs_")))
    if dataset in {"plain_ja", "plain_en"}:
        lang = dataset.removeprefix("plain_")
        return list(_negatives(PLAIN / f"plain_{lang}.jsonl", dataset, "plain", lang))
    if dataset in {"complaints_ja", "complaints_en"}:
        lang = dataset.removeprefix("complaints_")
        return list(_negatives(PLAIN / f"{dataset}.jsonl", dataset, "complaints", lang))
    if dataset == "neutral_ja":
        return list(_neutral_ja())
    if dataset == "neutral_ja_short":
        return list(_neutral_ja_short())
    if dataset in {"rtplx_ja", "rtplx_en"}:
        return list(_rtplx(folder, dataset.removeprefix("rtplx_")))
    if dataset == "inspection_ai_ja":
        return list(_inspection(folder))
    if dataset == "davidson":
        return list(_davidson(folder))
    if dataset == "ibm_custcare":
        return list(_ibm(folder))
    raise ValueError(f"unknown dataset {dataset!r}")


def load_all(shared: Path) -> dict[str, list[Item]]:
    return {name: load(shared, name) for name in DATASETS}
