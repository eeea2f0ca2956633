"""A stand-in for the screening core: finds fixed phrases, nothing else.

Verdict logic is tested with it so that a test names exactly which signals
the text carries; the real screener is exercised by the text tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FakeSignal:
    behavior: str
    start: int
    end: int
    text: str
    score: float
    source: str
    rule: str


@dataclass(frozen=True)
class FakeCarveOut:
    kind: str
    start: int
    end: int
    text: str
    rule: str


@dataclass(frozen=True)
class FakeScreen:
    lang: str
    score: float
    signals: list[FakeSignal] = field(default_factory=list)
    carve_outs: list[FakeCarveOut] = field(default_factory=list)


# phrase -> (behavior or carve-out kind, rule id, score)
PHRASES: Mapping[str, tuple[str, str, float]] = {
    "殺すぞ": ("threat", "threat.kill", 0.97),
    "I'll kill you": ("threat", "threat.kill", 0.97),
    "ネットにさらす": ("threat", "threat.expose", 0.9),
    "バカ": ("verbal_abuse", "abuse.baka", 0.9),
    "idiot": ("verbal_abuse", "abuse.idiot", 0.9),
    "土下座しろ": ("kneeling_demand", "kneel.dogeza", 0.95),
    "返金しろ": ("refund_or_exchange", "demand.refund", 0.6),
    "refund me": ("refund_or_exchange", "demand.refund", 0.6),
    "誠意を見せろ": ("monetary_compensation", "demand.sincerity", 0.7),
    "無言電話": ("persistent_contact", "persistent.silent_call", 0.8),
    "社長を知っている": ("authority_pressure", "authority.president", 0.7),
    "消費者センターに相談します": ("lawful_remedy", "carve.consumer_centre", 1.0),
    "I'll take legal action": ("lawful_remedy", "carve.legal_action", 1.0),
    "車椅子で入れるようにしてほしい": ("accommodation_request", "carve.accommodation", 1.0),
    "弱い脅し": ("threat", "threat.weak", 0.2),
    # Overlapping on purpose: the threat rule fires inside a lawful remedy.
    "裁判で訴える": ("lawful_remedy", "carve.court", 1.0),
    "訴える": ("threat", "threat.sue", 0.8),
}
CARVE_OUT_KINDS = {
    "lawful_remedy",
    "accommodation_request",
    "staff_apology",
    "quoted_policy",
    "self_directed",
    "product_profanity",
    "third_party",
}


def fake_screener(text: str, lang: str | None) -> FakeScreen:
    signals: list[FakeSignal] = []
    carve_outs: list[FakeCarveOut] = []
    for phrase, (kind, rule, score) in PHRASES.items():
        start = text.find(phrase)
        while start != -1:
            end = start + len(phrase)
            if kind in CARVE_OUT_KINDS:
                carve_outs.append(FakeCarveOut(kind, start, end, phrase, rule))
            else:
                signals.append(FakeSignal(kind, start, end, phrase, score, "lexicon", rule))
            start = text.find(phrase, end)
    is_ja = any(ord(ch) > 0x3000 for ch in text)
    score = max((s.score for s in signals), default=0.0)
    return FakeScreen(lang or ("ja" if is_ja else "en"), score, signals, carve_outs)
