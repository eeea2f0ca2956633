"""The schema: migrations apply and the search index exists on each database."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_it_creates_the_search_structures_for_this_database() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE 'cases_case_fts%' ORDER BY name"
            )
            names = {row[0] for row in cursor.fetchall()}
            assert {
                "cases_case_fts",
                "cases_case_fts_ai",
                "cases_case_fts_ad",
                "cases_case_fts_au",
            } <= names
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'cases_case'")
            assert "cases_case_fts_gin" in {row[0] for row in cursor.fetchall()}
