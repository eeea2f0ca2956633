"""Every change to cases and the customer registry goes through these functions.

Each runs in one transaction, writes its audit entry and schedules its
notifications for after the commit. Views, the API, admin actions and
management commands call them; nothing else writes these models.
"""

from kasudesk.cases.actions.costs import add_money_entry, add_time_entry
from kasudesk.cases.actions.customers import (
    ban_customer,
    create_customer,
    find_or_create_customer,
    issue_warning,
    lift_ban,
    link_customer,
    record_contact,
    set_customer_alert,
    update_customer,
)
from kasudesk.cases.actions.evidence import (
    add_evidence,
    delete_evidence,
    record_evidence_access,
    verify_evidence_hashes,
)
from kasudesk.cases.actions.notifications import (
    mark_all_notifications_read,
    mark_notification_read,
)
from kasudesk.cases.actions.reports import (
    NewCustomer,
    ReportInput,
    current_assessment,
    reassess_case,
    save_draft,
    submit_incident,
    update_facts,
)
from kasudesk.cases.actions.workflow import (
    TRANSITIONS,
    add_case_action,
    add_note,
    add_statement,
    allowed_transitions,
    assign_case,
    change_status,
    complete_case_action,
    decide_case,
    plan_case_action,
)

__all__ = [
    "TRANSITIONS",
    "NewCustomer",
    "ReportInput",
    "add_case_action",
    "add_evidence",
    "add_money_entry",
    "add_note",
    "add_statement",
    "add_time_entry",
    "allowed_transitions",
    "assign_case",
    "ban_customer",
    "change_status",
    "complete_case_action",
    "create_customer",
    "current_assessment",
    "decide_case",
    "delete_evidence",
    "find_or_create_customer",
    "issue_warning",
    "lift_ban",
    "link_customer",
    "mark_all_notifications_read",
    "mark_notification_read",
    "plan_case_action",
    "reassess_case",
    "record_contact",
    "record_evidence_access",
    "save_draft",
    "set_customer_alert",
    "submit_incident",
    "update_customer",
    "update_facts",
    "verify_evidence_hashes",
]
