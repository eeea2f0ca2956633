"""Helpers that several test modules share."""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from kasudesk.accounts.access import requires_two_factor
from kasudesk.accounts.models import User


def login_as(client: Client, user: User) -> Client:
    """Sign ``user`` in, with a verified second factor when their role needs one.

    The two-factor middleware would otherwise send desk, counsel and admin
    personas to enrolment on every request.
    """
    client.force_login(user)
    if requires_two_factor(user):
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="test", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
