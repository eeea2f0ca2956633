"""Verification of the audit trail's hash chain, and anchors of its head.

The chain shows any entry altered, inserted or removed before the newest one,
but not the newest entries removed together: the trail then simply ends
earlier. An anchor, the newest entry's number and hash written somewhere
the database cannot reach (``kasudesk verify-audit --anchor FILE``, run
periodically), closes that gap: the anchored entry must still be there,
unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from kasudesk.audit.log import compute_hash
from kasudesk.audit.models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class Head:
    """The newest entry of the trail: its number and hash."""

    sequence: int
    hash: str


def chain_head() -> Head | None:
    last = AuditEvent.objects.order_by("-sequence").values("sequence", "hash").first()
    return Head(last["sequence"], last["hash"]) if last else None


def verify_chain(anchor: Head | None = None) -> str | None:
    """Walk the trail in order and describe the first broken entry, or return None.

    Sequence numbers must run 1, 2, 3 … without gaps, each entry's hash must
    match its content, and each entry must name its predecessor's hash. With
    an ``anchor`` from an earlier run, the entry it names must still exist
    with the same hash.
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
        if anchor is not None and event.sequence == anchor.sequence and event.hash != anchor.hash:
            return _(
                "Entry #%(sequence)d differs from the anchored copy: the trail was rewritten "
                "from there on."
            ) % {"sequence": event.sequence}
        prev_hash = event.hash
        expected_sequence += 1
    if anchor is not None and anchor.sequence >= expected_sequence:
        return _(
            "The trail ends at entry #%(last)d but the anchor recorded entry #%(anchored)d: "
            "the newest entries were removed."
        ) % {"last": expected_sequence - 1, "anchored": anchor.sequence}
    return None
