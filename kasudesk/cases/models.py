"""Incidents and everything a case gathers: judgment, decisions, evidence,
statements, actions, customers, bans and costs.

Rows change only through the action functions in ``kasudesk.cases.actions``;
the models hold data and small derived properties, never business rules.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kasudesk.accounts.models import Organization, Site


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REPORTED = "reported", _("Reported")
    FACT_FINDING = "fact_finding", _("Fact-finding")
    ASSESSED = "assessed", _("Assessed")
    RESPONDING = "responding", _("Responding")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    CHAT = "chat", _("Chat")
    SNS = "sns", _("Social media")
    LETTER = "letter", _("Letter")
    OTHER = "other", pgettext_lazy("channel", "Other")


class Verdict(models.TextChoices):
    HARASSMENT = "harassment", _("Customer harassment")
    LEGITIMATE_COMPLAINT = "legitimate_complaint", _("Legitimate complaint")
    NEEDS_FACT_FINDING = "needs_fact_finding", _("Needs fact-finding")


class Severity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")
    NONE = "none", _("None")


class Behavior(models.TextChoices):
    """The canonical behavior ids of the shared taxonomy."""

    PHYSICAL_ATTACK = "physical_attack", _("Physical attack")
    THREAT = "threat", _("Threat")
    VERBAL_ABUSE = "verbal_abuse", _("Verbal abuse")
    INTIMIDATION = "intimidation", _("Intimidating conduct")
    KNEELING_DEMAND = "kneeling_demand", _("Demand to kneel")
    PERSISTENT_CONTACT = "persistent_contact", _("Persistent, repeated contact")
    PROLONGED_DETENTION = "prolonged_detention", _("Prolonged hold on staff")
    REFUSAL_TO_LEAVE = "refusal_to_leave", _("Refusal to leave")
    DISCRIMINATION = "discrimination", _("Discriminatory conduct")
    SEXUAL_CONDUCT = "sexual_conduct", _("Sexual conduct")
    PERSONAL_ATTACK = "personal_attack", _("Attack on an individual employee")
    ONLINE_DEFAMATION = "online_defamation", _("Online defamation or exposure")
    AUTHORITY_PRESSURE = "authority_pressure", _("Pressure through status")
    OFF_SITE_SUMMONS = "off_site_summons", _("Summons off the premises")
    REFUND_OR_EXCHANGE = "refund_or_exchange", _("Refund or exchange demand")
    MONETARY_COMPENSATION = "monetary_compensation", _("Demand for money")
    APOLOGY_DEMAND = "apology_demand", _("Apology demand")
    UNRELATED_DEMAND = "unrelated_demand", _("Demand unrelated to the service")
    EXCESSIVE_DEMAND = "excessive_demand", _("Excessive demand")


class Customer(models.Model):
    """A person the organisation deals with; as little personal data as will do.

    The ``*_key`` columns hold normalised forms used only for matching.
    """

    class Alert(models.TextChoices):
        NONE = "none", _("No alert")
        CAUTION = "caution", _("Caution")
        REPEAT = "repeat", _("Repeated contact")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="customers"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    name_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_key = models.CharField(max_length=20, blank=True, db_index=True, editable=False)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    email_key = models.CharField(max_length=254, blank=True, db_index=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    alert = models.CharField(_("alert"), max_length=16, choices=Alert.choices, default=Alert.NONE)
    counter_instruction = models.CharField(
        _("what front-line staff should do"), max_length=300, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"

    @property
    def label(self) -> str:
        return self.name or str(_("Unnamed customer"))


class Case(models.Model):
    """One reported incident and its handling from report to closure."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="cases")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reported_cases"
    )
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    occurred_at = models.DateTimeField(_("occurred"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    narrative = models.TextField(_("what happened"))
    transcript = models.JSONField(_("transcript"), default=list, blank=True)
    # Only known facts are stored: an absent key means unknown, never false.
    facts = models.JSONField(_("facts"), default=dict, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assignee"),
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    # The effective judgment: the human decision when there is one, else the
    # latest assessment. Kept here so that lists filter without joins.
    verdict = models.CharField(_("verdict"), max_length=32, choices=Verdict.choices, blank=True)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = (
            models.UniqueConstraint(
                fields=["reported_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="case_idempotency_unique",
            ),
        )
        indexes = (
            models.Index(fields=["site", "-occurred_at"], name="case_site_occurred"),
            models.Index(fields=["organization", "-occurred_at"], name="case_org_occurred"),
            models.Index(fields=["reported_by", "-occurred_at"], name="case_reporter_occurred"),
            # Cover the access condition so that counting a list reads no rows.
            models.Index(fields=["organization", "status", "reported_by"], name="case_org_scope"),
            models.Index(fields=["site", "status", "reported_by"], name="case_site_scope"),
            models.Index(fields=["status"], name="case_status"),
            models.Index(fields=["severity"], name="case_severity"),
            models.Index(fields=["assignee"], name="case_assignee"),
        )

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"K-{self.pk:06d}" if self.pk else "K-new"

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.DRAFT, Status.CLOSED)


class CaseBehavior(models.Model):
    """A behavior the effective judgment found, one row each, for filtering."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="behavior_rows")
    behavior = models.CharField(max_length=32, choices=Behavior.choices)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["case", "behavior"], name="case_behavior_unique"),
        )
        indexes = (models.Index(fields=["behavior", "case"], name="case_behavior_lookup"),)

    def __str__(self) -> str:
        return f"{self.case_id}: {self.behavior}"


class Assessment(models.Model):
    """One run of the judgment core over the case's facts at that time."""

    class Reason(models.TextChoices):
        REPORTED = "reported", _("Initial report")
        FACTS_CHANGED = "facts_changed", _("Facts changed")
        REQUESTED = "requested", _("Re-assessment requested")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=Reason.choices)
    policy = models.CharField(max_length=64)
    input = models.JSONField()
    output = models.JSONField()
    verdict = models.CharField(max_length=32, choices=Verdict.choices)
    severity = models.CharField(max_length=16, choices=Severity.choices)

    class Meta:
        ordering = (
            "-created_at",
            "-pk",
        )
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.verdict}/{self.severity}"

    @property
    def behaviors(self) -> list[dict[str, Any]]:
        return list(self.output.get("behaviors", []))

    @property
    def offenses(self) -> list[dict[str, Any]]:
        return list(self.output.get("offenses", []))

    @property
    def recommended_actions(self) -> list[dict[str, Any]]:
        return list(self.output.get("actions", []))


class Decision(models.Model):
    """A person's confirmation or override of an assessment, with the reason."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Confirmed")
        OVERRIDE = "override", _("Overridden")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    verdict = models.CharField(max_length=32, choices=Verdict.choices)
    severity = models.CharField(max_length=16, choices=Severity.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = (
            "-decided_at",
            "-pk",
        )
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind} {self.verdict}/{self.severity}"


class Statement(models.Model):
    """What one party says happened."""

    class Party(models.TextChoices):
        EMPLOYEE = "employee", _("Employee involved")
        WITNESS = "witness", _("Witness")
        MANAGER = "manager", _("Manager")
        CUSTOMER = "customer", _("Customer's side")
        OTHER = "other", pgettext_lazy("party", "Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="statements")
    party = models.CharField(_("party"), max_length=16, choices=Party.choices)
    speaker_name = models.CharField(_("name"), max_length=200, blank=True)
    text = models.TextField(_("statement"))
    taken_at = models.DateTimeField(_("taken"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = (
            "taken_at",
            "pk",
        )
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.party}"


class Note(models.Model):
    """An internal note; never shown to the customer's side."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = (
            "created_at",
            "pk",
        )
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return f"{self.case_id}: note {self.pk}"


