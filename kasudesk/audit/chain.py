"""Verification of the audit trail's hash chain."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kasudesk.audit.log import compute_hash
from kasudesk.audit.models import GENESIS_HASH, AuditEvent


def verify_chain() -> str | None:
    """Walk the trail in order and describe the first broken entry, or return None.

    Sequence numbers must run 1, 2, 3 … without gaps, each entry's hash must
    match its content, and each entry must name its predecessor's hash.
    """
    expected_sequence = 1
    prev_hash = GENESIS_HASH
    events = AuditEvent.objects.order_by("sequence").select_related("target_type")
    for event in events.iterator(chunk_size=2000):
        if event.sequence != expected_sequence:
            if event.sequence > expected_sequence:
                return _(
                    "Entry #%(missing)d is missing: the entry before #%(found)d was removed."
                ) % {"missing": expected_sequence, "found": event.sequence}
            return _("Entry #%(found)d appears out of order.") % {"found": event.sequence}
        if compute_hash(event) != event.hash:
            return _(
                "Entry #%(sequence)d (%(action)s) was altered: its content no longer "
                "matches its hash."
            ) % {"sequence": event.sequence, "action": event.action}
        if event.prev_hash != prev_hash:
            return _(
                "Entry #%(sequence)d (%(action)s) does not follow entry #%(previous)d: "
                "an entry was inserted or replaced."
            ) % {
                "sequence": event.sequence,
                "action": event.action,
                "previous": event.sequence - 1,
            }
        prev_hash = event.hash
        expected_sequence += 1
    return None
