"""Incidents in Japanese and English, judged end to end with the real screener.

Every behavior, offense, carve-out and verdict appears at least once (checked
by the coverage tests at the bottom). A row the screening core cannot yet
read is marked xfail(strict) with the phrase it misses, so it turns into a
failure, and gets noticed, the day screening learns it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from kasudesk.judgment import assess
from kasudesk.judgment.knowledge import knowledge

NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Case:
    id: str
    narrative: str
    verdict: str
    behaviors: frozenset[str] = frozenset()
    offenses: frozenset[str] = frozenset()
    facts: dict[str, Any] = field(default_factory=dict)
    channel: str | None = None
    severity: str | None = None
    carve_outs: frozenset[str] = frozenset()
    misses: str | None = None  # the phrase screening does not catch yet


def case(
    id: str, narrative: str, verdict: str, behaviors: str = "", offenses: str = "", **kw: Any
) -> Case:
    return Case(
        id, narrative, verdict, frozenset(behaviors.split()), frozenset(offenses.split()), **kw
    )


H, L, N = "harassment", "legitimate_complaint", "needs_fact_finding"
CASES = [
    # Manner behaviors, Japanese.
    case(
        "ja-hit",
        "レジで対応中、お客様に殴られ、壁に押し付けられた。",
        H,
        "physical_attack",
        "penal_208",
        channel="in_person",
        severity="high",
    ),
    case(
        "ja-injury",
        "胸ぐらをつかまれて突き飛ばされ、担当者が腕をけがした。",
        H,
        "physical_attack",
        "penal_204",
        facts={"injury": True},
        severity="critical",
    ),
    case(
        "ja-kill",
        "お客様から「ぶっ殺すぞ」と言われた。",
        H,
        "threat",
        "penal_222",
        severity="critical",
    ),
    case(
        "ja-arson",
        "「店に火をつけてやる」と言われ、店内の業務が止まった。",
        H,
        "threat",
        "penal_234",
        facts={"business_disrupted": True},
    ),
    case(
        "ja-abuse",
        "「バカ野郎、役立たず」と他のお客様の前で怒鳴られた。",
        H,
        "verbal_abuse intimidation",
        "penal_231",
        facts={"others_present": True},
    ),
    case(
        "ja-shout",
        "カウンターを何度もたたいて大声で怒鳴った。",
        H,
        "intimidation",
        channel="in_person",
    ),
    case(
        "ja-dogeza",
        "「土下座して謝れ、殺すぞ」と要求された。",
        H,
        "kneeling_demand threat",
        "penal_223 penal_222",
        severity="critical",
    ),
    case(
        "ja-repeat",
        "「毎日電話してやるからな」と言われ、実際に連日電話が続いた。",
        H,
        "persistent_contact",
        facts={"contacts": {"count": 14, "days": 7}},
        channel="phone",
    ),
    case(
        "ja-silent",
        "無言電話が1日に50件あり、回線がふさがった。",
        H,
        "persistent_contact",
        "penal_233",
        facts={"contacts": {"count": 50, "days": 1}, "business_disrupted": True},
        channel="phone",
    ),
    case(
        "ja-hold",
        "3時間にわたって電話を切らせてもらえなかった。",
        H,
        "prolonged_detention",
        channel="phone",
    ),
    case(
        "ja-stay",
        "帰ってくださいとお願いしたが居座り続けた。",
        H,
        "refusal_to_leave",
        "penal_130",
        facts={"asked_to_leave": True, "left_after_request": False},
        channel="in_person",
    ),
    case(
        "ja-confine",
        "出口の前に立ちふさがり、担当者を事務所から出られないようにした。",
        H,
        "refusal_to_leave",
        "penal_220",
        facts={"staff_confined": True},
        severity="critical",
    ),
    case(
        "ja-foreigner",
        "「外国人は日本語もできないのか」と言われた。",
        H,
        "discrimination",
        severity="high",
    ),
    case(
        "ja-sexual",
        "「胸が大きいね」と言いながら体を触ってきた。",
        H,
        "sexual_conduct",
        "penal_176",
        facts={"physical_contact": True},
        severity="critical",
    ),
    case("ja-dismiss", "「あの店員をクビにしろ」と要求された。", H, "personal_attack"),
    case(
        "ja-expose",
        "「お前の名前と顔をネットにさらしてやる」と言われ、実際にSNSに投稿された。",
        H,
        "online_defamation",
        "penal_230",
        facts={"posted_online": True, "employee_identified_online": True},
    ),
    case(
        "ja-president",
        "「社長と知り合いだ、お前の会社なんかつぶせる」と言われた。",
        H,
        "authority_pressure",
    ),
    case(
        "ja-home",
        "「自宅まで謝りに来い」と言われた。",
        H,
        "off_site_summons",
        facts={"claim_validity": "valid"},
    ),
    case(
        "ja-extortion",
        "「誠意を見せろ、店に火をつけるぞ」と金銭を要求された。",
        H,
        "monetary_compensation threat",
        "penal_249",
    ),
    case(
        "ja-damage",
        "怒って棚を蹴り、商品のガラス瓶が割れた。",
        H,
        "intimidation",
        "penal_261",
        facts={"property_damage": True},
    ),
    case(
        "ja-valid-abuse",
        "不良品を売ったのは事実だが、「ふざけるな、バカ」と怒鳴られた。",
        H,
        "verbal_abuse",
        facts={"claim_validity": "valid"},
    ),
    case(
        "ja-veiled",
        "「家は知っているからな」と言われた。",
        H,
        "threat",
    ),
    # Demand behaviors, Japanese.
    case(
        "ja-refund-invalid",
        "不具合のない商品について「返金しろ」と繰り返し言われた。",
        H,
        "refund_or_exchange",
        facts={"claim_validity": "invalid"},
        severity="low",
    ),
    case(
        "ja-refund-valid",
        "壊れていた商品について「返金しろ」と言われた。",
        L,
        "refund_or_exchange",
        facts={"claim_validity": "valid"},
        severity="none",
    ),
    case(
        "ja-refund-unknown",
        "「返金しろ」と言われた。レシートの確認はこれから。",
        N,
        "refund_or_exchange",
    ),
    case("ja-money", "「慰謝料として10万円払え」と言われた。", N, "monetary_compensation"),
    case(
        "ja-triple",
        "「3倍にして返金しろ」と言われた。",
        H,
        "excessive_demand",
        facts={"claim_validity": "valid"},
    ),
    case("ja-unrelated", "「ついでに家の電球も替えてくれ」と言われた。", H, "unrelated_demand"),
    case(
        "ja-garden",
        "「うちの庭の草むしりもしろ」と言われた。",
        H,
        "unrelated_demand",
    ),
    # Carve-outs and legitimate complaints, Japanese.
    case(
        "ja-consumer-centre",
        "対応に納得できないので「消費者センターに相談します」と言われた。",
        L,
        facts={"claim_validity": "valid"},
        carve_outs=frozenset({"lawful_remedy"}),
    ),
    case(
        "ja-sue",
        "「訴えます」と言われた。配送の遅れは当社の落ち度だった。",
        L,
        facts={"claim_validity": "valid"},
        carve_outs=frozenset({"lawful_remedy"}),
    ),
    case(
        "ja-accommodation",
        "「車椅子なので、入口のスロープを用意してほしい」と依頼された。",
        L,
        carve_outs=frozenset({"accommodation_request"}),
    ),
    case(
        "ja-firm",
        "商品が壊れていたので交換してほしい、とはっきりした口調で言われた。",
        L,
        "refund_or_exchange",
        facts={"claim_validity": "valid"},
    ),
    case("ja-unverified", "請求額が違うとのお問い合わせがあり、現在確認中。", N),
    case(
        "ja-invalid-civil",
        "料金の説明を求められ、誤りがないことをご説明した。",
        L,
        facts={"claim_validity": "invalid"},
    ),
    # English.
    case(
        "en-hit",
        "He punched the clerk and pushed her against the wall.",
        H,
        "physical_attack",
        "penal_208",
        channel="in_person",
    ),
    case(
        "en-kill",
        'He said "I\'ll kill you" to the cashier.',
        H,
        "threat",
        "penal_222",
        severity="critical",
    ),
    case(
        "en-abuse",
        "He called her a useless idiot and a moron in front of other customers.",
        H,
        "verbal_abuse",
        "penal_231",
        facts={"others_present": True},
    ),
    case("en-shout", "He slammed the counter and screamed at the staff.", H, "intimidation"),
    case(
        "en-knees",
        'He shouted "Get down on your knees and apologise!"',
        H,
        "kneeling_demand intimidation",
    ),
    case(
        "en-repeat",
        'He said "I\'ll call every day until you give in."',
        H,
        "persistent_contact",
        "penal_233",
        channel="phone",
    ),
    case(
        "en-hold",
        "He kept me on the phone for three hours and would not let me hang up.",
        H,
        "prolonged_detention",
        channel="phone",
    ),
    case(
        "en-stay",
        "We asked him to leave but he refused to leave and stayed for an hour.",
        H,
        "refusal_to_leave",
        "penal_130",
        facts={"asked_to_leave": True, "left_after_request": False},
    ),
    case(
        "en-banned",
        "The man we banned last month came back into the store today.",
        H,
        "refusal_to_leave",
        "penal_130",
        facts={"previously_banned": True},
        channel="in_person",
    ),
    case("en-origin", 'He said "go back to your own country".', H, "discrimination"),
    case(
        "en-sexual", 'He said "nice legs, give me your number" to the clerk.', H, "sexual_conduct"
    ),
    case(
        "en-fire", 'He said "Fire that clerk or I\'ll never shop here again."', H, "personal_attack"
    ),
    case("en-expose", 'He said "I\'ll post your name and photo online."', H, "online_defamation"),
    case(
        "en-ceo",
        'He said "I know the CEO personally, I\'ll have you all fired".',
        H,
        "authority_pressure",
    ),
    case("en-house", 'He said "Come over to my flat and apologise."', H, "off_site_summons"),
    case(
        "en-arson",
        "He said he would burn the store down, and we closed the shop for an hour.",
        H,
        "threat",
        "penal_234",
        facts={"business_disrupted": True},
    ),
    case("en-where", 'He said "I know where you live".', H, "threat", "penal_222"),
    case(
        "en-sincerity",
        "He said \"You'd better show some sincerity, if you catch my drift, or I'll kill you.\"",
        H,
        "monetary_compensation threat",
        "penal_249",
    ),
    case("en-excessive", "He demanded ten times the price as compensation.", H, "excessive_demand"),
    case(
        "en-ride",
        'He told the driver "drive me home" after the bus was late.',
        H,
        "unrelated_demand",
    ),
    case(
        "en-refund-invalid",
        'He said "I want a refund." The item had no defect.',
        H,
        "refund_or_exchange",
        facts={"claim_validity": "invalid"},
    ),
    case(
        "en-refund-valid",
        'She said "I want a refund." We had charged her twice.',
        L,
        "refund_or_exchange",
        facts={"claim_validity": "valid"},
    ),
    case(
        "en-apology-valid",
        'He said "I want an apology." Our courier had damaged his parcel.',
        L,
        "apology_demand",
        facts={"claim_validity": "valid"},
    ),
    case(
        "en-apology-invalid",
        'He said "Apologise to me now." The staff had done nothing wrong.',
        H,
        "apology_demand",
        facts={"claim_validity": "invalid"},
    ),
    case(
        "en-legal",
        'He said "I\'ll take legal action" if the overcharge was not refunded.',
        L,
        facts={"claim_validity": "valid"},
        carve_outs=frozenset({"lawful_remedy"}),
    ),
    case(
        "en-deaf",
        "I'm deaf, could you please write it down for me?",
        L,
        carve_outs=frozenset({"accommodation_request"}),
    ),
    case(
        "en-profanity",
        "This app crashes all the damn time.",
        N,
        carve_outs=frozenset({"product_profanity"}),
    ),
    case(
        "en-third-party",
        "Someone in ranked chat told me to 'go die' and spammed slurs at me. Please ban them.",
        N,
        carve_outs=frozenset({"third_party"}),
    ),
    case(
        "ja-third-party",
        "後ろの席の男性に「殺すぞ」と言われて怖かったです。運転手さんに伝えました。",
        N,
        carve_outs=frozenset({"third_party"}),
    ),
    case(
        "en-unverified",
        "A customer says the delivery never arrived; we are checking with the courier.",
        N,
    ),
    case(
        "en-calls-reported",
        "He has called 40 times this week about the same order.",
        H,
        "persistent_contact",
        channel="phone",
    ),
    case(
        "en-knees-reported",
        "He demanded that she get down on her knees and apologise.",
        H,
        "kneeling_demand",
    ),
    case(
        "en-fired-reported",
        "He demanded that the clerk be fired.",
        H,
        "personal_attack",
    ),
]


def _param(c: Case) -> Any:
    marks = (
        [pytest.mark.xfail(strict=True, reason=f"screening misses {c.misses!r}")]
        if c.misses
        else []
    )
    return pytest.param(c, id=c.id, marks=marks)


def judge(c: Case) -> dict[str, Any]:
    document: dict[str, Any] = {"id": c.id, "narrative": c.narrative, "facts": c.facts}
    if c.channel:
        document["channel"] = c.channel
    return assess(document, now=NOW)


@pytest.mark.parametrize("c", [_param(c) for c in CASES])
def test_it_judges_the_incident(c: Case) -> None:
    result = judge(c)
    found = {b["id"] for b in result["behaviors"]}
    assert result["verdict"] == c.verdict, result["explanation"]["en"]
    assert c.behaviors <= found
    assert c.offenses <= {o["id"] for o in result["offenses"]}
    if c.severity is not None:
        assert result["severity"] == c.severity
    assert c.carve_outs <= {co["kind"] for co in result["carve_outs"]}
    if c.verdict != "harassment":
        manner = {b for b in found if knowledge().behaviors[b].axis == "manner"}
        assert manner == set()
    assert result["lang"] == ("ja" if c.id.startswith("ja") else "en")
    ja, en = result["explanation"]["ja"], result["explanation"]["en"]
    assert ja.endswith("。") and en.endswith(".")
    assert not any(mark in ja for mark in ("（（", "））", "。。", "、。"))
    assert "((" not in en and "))" not in en


def test_it_covers_every_behavior_offense_carve_out_and_verdict() -> None:
    kb = knowledge()
    counted = [c for c in CASES if c.misses is None]
    assert set(kb.behaviors) <= {b for c in counted for b in c.behaviors}
    assert {o.id for o in kb.offenses} <= {o for c in counted for o in c.offenses}
    assert {"lawful_remedy", "accommodation_request", "product_profanity", "third_party"} <= {
        k for c in counted for k in c.carve_outs
    }
    assert {c.verdict for c in counted} == {H, L, N}
    assert len(counted) >= 40
    assert (
        sum(c.id.startswith("en") for c in counted) >= 20
        and sum(c.id.startswith("ja") for c in counted) >= 20
    )


def test_it_does_not_name_222_for_a_threat_against_the_shop_alone() -> None:
    result = judge(CASES[3])
    assert "penal_222" not in {o["id"] for o in result["offenses"]}


def test_it_reads_naturally_in_japanese() -> None:
    result = judge(next(c for c in CASES if c.id == "ja-kill"))
    ja = result["explanation"]["ja"]
    assert "脅迫・威嚇（「ぶっ殺すぞ」）" in ja
    assert "カスタマーハラスメントに当たります" in ja
    assert "脅迫（刑法222条）に当たる可能性があります" in ja
    assert "（（" not in ja and "。。" not in ja


def test_it_says_why_a_third_party_report_is_not_harassment() -> None:
    result = judge(next(c for c in CASES if c.id == "ja-third-party"))
    assert "第三者の言動" in result["explanation"]["ja"]
    assert "someone else said or did" in result["explanation"]["en"]
