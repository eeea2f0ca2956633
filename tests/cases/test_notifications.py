"""In-app notifications: only one's own, marked read once."""

from __future__ import annotations

import pytest
from django.http import Http404

from kasudesk.cases.actions import mark_all_notifications_read, mark_notification_read
from kasudesk.cases.models import Case, Notification
from tests.cases.conftest import NOW
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_it_marks_ones_own_notification_read_once(world: World, submitted: Case) -> None:
    notification = Notification.objects.get(case=submitted, recipient=world.manager)
    assert notification.read_at is None
    mark_notification_read(world.manager, notification.pk, now=NOW)
    again = mark_notification_read(world.manager, notification.pk)
    assert again.read_at == NOW


def test_it_hides_other_peoples_notifications(world: World, submitted: Case) -> None:
    notification = Notification.objects.get(case=submitted, recipient=world.manager)
    with pytest.raises(Http404):
        mark_notification_read(world.desk, notification.pk)


def test_it_marks_all_unread_at_once(world: World, submitted: Case) -> None:
    assert mark_all_notifications_read(world.desk, now=NOW) == 1
    assert mark_all_notifications_read(world.desk, now=NOW) == 0
    assert Notification.objects.get(recipient=world.manager).read_at is None
