"""``verify_evidence``: re-hash every stored evidence file and report mismatches."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kasudesk.cases.actions import verify_evidence_hashes


class Command(BaseCommand):
    help = "Re-hash stored evidence files; exit 1 if any differs from its recorded SHA-256."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = verify_evidence_hashes()
        if not problems:
            self.stdout.write("All evidence files match their recorded SHA-256.")
            return
        for problem in problems:
            found = "missing" if problem.actual is None else problem.actual
            self.stderr.write(
                f"evidence {problem.evidence_id}: expected {problem.expected}, found {found}"
            )
        raise CommandError(f"{len(problems)} evidence file(s) failed verification", returncode=1)
