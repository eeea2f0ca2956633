"""A short paragraph, in Japanese and in English, saying why.

Each language has whole sentences of its own (no sentence is assembled from
translated fragments); only names, quotes and numbers are filled in. The
paragraph cites the MHLW criteria, the behaviors with the customer's words or
the facts that showed them, the decisive reason, carve-outs and offenses.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kasudesk.judgment.compiled import Compiled
    from kasudesk.judgment.engine import Findings, OffenseRef, Verdict

MAX_BEHAVIORS = 4
MAX_QUOTE = 40
_EXPLAIN_ORDER = attrgetter("plan.explain_rank")


CRITERIA = (
    "厚生労働省のマニュアルが示す2つの基準（要求内容の妥当性と、要求を実現する手段・態様の社会通念上の相当性）に照らして判断しました。",
    "Judged against the two criteria of the MHLW manual: the validity of the demand, and whether the means and manner of pressing it are socially appropriate.",
)

DECISION = {
    ("manner", True): (
        "手段・態様が社会通念上相当な範囲を超えているため、申出に正当な部分があってもカスタマーハラスメントに当たります。正当な部分（商品・サービスの不備）には引き続き対応してください。",
        "The means and manner go beyond what is socially acceptable, so this is customer harassment even though part of the claim is valid; the real fault should still be remedied.",
    ),
    ("manner", False): (
        "手段・態様が社会通念上相当な範囲を超えているため、要求内容の妥当性にかかわらずカスタマーハラスメントに当たります。",
        "The means and manner go beyond what is socially acceptable, so this is customer harassment whatever the validity of the claim.",
    ),
    ("disproportionate_demand", True): (
        "要求が提供する商品・サービスと無関係であるか、落ち度に見合う範囲を大きく超えているため、カスタマーハラスメントに当たります。申出のうち正当な部分には対応してください。",
        "The demand is unrelated to what the business provides or far beyond what the fault warrants, so this is customer harassment; the valid part of the claim should still be remedied.",
    ),
    ("disproportionate_demand", False): (
        "要求が提供する商品・サービスと無関係であるか、落ち度に見合う範囲を大きく超えているため、カスタマーハラスメントに当たります。",
        "The demand is unrelated to what the business provides or far beyond what the fault warrants, so this is customer harassment.",
    ),
    ("invalid_demand", False): (
        "事実確認の結果、申出には理由がないとされたにもかかわらず要求しているため、要求内容に妥当性がなく、カスタマーハラスメントに当たります。",
        "Fact-finding found no ground for the claim, yet the demand is pressed: the demand lacks validity, so this is customer harassment.",
    ),
    ("valid_demand", True): (
        "申出には理由があり、要求も落ち度に見合う範囲で、手段・態様も相当なため、正当な苦情として対応します。",
        "The claim is valid, the demand is proportionate to the fault and it is pressed by acceptable means, so it is a legitimate complaint to be handled as such.",
    ),
    ("demand_unverified", False): (
        "手段・態様に不相当な点は見当たりませんが、要求に理由があるかどうかがまだ確認できていません。推測で判断せず、まず事実を確認してください。",
        "Nothing in the means or manner is inappropriate, but whether the demand has a ground is not yet established; do not act on a guess, establish the facts first.",
    ),
    ("accommodation", True): (
        "障害者差別解消法にいう合理的配慮の求めであり、カスタマーハラスメントには当たりません。",
        "This is a request for reasonable accommodation under the Act for Eliminating Discrimination against Persons with Disabilities, not customer harassment.",
    ),
    ("unverified", False): (
        "不相当な手段・態様は見当たらず、申出に理由があるかどうかも未確認です。推測で判断せず、まず事実を確認してください。",
        "No inappropriate means or manner were found, and whether the claim has a ground is not yet established; do not act on a guess, establish the facts first.",
    ),
    ("civil_complaint", True): (
        "申出には理由があり、手段・態様も相当な範囲にとどまるため、正当な苦情として対応します。",
        "The claim is valid and pressed by acceptable means, so it is a legitimate complaint to be handled as such.",
    ),
    ("civil_complaint", False): (
        "申出に理由は認められませんでしたが、手段・態様は相当な範囲にとどまるため、通常の苦情として対応し、会社の判断を丁寧に説明します。",
        "The claim was found to have no ground, but it was made by acceptable means, so it is handled as an ordinary complaint and the company's decision explained.",
    ),
}

CARVE_OUTS = {
    "lawful_remedy": (
        "{quote}は正当な権利行使の表明であり、脅迫には当たりません。",
        "{quote} states a lawful remedy and is not a threat.",
    ),
    "accommodation_request": (
        "{quote}は合理的配慮の求めであり、カスタマーハラスメントには当たりません。",
        "{quote} asks for reasonable accommodation and is not harassment.",
    ),
    "product_profanity": (
        "{quote}は商品・サービスへの不満であり、従業員への攻撃とはみなしません。",
        "{quote} is aimed at the product or service, not at staff.",
    ),
    "third_party": (
        "{quote}は第三者の言動についての報告・相談であり、従業員に向けた言動ではありません。",
        "{quote} reports what someone else said or did; it is not aimed at staff.",
    ),
}


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return f"{text[:MAX_QUOTE]}…" if len(text) > MAX_QUOTE else text


def _found(findings: Findings, ja: list[str], en: list[str]) -> None:
    """The behaviors found, each with the customer's words or the facts that showed it."""
    behaviors = findings.behaviors
    found = list(behaviors.values())
    if len(found) > 1:
        found.sort(key=_EXPLAIN_ORDER)
    items_ja, items_en = [], []
    for entry in found[:MAX_BEHAVIORS]:
        definition = entry.plan
        quote = entry.quote
        if quote is not None:
            clipped = " ".join(quote.split())
            if len(clipped) > MAX_QUOTE:
                clipped = f"{clipped[:MAX_QUOTE]}…"
            items_ja.append(f"{definition.short_ja}（「{clipped}」）")
            items_en.append(f"{definition.short_en} (\u201c{clipped}\u201d)")
        elif entry.reason is not None:
            reason_ja, reason_en = entry.reason
            items_ja.append(f"{definition.short_ja}（{reason_ja}）")
            items_en.append(f"{definition.short_en} ({reason_en})")
    if items_ja:
        ja.append(f"記録から認められた言動は、{'、'.join(items_ja)}です。")
        en.append(f"Found in the record: {'; '.join(items_en)}.")
    else:
        ja.append("記録からは、問題となる言動も要求も見つかりませんでした。")
        en.append("The record shows no problematic conduct or demand.")
    if len(found) > MAX_BEHAVIORS:
        ja.append(f"ほかに{len(found) - MAX_BEHAVIORS}件の言動があります。")
        en.append(f"{len(found) - MAX_BEHAVIORS} more behaviors are listed.")


