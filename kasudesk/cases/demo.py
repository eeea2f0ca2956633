"""The demo organisation: people, sites, customers and a dozen handled incidents.

Everything is created through the action functions, so the demo's audit
trail, timelines and judgments are what real use would produce. Times are
relative to ``now`` so the demo always looks recent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from kasudesk.accounts.models import (
    Industry,
    Membership,
    Organization,
    Role,
    Site,
    SiteKind,
    User,
)
from kasudesk.cases.actions import (
    NewCustomer,
    ReportInput,
    add_case_action,
    add_money_entry,
    add_note,
    add_statement,
    add_time_entry,
    assign_case,
    ban_customer,
    change_status,
    complete_case_action,
    create_customer,
    decide_case,
    issue_warning,
    record_contact,
    set_customer_alert,
    submit_incident,
)
from kasudesk.cases.models import (
    Activity,
    Ban,
    Case,
    CaseAction,
    Channel,
    ContactLog,
    Customer,
    CustomerWarning,
    MoneyCategory,
    Statement,
    Status,
)

DEMO_ORGANIZATION = "株式会社さくらリテール"
STORE = "渋谷店"
CALL_CENTRE = "大阪カスタマーセンター"
HEAD_OFFICE = "本社"


@dataclass(frozen=True)
class Person:
    username: str
    last_name: str
    first_name: str
    role: Role
    site: str | None  # None: the whole organisation

    @property
    def password(self) -> str:
        return f"demo-{self.username}-2026"


PEOPLE = (
    Person("staff", "佐藤", "美咲", Role.STAFF, STORE),
    Person("cc-staff", "中村", "陽菜", Role.STAFF, CALL_CENTRE),
    Person("manager", "鈴木", "大輔", Role.MANAGER, STORE),
    Person("cc-manager", "松本", "健一", Role.MANAGER, CALL_CENTRE),
    Person("desk", "高橋", "由美", Role.DESK, None),
    Person("counsel", "田中", "誠", Role.COUNSEL, None),
    Person("executive", "伊藤", "正樹", Role.EXECUTIVE, None),
    Person("auditor", "渡辺", "京子", Role.AUDITOR, None),
    Person("admin", "山本", "拓也", Role.ADMIN, None),
)


@dataclass
class Demo:
    organization: Organization
    sites: dict[str, Site]
    users: dict[str, User]
    customers: dict[str, Customer] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)


def demo_exists() -> bool:
    return Organization.objects.filter(name=DEMO_ORGANIZATION).exists()


def _people(organization: Organization, sites: dict[str, Site]) -> dict[str, User]:
    users: dict[str, User] = {}
    for person in PEOPLE:
        user = User(
            username=person.username,
            last_name=person.last_name,
            first_name=person.first_name,
            email=f"{person.username}@sakura-retail.example",
            preferred_language="ja",
            is_staff=person.role == Role.ADMIN,
            is_superuser=person.role == Role.ADMIN,
        )
        user.set_password(person.password)
        user.save(force_insert=True)
        Membership.objects.create(
            user=user,
            organization=organization,
            site=sites[person.site] if person.site else None,
            role=person.role,
            is_designated_responder=person.role == Role.DESK,
        )
        users[person.username] = user
    return users


@dataclass(frozen=True)
class Incident:
    key: str
    site: str
    reporter: str
    days_ago: float
    channel: str
    narrative: str
    summary: str
    facts: dict[str, Any]
    customer: str | None = None
    transcript: tuple[dict[str, Any], ...] = ()
    handle: Callable[[Demo, Case, datetime], None] | None = None


def _at(now: datetime, days_ago: float, hour: int = 14) -> datetime:
    local = timezone.localtime(now - timedelta(days=days_ago))
    return local.replace(hour=hour, minute=10, second=0, microsecond=0)


def _walk(demo: Demo, case: Case, who: str, at: datetime, *statuses: str, **extra: Any) -> None:
    for step, status in enumerate(statuses):
        change_status(
            demo.users[who],
            case,
            status,
            expected_version=case.version,
            now=at + timedelta(hours=step),
            **(extra if status == Status.CLOSED else {}),
        )


def _decide(
    demo: Demo, case: Case, who: str, at: datetime, reason: str, *, severity: str | None = None
) -> None:
    decide_case(
        demo.users[who],
        case,
        expected_version=case.version,
        reason=reason,
        severity=severity,
        now=at,
    )


def _tick_first_actions(demo: Demo, case: Case, who: str, at: datetime, count: int) -> None:
    for action in CaseAction.objects.filter(case=case).order_by("priority", "pk")[:count]:
        complete_case_action(
            demo.users[who], action, state=CaseAction.State.DONE, now=at + timedelta(minutes=30)
        )


def _handle_threat(demo: Demo, case: Case, at: datetime) -> None:
    users = demo.users
    add_statement(
        users["staff"],
        case,
        party=Statement.Party.EMPLOYEE,
        text="レシートのない返品はできないと説明したところ、急に大声になり「殺すぞ」と言われました。"
        "怖くて体が震えました。",
        now=at + timedelta(minutes=40),
    )
    add_statement(
        users["manager"],
        case,
        party=Statement.Party.WITNESS,
        speaker_name="アルバイト 小川",
        text="隣のレジから、男性がカウンターを叩きながら怒鳴っているのが見えました。",
        now=at + timedelta(hours=2),
    )
    assign_case(
        users["manager"],
        case,
        users["desk"],
        expected_version=case.version,
        due_at=at + timedelta(days=3),
        now=at + timedelta(hours=1),
    )
    _walk(demo, case, "desk", at + timedelta(hours=3), Status.FACT_FINDING)
    add_note(
        users["desk"],
        case,
        "防犯カメラの映像（14:05〜14:45）を保全。音声はなし。",
        now=at + timedelta(hours=4),
    )
    _decide(
        demo,
        case,
        "desk",
        at + timedelta(days=1),
        "映像と2名の証言で「殺すぞ」の発言と居座りを確認。判定どおりカスハラと判断する。",
    )
    _tick_first_actions(demo, case, "manager", at + timedelta(days=1), 3)
    issue_warning(
        users["desk"],
        demo.customers["threat"],
        form=CustomerWarning.Form.WRITTEN,
        case=case,
        note="警告書を郵送（簡易書留）。",
        now=at + timedelta(days=2),
    )
    _walk(demo, case, "desk", at + timedelta(days=2), Status.RESPONDING, Status.MONITORING)
    add_time_entry(
        users["manager"],
        case,
        activity=Activity.ON_SITE_RESPONSE,
        minutes=50,
        on=at.date(),
        now=at + timedelta(hours=1),
    )
    add_time_entry(
        users["desk"],
        case,
        activity=Activity.STRATEGY_REVIEW,
        minutes=90,
        on=(at + timedelta(days=1)).date(),
        now=at + timedelta(days=1),
    )


def _handle_assault(demo: Demo, case: Case, at: datetime) -> None:
    users = demo.users
    add_statement(
        users["manager"],
        case,
        party=Statement.Party.MANAGER,
        text="110番通報し、渋谷警察署の警察官が到着。客はその場で事情を聴かれた。"
        "従業員は近くの病院で手当てを受け、全治1週間の打撲と診断された。",
        now=at + timedelta(hours=3),
    )
    assign_case(
        users["desk"],
        case,
        users["counsel"],
        expected_version=case.version,
        now=at + timedelta(hours=2),
    )
    _decide(
        demo,
        case,
        "counsel",
        at + timedelta(hours=20),
        "診断書と映像により暴行の事実は明らか。被害届の提出を支援する。",
    )
    ban_customer(
        users["desk"],
        demo.customers["assault"],
        scope=Ban.Scope.ORGANIZATION,
        site=None,
        starts_on=(at + timedelta(days=1)).date(),
        ends_on=None,
        review_on=(at + timedelta(days=180)).date(),
        reason="従業員への暴行（全治1週間）。全店舗への立入りを禁止し、半年後に見直す。",
        case=case,
        now=at + timedelta(days=1),
    )
    set_customer_alert(
        users["desk"],
        demo.customers["assault"],
        alert=Customer.Alert.CAUTION,
        instruction="入店を確認したら近づかず、すぐに店長と警察に連絡してください。",
    )
    _walk(demo, case, "counsel", at + timedelta(days=1), Status.RESPONDING)
    _tick_first_actions(demo, case, "counsel", at + timedelta(days=1), 4)
    add_time_entry(
        users["counsel"],
        case,
        activity=Activity.COUNSEL_CONSULTATION,
        minutes=120,
        on=(at + timedelta(days=2)).date(),
        now=at + timedelta(days=2),
    )
    add_money_entry(
        users["counsel"],
        case,
        category=MoneyCategory.COUNSEL_FEES,
        amount_yen=110000,
        on=(at + timedelta(days=3)).date(),
        now=at + timedelta(days=3),
    )


def _handle_repeat_caller(demo: Demo, case: Case, at: datetime) -> None:
    users = demo.users
    customer = demo.customers["caller"]
    for index in range(6):
        record_contact(
            users["cc-staff"],
            customer,
            site=demo.sites[CALL_CENTRE],
            kind=ContactLog.Kind.CALL,
            at=at - timedelta(days=6 - index, hours=index),
            duration_minutes=25 + 5 * index,
            summary="同じ配送遅延の件で、担当者の謝罪と補償を繰り返し要求。",
            case=case,
            now=at - timedelta(days=6 - index, hours=index) + timedelta(minutes=40),
        )
    _decide(
        demo,
        case,
        "cc-manager",
        at + timedelta(hours=5),
        "通話録音で同一内容の架電を確認。回答は書面で一度だけ行う方針とする。",
    )
    add_case_action(
        users["cc-manager"],
        case,
        text_ja="会社としての最終回答を書面で送付する",
        text_en="Send the company's final answer in writing",
        owner=users["desk"],
        due_at=at + timedelta(days=5),
        now=at + timedelta(hours=6),
    )
    _walk(demo, case, "cc-manager", at + timedelta(hours=6), Status.RESPONDING)
    add_time_entry(
        users["cc-manager"],
        case,
        activity=Activity.PHONE_SUPPORT,
        minutes=240,
        note="6回分の通話時間の合計",
        on=at.date(),
        now=at + timedelta(hours=1),
    )


def _handle_legitimate(demo: Demo, case: Case, at: datetime) -> None:
    users = demo.users
    _decide(
        demo,
        case,
        "manager",
        at + timedelta(hours=4),
        "The kettle was defective (batch recalled). An ordinary complaint: refund and apologise.",
    )
    add_money_entry(
        users["manager"],
        case,
        category=MoneyCategory.REFUND_COMPENSATION,
        amount_yen=4980,
        on=at.date(),
        now=at + timedelta(hours=4),
    )
    _walk(
        demo,
        case,
        "manager",
        at + timedelta(days=1),
        Status.RESPONDING,
        Status.CLOSED,
        outcome="返金と謝罪で解決。お客様から感謝のメールあり。",
    )


def _handle_dogeza(demo: Demo, case: Case, at: datetime) -> None:
    users = demo.users
    add_statement(
        users["staff"],
        case,
        party=Statement.Party.EMPLOYEE,
        text="床に手をつけと何度も言われ、他のお客様の前でとても恥ずかしく怖かったです。",
        now=at + timedelta(hours=1),
    )
    _decide(
        demo,
        case,
        "manager",
        at + timedelta(hours=6),
        "土下座の要求は態様として明らかに不相当。本人のケアを優先する。",
    )
    add_note(
        users["desk"],
        case,
        "佐藤さんと面談。産業医面談を案内し、翌日は休暇とした。",
        now=at + timedelta(days=1),
    )
    _walk(
        demo,
        case,
        "manager",
        at + timedelta(days=10),
        Status.RESPONDING,
        Status.CLOSED,
        outcome="警告後の来店なし。従業員は通常勤務に復帰。",
    )


def _handle_sns(demo: Demo, case: Case, at: datetime) -> None:
    users = demo.users
    assign_case(
        users["desk"],
        case,
        users["counsel"],
        expected_version=case.version,
        now=at + timedelta(hours=3),
    )
    add_note(
        users["counsel"],
        case,
        "投稿のスクリーンショットとURLを保全。プラットフォームへ削除申請を行う。",
        now=at + timedelta(hours=5),
    )
    _decide(
        demo,
        case,
        "counsel",
        at + timedelta(days=1),
        "従業員の実名と写真を含む投稿であり、名誉毀損のおそれがある。削除請求を優先。",
    )
    _walk(demo, case, "counsel", at + timedelta(days=1), Status.RESPONDING)
    add_time_entry(
        users["counsel"],
        case,
        activity=Activity.COUNSEL_CONSULTATION,
        minutes=60,
        on=(at + timedelta(days=1)).date(),
        now=at + timedelta(days=1),
    )


def _handle_override(demo: Demo, case: Case, at: datetime) -> None:
    _decide(
        demo,
        case,
        "manager",
        at + timedelta(hours=3),
        "Confirmed with the staff member: the customer apologised on the spot and left calmly. "
        "Lowering the severity; keep the record.",
        severity="low",
    )
    _walk(
        demo,
        case,
        "manager",
        at + timedelta(days=1),
        Status.MONITORING,
        Status.CLOSED,
        outcome="その後の問題なし。",
    )


INCIDENTS = (
    Incident(
        key="threat",
        site=STORE,
        reporter="staff",
        days_ago=21,
        channel=Channel.IN_PERSON,
        customer="threat",
        summary="返品を断ったところ「殺すぞ」と脅され、45分居座られた",
        narrative="レシートのない商品の返品をお断りしたところ、男性客が「ふざけるな、殺すぞ」と"
        "怒鳴り、カウンターを何度も叩いた。店長が退去をお願いしたが応じず、45分ほど居座った。",
        facts={
            "claim_validity": "invalid",
            "demands": ["refund_or_exchange"],
            "duration_minutes": 45,
            "asked_to_leave": True,
            "left_after_request": False,
            "others_present": True,
            "business_disrupted": True,
        },
        handle=_handle_threat,
    ),
    Incident(
        key="assault",
        site=STORE,
        reporter="manager",
        days_ago=14,
        channel=Channel.IN_PERSON,
        customer="assault",
        summary="レジ待ちの苦情から従業員を突き飛ばし、けがをさせた",
        narrative="レジの待ち時間に腹を立てた客が、対応した従業員の胸を突き飛ばし、従業員は"
        "棚にぶつかって腕を打撲した。すぐに110番通報した。",
        facts={
            "physical_contact": True,
            "injury": True,
            "others_present": True,
            "business_disrupted": True,
        },
        handle=_handle_assault,
    ),
    Incident(
        key="caller",
        site=CALL_CENTRE,
        reporter="cc-staff",
        days_ago=3,
        channel=Channel.PHONE,
        customer="caller",
        summary="配送遅延の件で1週間に6回の架電、毎回30分以上",
        narrative="配送が1日遅れた件で、同じ男性から1週間に6回電話があった。毎回「誠意を見せろ」"
        "「お前じゃ話にならない」と繰り返し、1回の通話が30分を超える。",
        facts={
            "claim_validity": "valid",
            "demands": ["monetary_compensation", "apology_demand"],
            "duration_minutes": 40,
            "contacts": {"count": 6, "days": 7},
        },
        handle=_handle_repeat_caller,
    ),
    Incident(
        key="dogeza",
        site=STORE,
        reporter="staff",
        days_ago=35,
        channel=Channel.IN_PERSON,
        summary="商品の欠品について土下座を要求された",
        narrative="チラシ掲載商品が売り切れていたことに怒った女性客から「土下座しろ」と何度も"
        "要求された。他のお客様もいる売場で、床に手をつくよう迫られた。",
        facts={
            "claim_validity": "valid",
            "demands": ["kneeling_demand", "apology_demand"],
            "duration_minutes": 20,
            "others_present": True,
        },
        handle=_handle_dogeza,
    ),
    Incident(
        key="sns",
        site=STORE,
        reporter="manager",
        days_ago=9,
        channel=Channel.SNS,
        customer="sns",
        summary="接客への不満から従業員の実名と写真をSNSに投稿",
        narrative="接客態度が悪いとして、客がXに従業員の名札が写った写真と実名を投稿し、"
        "「この店員をクビにしろ」「ネットにさらす」と書き込んだ。拡散されている。",
        facts={
            "posted_online": True,
            "employee_identified_online": True,
            "demands": ["dismissal_of_employee"],
        },
        handle=_handle_sns,
    ),
    Incident(
        key="legitimate",
        site=STORE,
        reporter="staff",
        days_ago=28,
        channel=Channel.IN_PERSON,
        summary="Defective kettle: calm refund request",
        narrative="A customer brought back an electric kettle bought last week that stopped "
        "working. He was calm, showed the receipt and asked for a refund.",
        facts={
            "claim_validity": "valid",
            "demands": ["refund_or_exchange"],
            "duration_minutes": 10,
        },
        handle=_handle_legitimate,
    ),
    Incident(
        key="tourist",
        site=STORE,
        reporter="staff",
        days_ago=6,
        channel=Channel.IN_PERSON,
        summary="Customer called the cashier an idiot and demanded her dismissal",
        narrative='A customer who was refused a discount shouted "You idiot, you\'re useless" '
        "at the cashier and demanded that the manager fire her. He calmed down after a few "
        "minutes and apologised.",
        facts={
            "claim_validity": "invalid",
            "demands": ["dismissal_of_employee"],
            "duration_minutes": 8,
        },
        handle=_handle_override,
    ),
    Incident(
        key="long_call",
        site=CALL_CENTRE,
        reporter="cc-staff",
        days_ago=12,
        channel=Channel.PHONE,
        summary="2時間以上の通話で電話を切らせてもらえなかった",
        narrative="ポイントの失効について、2時間以上にわたり同じ説明を求められた。"
        "「切ったら許さない」「お前の名前を覚えたぞ」と言われ、通話を終えられなかった。",
        facts={"claim_validity": "invalid", "duration_minutes": 135},
    ),
    Incident(
        key="sexual",
        site=STORE,
        reporter="staff",
        days_ago=17,
        channel=Channel.IN_PERSON,
        summary="連絡先をしつこく聞かれ、手を触られた",
        narrative="常連の男性客から会計のたびにLINEのIDを教えてと言われ、今日は釣り銭を渡す際に"
        "手を握られた。「今度二人で食事に行こう」と言われた。",
        facts={"physical_contact": True},
    ),
    Incident(
        key="discrimination",
        site=CALL_CENTRE,
        reporter="cc-staff",
        days_ago=25,
        channel=Channel.PHONE,
        summary="オペレーターの話し方について差別的な発言",
        narrative="オペレーターの名前を聞いた客が「外国人に対応させるな、日本人に代われ」と言い、"
        "国籍を理由に対応を拒んだ。",
        facts={"duration_minutes": 12},
    ),
    Incident(
        key="authority",
        site=HEAD_OFFICE,
        reporter="desk",
        days_ago=40,
        channel=Channel.EMAIL,
        summary="「社長を知っている」と特別対応を要求するメール",
        narrative="取引先を名乗る人物から「お前の会社の社長を知っている」「本社の偉い人を出せ」"
        "という内容のメールが毎日届き、通常と異なる特別な値引きを要求されている。",
        facts={"claim_validity": "invalid", "demands": ["other"]},
    ),
    Incident(
        key="sincerity",
        site=CALL_CENTRE,
        reporter="cc-manager",
        days_ago=45,
        channel=Channel.PHONE,
        summary="問題のない商品について「誠意を見せろ」と金銭を要求",
        narrative="検品で不具合が見つからなかった商品について、客が「誠意を見せろ」「分かるだろう」"
        "と繰り返し、暗に金銭を要求した。",
        facts={"claim_validity": "invalid", "demands": ["monetary_compensation"]},
    ),
    Incident(
        key="summons",
        site=STORE,
        reporter="manager",
        days_ago=2,
        channel=Channel.PHONE,
        summary="自宅まで謝罪に来るよう要求",
        narrative="配達品の箱のへこみについて、客が「今すぐ家まで謝りに来い、来なければ本社に"
        "言う」と店長を自宅に呼び出そうとした。",
        facts={"claim_validity": "valid", "demands": ["off_site_visit", "apology_demand"]},
    ),
)

CUSTOMERS = {
    "threat": {"name": "", "phone": "090-3141-5926", "notes": "40代男性。黒いキャップ。"},
    "assault": {"name": "木村 浩二", "phone": "+81 80-2718-2818", "notes": ""},
    "caller": {"name": "井上 修", "phone": "06-6123-4567", "email": "o.inoue@example.net"},
    "sns": {"name": "", "email": "angry.reviewer@example.org", "notes": "Xのアカウント名のみ判明"},
}


def load_demo(now: datetime | None = None) -> Demo:
    """Create the demo organisation; the caller checks ``demo_exists`` first."""
    now = now or timezone.now()
    with transaction.atomic():
        organization = Organization.objects.create(name=DEMO_ORGANIZATION, industry=Industry.RETAIL)
        sites = {
            STORE: Site.objects.create(
                organization=organization,
                name=STORE,
                kind=SiteKind.STORE,
                prefecture="東京都",
                industry=Industry.RETAIL,
            ),
            CALL_CENTRE: Site.objects.create(
                organization=organization,
                name=CALL_CENTRE,
                kind=SiteKind.CALL_CENTRE,
                prefecture="大阪府",
                industry=Industry.CALL_CENTRE,
            ),
            HEAD_OFFICE: Site.objects.create(
                organization=organization,
                name=HEAD_OFFICE,
                kind=SiteKind.OFFICE,
                prefecture="東京都",
                industry=Industry.RETAIL,
            ),
        }
        demo = Demo(organization, sites, _people(organization, sites))
        for key, values in CUSTOMERS.items():
            demo.customers[key] = create_customer(
                demo.users["desk"],
                organization,
                name=values.get("name", ""),
                phone=values.get("phone", ""),
                email=values.get("email", ""),
                notes=values.get("notes", ""),
            )
        for incident in INCIDENTS:
            occurred = _at(now, incident.days_ago)
            case = submit_incident(
                demo.users[incident.reporter],
                ReportInput(
                    site=sites[incident.site],
                    occurred_at=occurred,
                    channel=incident.channel,
                    narrative=incident.narrative,
                    summary=incident.summary,
                    facts=incident.facts,
                    transcript=incident.transcript,
                    customer=demo.customers.get(incident.customer or ""),
                    new_customer=None if incident.customer else NewCustomer(),
                ),
                idempotency_key=f"demo-{incident.key}",
                now=occurred + timedelta(minutes=30),
            )
            demo.cases[incident.key] = case
            if incident.handle is not None:
                incident.handle(demo, case, occurred + timedelta(minutes=30))
        return demo
