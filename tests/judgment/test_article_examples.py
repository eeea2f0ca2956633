"""Every example the source article names, judged as behaviors.md says.

Each example is given once as the reporter would write it and, where facts
can carry it, once as structured facts; both must yield the behavior named
and a harassment verdict.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from kasudesk.judgment import assess

NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)

# (example from the article, incident, behaviors it must show, verdict)
EXAMPLES: list[tuple[str, dict[str, Any], set[str], str]] = [
    (
        "refund demanded though the product has no defect",
        {
            "narrative": "検品の結果、不具合のない商品だったが「返金しろ」と言われた。",
            "facts": {"claim_validity": "invalid"},
        },
        {"refund_or_exchange"},
        "harassment",
    ),
    (
        "refund demanded though the product has no defect (facts)",
        {
            "narrative": "",
            "facts": {"claim_validity": "invalid", "demands": ["refund_or_exchange"]},
        },
        {"refund_or_exchange"},
        "harassment",
    ),
    (
        "demands unrelated to one's own services",
        {"narrative": "「ついでに家の電球も替えてくれ」と言われた。"},
        {"unrelated_demand"},
        "harassment",
    ),
    (
        "demands unrelated to one's own services (facts)",
        {"narrative": "", "facts": {"demands": ["unrelated_demand"]}},
        {"unrelated_demand"},
        "harassment",
    ),
    (
        "hit or pushed against a wall",
        {"narrative": "お客様に殴られ、壁に押し付けられた。"},
        {"physical_attack"},
        "harassment",
    ),
    (
        "hit or pushed against a wall (facts)",
        {"narrative": "", "facts": {"physical_contact": True}},
        {"physical_attack"},
        "harassment",
    ),
    (
        "threats or verbal abuse",
        {"narrative": "「ぶっ殺すぞ、この役立たず」と言われた。"},
        {"threat", "verbal_abuse"},
        "harassment",
    ),
    (
        "threats or verbal abuse (English)",
        {"narrative": 'He said "I\'ll kill you, you useless idiot".'},
        {"threat", "verbal_abuse"},
        "harassment",
    ),
    (
        "repeated phone calls",
        {"narrative": "「毎日電話してやるからな」と言われた。", "channel": "phone"},
        {"persistent_contact"},
        "harassment",
    ),
    (
        "repeated phone calls (as the reporter tells it)",
        {"narrative": "同じ件で何度も電話をしてくる。", "channel": "phone"},
        {"persistent_contact"},
        "harassment",
    ),
    (
        "repeated phone calls (facts)",
        {"narrative": "", "channel": "phone", "facts": {"contacts": {"count": 12, "days": 3}}},
        {"persistent_contact"},
        "harassment",
    ),
    (
        "forced to apologise on one's knees",
        {"narrative": "「土下座して謝れ」と要求された。"},
        {"kneeling_demand"},
        "harassment",
    ),
    (
        "forced to apologise on one's knees (facts)",
        {"narrative": "", "facts": {"demands": ["kneeling_demand"]}},
        {"kneeling_demand"},
        "harassment",
    ),
    (
        "refusing to leave when asked",
        {"narrative": "帰ってくださいとお願いしたが居座り続けた。"},
        {"refusal_to_leave"},
        "harassment",
    ),
    (
        "refusing to leave when asked (facts)",
        {
            "narrative": "",
            "channel": "in_person",
            "facts": {"asked_to_leave": True, "left_after_request": False},
        },
        {"refusal_to_leave"},
        "harassment",
    ),
    (
        "discriminatory behavior or language",
        {"narrative": "「外国人は日本語もできないのか」と言われた。"},
        {"discrimination"},
        "harassment",
    ),
    (
        "sexual remarks or behavior",
        {"narrative": "「胸が大きいね」と言われ、連絡先をしつこく聞かれた。"},
        {"sexual_conduct"},
        "harassment",
    ),
    (
        "complaints that are prolonged",
        {"narrative": "3時間にわたって電話を切らせてもらえなかった。", "channel": "phone"},
        {"prolonged_detention"},
        "harassment",
    ),
    (
        "complaints that are prolonged (facts)",
        {"narrative": "", "channel": "phone", "facts": {"duration_minutes": 180}},
        {"prolonged_detention"},
        "harassment",
    ),
    (
        "violent or intimidating behavior",
        {"narrative": "カウンターをたたいて大声で怒鳴り、店員を突き飛ばした。"},
        {"physical_attack", "intimidation"},
        "harassment",
    ),
    (
        "violent or intimidating behavior (facts)",
        {"narrative": "", "facts": {"physical_contact": True, "property_damage": True}},
        {"physical_attack", "intimidation"},
        "harassment",
    ),
    (
        "persistent and relentless behavior",
        {"narrative": 'He said "I\'ll call every day until you give in."', "channel": "phone"},
        {"persistent_contact"},
        "harassment",
    ),
    (
        "persistent and relentless behavior (facts)",
        {"narrative": "", "channel": "email", "facts": {"contacts": {"count": 40, "days": 14}}},
        {"persistent_contact"},
        "harassment",
    ),
]


@pytest.mark.parametrize(
    ("example", "incident", "behaviors", "verdict"), EXAMPLES, ids=[e[0] for e in EXAMPLES]
)
def test_it_judges_the_articles_example(
    example: str, incident: dict[str, Any], behaviors: set[str], verdict: str
) -> None:
    result: dict[str, Any] = assess(incident, now=NOW)
    assert behaviors <= {b["id"] for b in result["behaviors"]}, example
    assert result["verdict"] == verdict


# The article's counter-examples (behaviors.md, "What is not harassment").
NOT_HARASSMENT: list[tuple[str, dict[str, Any], str]] = [
    (
        "a firm tone about a real fault",
        {
            "narrative": "商品が壊れていたので交換してほしい、とはっきりした口調で言われた。",
            "facts": {"claim_validity": "valid"},
        },
        "legitimate_complaint",
    ),
    (
        "the consumer centre",
        {
            "narrative": "「消費者センターに相談します」と言われた。",
            "facts": {"claim_validity": "valid"},
        },
        "legitimate_complaint",
    ),
    (
        "legal action",
        {"narrative": 'He said "I\'ll take legal action".', "facts": {"claim_validity": "valid"}},
        "legitimate_complaint",
    ),
    (
        "a single follow-up",
        {
            "narrative": "先週の件がまだ解決していないとのことで、一度お電話があった。",
            "facts": {"contacts": {"count": 2, "days": 7}},
        },
        "needs_fact_finding",
    ),
    (
        "a calm refund of a real overcharge",
        {
            "narrative": "She asked calmly for a refund because she had been charged twice.",
            "facts": {"claim_validity": "valid", "demands": ["refund_or_exchange"]},
        },
        "legitimate_complaint",
    ),
]


@pytest.mark.parametrize(
    ("example", "incident", "verdict"), NOT_HARASSMENT, ids=[e[0] for e in NOT_HARASSMENT]
)
def test_it_does_not_flag_the_articles_legitimate_complaints(
    example: str, incident: dict[str, Any], verdict: str
) -> None:
    result: dict[str, Any] = assess(incident, now=NOW)
    assert result["verdict"] == verdict, example
    assert not {b["id"] for b in result["behaviors"]} & {"threat", "verbal_abuse"}
