"""The values screening returns: signals, carve-outs and the result of one text."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CarveOut", "ScreenResult", "Signal"]


@dataclass(frozen=True, slots=True)
class Signal:
    """Evidence of one behavior: ``text == original[start:end]``."""

    behavior: str
    start: int
    end: int
    text: str
    score: float
    source: str  # "lexicon" | "pattern" | "model"
    rule: str

    def to_json(self) -> dict[str, object]:
        return {
            "behavior": self.behavior,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(self.score, 4),
            "source": self.source,
            "rule": self.rule,
        }


@dataclass(frozen=True, slots=True)
class CarveOut:
    """Words that make what they cover part of a legitimate complaint."""

    kind: str
    start: int
    end: int
    text: str
    rule: str

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class ScreenResult:
    """What screening found in one text (see docs/algorithms/screening.md)."""

    lang: str
    harassment: bool
    score: float
    signals: tuple[Signal, ...]
    carve_outs: tuple[CarveOut, ...]

    @property
    def behaviors(self) -> frozenset[str]:
        return frozenset(signal.behavior for signal in self.signals)

    def to_json(self, id: object) -> dict[str, object]:
        """The contract's output object for one input line."""
        return {
            "id": id,
            "lang": self.lang,
            "harassment": self.harassment,
            "score": round(self.score, 4),
            "signals": [signal.to_json() for signal in self.signals],
            "carve_outs": [carve_out.to_json() for carve_out in self.carve_outs],
        }
