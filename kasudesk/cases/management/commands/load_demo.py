"""``load_demo``: create the demo organisation once and print its logins."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils import translation

from kasudesk.accounts.models import TWO_FACTOR_ROLES, User
from kasudesk.cases.demo import DEMO_ORGANIZATION, PEOPLE, demo_exists, load_demo

# The demo's people have example addresses: nothing should leave the machine
# while it loads, whatever mail backend is configured.
_NO_MAIL = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}


class Command(BaseCommand):
    help = "Load a demo organisation with people for every role and a dozen incidents."

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_exists():
            self.stdout.write(
                f"The demo organisation {DEMO_ORGANIZATION} is already loaded; nothing to do."
            )
            return
        taken = sorted(
            User.objects.filter(username__in=[p.username for p in PEOPLE]).values_list(
                "username", flat=True
            )
        )
        if taken:
            raise CommandError(
                f"cannot load the demo: these usernames already exist: {', '.join(taken)}"
            )
        # The immediate task backend logs every (suppressed) e-mail task.
        task_log = logging.getLogger("django.tasks")
        level = task_log.level
        task_log.setLevel(logging.WARNING)
        try:
            with translation.override("ja"), override_settings(MAILERS=_NO_MAIL):
                demo = load_demo()
        finally:
            task_log.setLevel(level)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {DEMO_ORGANIZATION}: {len(demo.sites)} sites, {len(demo.users)} people, "
                f"{len(demo.cases)} cases, {len(demo.customers)} customers."
            )
        )
        self.stdout.write("\nDemo logins (shown only now):\n")
        width = max(len(p.username) for p in PEOPLE)
        for person in PEOPLE:
            note = "  (TOTP enrolment at first sign-in)" if person.role in TWO_FACTOR_ROLES else ""
            self.stdout.write(
                f"  {person.username:<{width}}  {person.password:<24}  "
                f"{person.last_name} {person.first_name}  {person.role.label}{note}"
            )