def _carve_outs(findings: Findings, verdict: Verdict, ja: list[str], en: list[str]) -> None:
    # The decision sentence already speaks of an accommodation request.
    seen: set[str] = {"accommodation_request"} if verdict.reason == "accommodation" else set()
    for carve in findings.carve_outs:
        kind = carve["kind"]
        template = CARVE_OUTS.get(kind)
        if template is None or kind in seen:
            continue
        seen.add(kind)
        clipped = _clip(carve["text"])
        ja.append(template[0].format(quote=f"「{clipped}」"))
        en.append(template[1].format(quote=f"\u201c{clipped}\u201d"))


def explain(
    *,
    verdict: Verdict,
    findings: Findings,
    offenses: list[OffenseRef],
    police: list[str],
    plan: Compiled,
) -> dict[str, str]:
    ja: list[str] = [CRITERIA[0]]
    en: list[str] = [CRITERIA[1]]
    _found(findings, ja, en)
    decision = DECISION.get((verdict.reason, verdict.claim_addressable))
    if decision is None:
        decision = DECISION[(verdict.reason, not verdict.claim_addressable)]
    ja.append(decision[0])
    en.append(decision[1])
    if findings.carve_outs:
        _carve_outs(findings, verdict, ja, en)
    if offenses:
        names_ja = "、".join([o[0] for o in offenses[:3]])
        names_en = ", ".join([o[1] for o in offenses[:3]])
        ja.append(
            f"{names_ja}に当たる可能性があります。犯罪の成否を決めるものではなく、警察や弁護士に相談するための目安です。"
        )
        en.append(
            f"It may involve {names_en}; this is a pointer for consulting the police or counsel, not a finding of guilt."
        )
    if police:
        names_ja = "、".join([plan.criteria_ja[c] for c in police])
        names_en = ", ".join([plan.criteria_en[c] for c in police])
        ja.append(f"方針の通報基準（{names_ja}）に当たるため、警察への通報を検討してください。")
        en.append(f"The policy's criteria for calling the police are met ({names_en}).")
    return {"ja": "".join(ja), "en": " ".join(en)}
