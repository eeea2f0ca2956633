"""Forms of the case screens: validation of what people type, nothing more.

The structured facts are built from the tables in ``kasudesk.cases.facts``
so that the report screen and the assessment contract never drift apart.
Every yes/no question offers "unknown", and "unknown" is never stored: an
absent fact means unknown to the judgment core, never false.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet, TextChoices
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kasudesk.accounts.models import Organization, Site, User
from kasudesk.cases.customers import MIN_PHONE_DIGITS
from kasudesk.cases.facts import BOOLEAN_FACTS, CLAIM_VALIDITY, DEMANDS, INTEGER_FACTS
from kasudesk.cases.models import (
    Activity,
    Ban,
    Behavior,
    CaseAction,
    Channel,
    ContactLog,
    Customer,
    CustomerWarning,
    Decision,
    MoneyCategory,
    Severity,
    Statement,
    Status,
    Verdict,
)

YES, NO, UNKNOWN = "yes", "no", "unknown"
TRI_STATE = [
    (YES, pgettext_lazy("answer", "Yes")),
    (NO, pgettext_lazy("answer", "No")),
    (UNKNOWN, pgettext_lazy("answer", "Don't know")),
]

# What the report form's file inputs offer; the server checks the content
# itself (the evidence storage sniffs the bytes), this only helps the picker.
EVIDENCE_ACCEPT = (
    "image/*,audio/*,video/*,application/pdf,message/rfc822,.eml,.msg,.txt,.pdf,"
    ".jpg,.jpeg,.png,.heic,.webp,.gif,.m4a,.mp3,.wav,.aac,.mp4,.mov,.webm"
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files from one input; names are checked, content is not."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in files]
        for item in cleaned:
            check_file_name(item.name)
        return cleaned


def check_file_name(name: str) -> None:
    """Refuse names that carry a path; browsers send bare names, attackers do not."""
    if not name or "/" in name or "\\" in name or name.startswith(".") or "\x00" in name:
        raise ValidationError(
            _("The file name “%(name)s” is not allowed. Rename the file and try again."),
            code="file_name",
            params={"name": name},
        )


def _lazy(text: Promise) -> Any:
    """A lazy translation from the facts tables, typed for form labels."""
    return text


if TYPE_CHECKING:
    _UserChoiceField = forms.ModelChoiceField[User]
else:
    # ModelChoiceField is generic only in the type stubs.
    _UserChoiceField = forms.ModelChoiceField


class PersonChoiceField(_UserChoiceField):
    """People listed as "family name given name", as everywhere in KasuDesk."""

    def label_from_instance(self, obj: User) -> str:
        return obj.display_name()


def _localised_datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    """A form that carries the version of the case it was rendered from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class FactQuestions(forms.Form):
    """The story and the structured facts: asked in the report, corrected later."""

    narrative = forms.CharField(
        label=_("What happened? Write the customer's words as they were said."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
    )
    duration_minutes = forms.IntegerField(
        label=_lazy(INTEGER_FACTS["duration_minutes"]),
        min_value=0,
        max_value=24 * 60,
        required=False,
    )
    claim_validity = forms.ChoiceField(
        label=_("Was the customer's complaint itself justified?"),
        choices=list(CLAIM_VALIDITY.items()),
        widget=forms.RadioSelect,
        initial="unknown",
        required=False,
    )
    demands = forms.MultipleChoiceField(
        label=_("What did the customer demand?"),
        choices=list(DEMANDS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    contacts_count = forms.IntegerField(
        label=_("How many times has the customer contacted you recently?"),
        min_value=0,
        max_value=10000,
        required=False,
    )
    contacts_days = forms.IntegerField(
        label=_("Over how many days?"), min_value=1, max_value=3650, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, question in BOOLEAN_FACTS.items():
            self.fields[f"fact_{key}"] = forms.ChoiceField(
                label=_lazy(question),
                choices=TRI_STATE,
                widget=forms.RadioSelect,
                initial=UNKNOWN,
                required=False,
            )

    def fact_fields(self) -> list[forms.BoundField]:
        return [self[f"fact_{key}"] for key in BOOLEAN_FACTS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        count, days = cleaned.get("contacts_count"), cleaned.get("contacts_days")
        if (count is None) != (days is None):
            self.add_error(
                "contacts_days",
                _("Give both the number of contacts and the number of days, or neither."),
            )
        return cleaned

    def facts(self) -> dict[str, Any]:
        """The known facts only, in the contract's shape."""
        data = self.cleaned_data
        facts: dict[str, Any] = {}
        for key in BOOLEAN_FACTS:
            answer = data.get(f"fact_{key}")
            if answer in (YES, NO):
                facts[key] = answer == YES
        if data.get("duration_minutes") is not None:
            facts["duration_minutes"] = data["duration_minutes"]
        if data.get("claim_validity"):
            facts["claim_validity"] = data["claim_validity"]
        if data.get("demands"):
            facts["demands"] = list(data["demands"])
        if data.get("contacts_count") is not None and data.get("contacts_days") is not None:
            facts["contacts"] = {"count": data["contacts_count"], "days": data["contacts_days"]}
        return facts


class ReportForm(FactQuestions):
    """The front-line report: everything optional but the site, time and story."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    site = forms.ModelChoiceField(queryset=Site.objects.none(), label=_("Where did it happen?"))
    occurred_at = forms.DateTimeField(
        label=_("When did it happen?"), widget=_localised_datetime_widget()
    )
    channel = forms.ChoiceField(
        label=_("How did the customer contact you?"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        initial=Channel.IN_PERSON,
    )
    # The id the picker fills in; a hidden field, so that the page never
    # lists the registry, however large it grows.
    customer = forms.ModelChoiceField(
        queryset=Customer.objects.none(),
        required=False,
        label=_("Known customer"),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("That customer is not in the registry. Search for them again.")
        },
    )
    customer_search = forms.CharField(
        label=_("Find a registered customer"),
        help_text=_("Type a phone number, an e-mail address or a name."),
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": "#customer-matches",
                "hx-swap": "innerHTML",
                "aria-controls": "customer-matches",
            }
        ),
    )
    customer_name = forms.CharField(
        label=_("Customer's name, if known"), max_length=200, required=False
    )
    customer_phone = forms.CharField(
        label=_("Customer's phone number, if known"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    photo = forms.FileField(
        label=_("Take a photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    attachments = MultipleFileField(
        label=_("Attach photos, recordings, videos, PDFs, screenshots or e-mails"),
        widget=MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
    )

    def __init__(
        self,
        *args: Any,
        sites: QuerySet[Site],
        customers: QuerySet[Customer],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        site_field = self.fields["site"]
        assert isinstance(site_field, forms.ModelChoiceField)
        site_field.queryset = sites
        if len(sites) == 1:
            site_field.initial = sites[0].pk
            site_field.empty_label = None
        customer_field = self.fields["customer"]
        assert isinstance(customer_field, forms.ModelChoiceField)
        customer_field.queryset = customers
        if customers.query.is_empty():
            # Not a registry reader: no picker, only the name and phone fields.
            del self.fields["customer"]
            del self.fields["customer_search"]
        else:
            self.fields["customer_search"].widget.attrs["hx-get"] = reverse("cases:customer_pick")
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault(
                "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def clean_occurred_at(self) -> Any:
        value = self.cleaned_data["occurred_at"]
        # A few minutes of slack for phones whose clocks run fast.
        if value > timezone.now() + timedelta(minutes=10):
            raise ValidationError(_("The time of the incident cannot be in the future."))
        return value

    def clean_idempotency_key(self) -> str:
        value: str = self.cleaned_data["idempotency_key"]
        try:
            return uuid.UUID(value).hex
        except ValueError:
            raise ValidationError(
                _("This form is out of date. Reload the page and try again.")
            ) from None

    def typed_customer(self) -> tuple[str, str, str]:
        """Name, phone and e-mail typed for a customer not picked from the registry.

        Without JavaScript the search field is sent as typed: an e-mail
        address or a phone number in it lets the report find the registered
        customer; anything else is taken as a name.
        """
        data = self.cleaned_data
        name = data["customer_name"].strip()
        phone = data["customer_phone"].strip()
        email = ""
        typed = (data.get("customer_search") or "").strip()
        if typed and data.get("customer") is None:
            digits = sum(ch.isdigit() for ch in typed)
            if "@" in typed:
                email = typed
            elif digits >= MIN_PHONE_DIGITS and not any(ch.isalpha() for ch in typed):
                phone = phone or typed
            else:
                name = name or typed
        return name, phone, email

    def uploads(self) -> list[Any]:
        found = list(self.cleaned_data.get("attachments") or [])
        photo = self.cleaned_data.get("photo")
        if photo:
            check_file_name(photo.name)
            found.insert(0, photo)
        return found

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo:
            check_file_name(photo.name)
        return photo


def initial_from_case(case: Any) -> dict[str, Any]:
    """Initial values that reopen a draft in the report form."""
    facts: dict[str, Any] = dict(case.facts or {})
    initial: dict[str, Any] = {
        "site": case.site_id,
        "occurred_at": timezone.localtime(case.occurred_at).replace(second=0, microsecond=0),
        "channel": case.channel,
        "customer": case.customer_id,
        "narrative": case.narrative,
        "idempotency_key": case.idempotency_key or uuid.uuid4().hex,
        "duration_minutes": facts.get("duration_minutes"),
        "claim_validity": facts.get("claim_validity", "unknown"),
        "demands": facts.get("demands", []),
    }
    contacts = facts.get("contacts") or {}
    initial["contacts_count"] = contacts.get("count")
    initial["contacts_days"] = contacts.get("days")
    for key in BOOLEAN_FACTS:
        if key in facts:
            initial[f"fact_{key}"] = YES if facts[key] else NO
    return initial


class FactsForm(VersionedForm, FactQuestions):
    """Facts learned during fact-finding; the same questions as the report."""


class EvidenceForm(forms.Form):
    attachments = MultipleFileField(
        label=_("Files"),
        required=True,
        widget=MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
    )
    description = forms.CharField(label=_("Description"), max_length=500, required=False)


class EvidenceDeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must this file be deleted?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give the reason for deleting this file."))
        return reason


class StatusForm(VersionedForm):
    status = forms.ChoiceField(choices=Status.choices)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class AssignForm(VersionedForm):
    assignee = PersonChoiceField(queryset=User.objects.none(), label=_("Assignee"), required=False)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=_date_widget())

    def __init__(self, *args: Any, people: Iterable[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=[person.pk for person in people])


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )


class StatementForm(forms.Form):
    party = forms.ChoiceField(label=_("Whose statement?"), choices=Statement.Party.choices)
    speaker_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    taken_at = forms.DateTimeField(label=_("Taken on"), widget=_localised_datetime_widget())
    text = forms.CharField(
        label=_("Statement"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(
                "taken_at", timezone.localtime().replace(second=0, microsecond=0)
            )


class DecisionForm(VersionedForm):
    kind = forms.ChoiceField(
        label=_("Your decision"), choices=Decision.Kind.choices, widget=forms.RadioSelect
    )
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give the reason for your decision."))
        return reason


class ReassessForm(VersionedForm):
    pass


class CaseActionForm(forms.Form):
    """One checklist step. The owner choices come from a list already loaded,
    so that a page with many steps does not query the people once per step."""

    state = forms.ChoiceField(label=_("State"), choices=CaseAction.State.choices)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, required=False, empty_value=None)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=_date_widget())

    def __init__(self, *args: Any, people: Iterable[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        field = self.fields["owner"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "---------")] + [
            (pk, person.display_name()) for pk, person in self.people.items()
        ]

    def clean_owner(self) -> User | None:
        owner_id = self.cleaned_data.get("owner")
        return None if owner_id is None else self.people[owner_id]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("state") == "not_applicable" and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Say why this step does not apply."))
        return cleaned


class TimeEntryForm(forms.Form):
    activity = forms.ChoiceField(label=_("Activity"), choices=Activity.choices)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=24 * 60)
    on = forms.DateField(label=_("Date"), widget=_date_widget())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class MoneyEntryForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=MoneyCategory.choices)
    amount_yen = forms.IntegerField(label=_("Amount (yen)"), min_value=1, max_value=10**12)
    on = forms.DateField(label=_("Date"), widget=_date_widget())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    site = forms.ModelChoiceField(queryset=Site.objects.none(), required=False, label=_("Site"))
    status = forms.ChoiceField(required=False, label=_("Status"))
    behavior = forms.ChoiceField(required=False, label=_("Behavior"))
    severity = forms.ChoiceField(required=False, label=_("Severity"))
    assignee = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("Assignee")
    )
    start = forms.DateField(required=False, label=_("From"), widget=_date_widget())
    end = forms.DateField(required=False, label=_("Until"), widget=_date_widget())

    def __init__(
        self, *args: Any, sites: QuerySet[Site], people: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        site = self.fields["site"]
        assert isinstance(site, forms.ModelChoiceField)
        site.queryset = sites
        site.empty_label = str(_("All"))
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = people
        assignee.empty_label = str(_("All"))
        for name, choices in (
            ("status", Status.choices),
            ("behavior", Behavior.choices),
            ("severity", Severity.choices),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = everything + list(choices)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period is before its start."))
        return cleaned


class CustomerPickForm(forms.Form):
    customer_search = forms.CharField(required=False, max_length=200)


class BanFilter(TextChoices):
    IN_FORCE = "in_force", _("Banned now")
    REVIEW_DUE = "review_due", _("Ban review due")


class CustomerSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, phone or e-mail"), required=False, max_length=200)
    bans = forms.ChoiceField(
        label=_("Premises bans"),
        required=False,
        choices=[("", _("All customers")), *BanFilter.choices],
    )


class CustomerForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organisation"), empty_label=None
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, widget=forms.TextInput({"type": "tel"})
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations
        if len(organizations) == 1:
            field.initial = organizations[0].pk
            field.widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(key) for key in ("name", "phone", "email")):
            raise ValidationError(_("Give at least a name, a phone number or an e-mail address."))
        return cleaned


class ContactForm(forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.none(), label=_("Site"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactLog.Kind.choices)
    at = forms.DateTimeField(label=_("When"), widget=_localised_datetime_widget())
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=0, max_value=24 * 60, initial=0
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, sites: QuerySet[Site], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["site"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sites
        if not self.is_bound:
            self.initial.setdefault("at", timezone.localtime().replace(second=0, microsecond=0))


class WarningForm(forms.Form):
    form = forms.ChoiceField(
        label=_("How was the warning given?"),
        choices=CustomerWarning.Form.choices,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=_("Language of the letter"),
        choices=[("ja", "日本語"), ("en", "English")],
        initial="ja",
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class BanForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Where does the ban apply?"), choices=Ban.Scope.choices, widget=forms.RadioSelect
    )
    site = forms.ModelChoiceField(queryset=Site.objects.none(), label=_("Site"), required=False)
    starts_on = forms.DateField(label=_("From"), widget=_date_widget())
    ends_on = forms.DateField(label=_("Until"), required=False, widget=_date_widget())
    review_on = forms.DateField(label=_("Review on"), required=False, widget=_date_widget())
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )

    def __init__(self, *args: Any, sites: QuerySet[Site], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["site"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sites
        if not self.is_bound:
            self.initial.setdefault("starts_on", timezone.localdate())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("scope") == Ban.Scope.SITE and not cleaned.get("site"):
            self.add_error("site", _("Choose the site the ban applies to."))
        if cleaned.get("scope") == Ban.Scope.ORGANIZATION:
            cleaned["site"] = None
        starts, ends, review = (
            cleaned.get("starts_on"),
            cleaned.get("ends_on"),
            cleaned.get("review_on"),
        )
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The ban cannot end before it starts."))
        if starts and review and review < starts:
            self.add_error("review_on", _("The review cannot come before the ban starts."))
        if not (cleaned.get("reason") or "").strip() and "reason" not in self.errors:
            self.add_error("reason", _("Give the reason for the ban."))
        return cleaned


class LiftBanForm(forms.Form):
    lift_reason = forms.CharField(
        label=_("Why is the ban lifted?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Give the reason for lifting the ban.")},
    )


class AlertForm(forms.Form):
    alert = forms.ChoiceField(label=_("Alert at the counter"), choices=Customer.Alert.choices)
    instruction = forms.CharField(
        label=_("What front-line staff should do"), max_length=300, required=False
    )


class LookupForm(forms.Form):
    q = forms.CharField(
        label=_("Customer's name or phone number"),
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class CostPeriodForm(forms.Form):
    start = forms.DateField(required=False, label=_("From"), widget=_date_widget())
    end = forms.DateField(required=False, label=_("Until"), widget=_date_widget())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period is before its start."))
        return cleaned