class CaseEvent(models.Model):
    """One line of a case's timeline, written by every action that touches it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=48)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField()
    data = models.JSONField(default=dict)

    class Meta:
        ordering = (
            "at",
            "pk",
        )
        indexes = (models.Index(fields=["case", "at"], name="case_event_timeline"),)

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"


class Evidence(models.Model):
    """An uploaded file, stored under a random name outside the web root."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Photo or screenshot")
        AUDIO = "audio", _("Audio recording")
        VIDEO = "video", _("Video")
        PDF = "pdf", _("PDF document")
        EMAIL = "email", _("E-mail")
        TEXT = "text", _("Text")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    original_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("description"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deletion_reason = models.TextField(blank=True)

    class Meta:
        ordering = (
            "uploaded_at",
            "pk",
        )
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class CustodyEntry(models.Model):
    """Chain of custody: every upload, view, download, check and deletion."""

    class Event(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        VIEWED = "viewed", _("Viewed")
        DOWNLOADED = "downloaded", _("Downloaded")
        VERIFIED = "verified", _("Hash verified")
        MISMATCH = "mismatch", _("Hash mismatch")
        DELETED = "deleted", _("Deleted")

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="custody")
    event = models.CharField(max_length=16, choices=Event.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = (
            "at",
            "pk",
        )
        verbose_name = _("chain-of-custody entry")
        verbose_name_plural = _("chain-of-custody entries")

    def __str__(self) -> str:
        return f"{self.evidence_id}: {self.event}"


class CaseAction(models.Model):
    """One step of the response checklist, usually from the playbook."""

    class State(models.TextChoices):
        OPEN = "open", _("To do")
        DONE = "done", _("Done")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    action_id = models.CharField(max_length=64, blank=True)
    priority = models.PositiveSmallIntegerField(default=5)
    text_ja = models.TextField()
    text_en = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    note = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = (
            "priority",
            "pk",
        )
        verbose_name = _("response action")
        verbose_name_plural = _("response actions")

    def __str__(self) -> str:
        return self.text_ja

    def text(self, language: str) -> str:
        return self.text_en if language.startswith("en") and self.text_en else self.text_ja


class ContactLog(models.Model):
    """One call, visit, e-mail or other contact from a customer."""

    class Kind(models.TextChoices):
        CALL = "call", _("Phone call")
        VISIT = "visit", _("Visit")
        EMAIL = "email", _("E-mail")
        LETTER = "letter", _("Letter")
        SNS = "sns", _("Social media")
        OTHER = "other", pgettext_lazy("contact", "Other")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("when"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = (
            "-at",
            "-pk",
        )
        indexes = (models.Index(fields=["customer", "at"], name="contact_customer_at"),)
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.kind} {self.at:%Y-%m-%d}"


class CustomerWarning(models.Model):
    """A warning given to a customer, orally or in writing."""

    class Form(models.TextChoices):
        ORAL = "oral", _("Oral")
        WRITTEN = "written", _("Written")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="warnings")
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="warnings"
    )
    form = models.CharField(_("form"), max_length=16, choices=Form.choices)
    language = models.CharField(max_length=8, default="ja")
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = (
            "-issued_at",
            "-pk",
        )
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.form} {self.issued_at:%Y-%m-%d}"


