"""The audit trail reads in Japanese for a Japanese browser, English otherwise."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from kasudesk.audit.chain import verify_chain
from kasudesk.audit.log import log_action
from tests.conftest import World
from tests.helpers import login_as

pytestmark = pytest.mark.django_db

AUDIT = "/audit/"
JAPANESE = "ja,en-US;q=0.8"
ENGLISH = "en-US,en;q=0.9"


@pytest.mark.parametrize(
    ("accept", "present", "absent"),
    [
        (
            JAPANESE,
            [
                "<h1>監査ログ</h1>",
                "操作（前方一致）",
                "例：accounts. や case.status",
                "開始日",
                "終了日",
                "実行者",
                "システム",
                "1 ページ中 1 ページ目",
            ],
            ["Audit trail", "Page 1 of 1", "System"],
        ),
        (
            ENGLISH,
            ["<h1>Audit trail</h1>", "Action starts with", "Until", "System", "Page 1 of 1"],
            ["監査ログ", "システム"],
        ),
    ],
)
def test_it_shows_the_trail_in_the_browser_s_language(
    client: Client, world: World, accept: str, present: list[str], absent: list[str]
) -> None:
    log_action("case.created", actor=world.staff, organization_id=world.organization.pk)
    log_action("case.reminded", actor=None, organization_id=world.organization.pk)
    login_as(client, world.auditor)
    response = client.get(AUDIT, headers={"accept-language": accept})
    assert response.status_code == 200
    body = response.content.decode()
    for text in present:
        assert text in body
    for text in absent:
        assert text not in body


@pytest.mark.parametrize(
    ("accept", "expected"),
    [(JAPANESE, "条件に一致する記録はありません。"), (ENGLISH, "No entries match.")],
)
def test_it_says_nothing_matched_in_the_browser_s_language(
    client: Client, world: World, accept: str, expected: str
) -> None:
    login_as(client, world.auditor)
    response = client.get(AUDIT, {"action": "nothing."}, headers={"accept-language": accept})
    assert expected in response.content.decode()


def test_it_reports_a_broken_chain_in_japanese(world: World) -> None:
    for _ in range(3):
        log_action("case.created", actor=world.desk, target=world.store)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = %s WHERE sequence = 2", ["x.y"])
    with translation.override("ja"):
        problem = verify_chain()
    assert problem == "記録 #2（x.y）は改ざんされています。内容がハッシュと一致しません。"