class Ban(models.Model):
    """A ban from the premises of one site or of the whole organisation."""

    class Scope(models.TextChoices):
        SITE = "site", _("This site")
        ORGANIZATION = "organization", _("Every site of the organisation")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="bans")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="bans"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = (
            "-starts_on",
            "-pk",
        )
        verbose_name = _("premises ban")
        verbose_name_plural = _("premises bans")
        constraints = (
            models.CheckConstraint(
                condition=Q(scope="organization", site__isnull=True)
                | Q(scope="site", site__isnull=False),
                name="ban_scope_matches_site",
            ),
        )

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.scope} {self.starts_on}"


class Activity(models.TextChoices):
    ON_SITE_RESPONSE = "on_site_response", _("On-site response")
    PHONE_SUPPORT = "phone_support", _("Phone support")
    APOLOGY_VISIT = "apology_visit", _("Apology visit")
    STRATEGY_REVIEW = "strategy_review", _("Strategy review")
    COUNSEL_CONSULTATION = "counsel_consultation", _("Consultation with counsel")
    OTHER = "other", pgettext_lazy("activity", "Other")


class MoneyCategory(models.TextChoices):
    REFUND_COMPENSATION = "refund_compensation", _("Refund or compensation")
    LOST_SALES = "lost_sales", _("Lost sales")
    COUNSEL_FEES = "counsel_fees", _("Counsel fees")
    OTHER = "other", pgettext_lazy("money", "Other")


class TimeEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="time_entries")
    activity = models.CharField(_("activity"), max_length=32, choices=Activity.choices)
    minutes = models.PositiveIntegerField(_("minutes"))
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = (
            "on",
            "pk",
        )
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.activity} {self.minutes} min"


class MoneyEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="money_entries")
    category = models.CharField(_("category"), max_length=32, choices=MoneyCategory.choices)
    amount_yen = models.PositiveBigIntegerField(_("amount (yen)"))
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = (
            "on",
            "pk",
        )
        verbose_name = _("money entry")
        verbose_name_plural = _("money entries")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.category} ¥{self.amount_yen}"


class Notification(models.Model):
    """An in-app notice; the same event may also go out by e-mail."""

    class Kind(models.TextChoices):
        CASE_REPORTED = "case_reported", _("New case reported")
        CASE_CRITICAL = "case_critical", _("Critical case reported")
        CASE_ASSIGNED = "case_assigned", _("Case assigned to you")
        CASE_DECIDED = "case_decided", _("Case decided")
        REPEAT_CONTACT = "repeat_contact", _("Repeated contact detected")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = (
            "-created_at",
            "-pk",
        )
        indexes = (models.Index(fields=["recipient", "read_at"], name="notification_unread"),)
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.kind}"
