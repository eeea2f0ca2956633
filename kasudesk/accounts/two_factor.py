"""TOTP enrolment and backup codes, built on django_otp's devices."""

from __future__ import annotations

import base64
from urllib.parse import quote, urlencode

import segno
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kasudesk.accounts.models import User

ISSUER = "KasuDesk"
BACKUP_CODE_COUNT = 10


def is_verified(user: object) -> bool:
    """Whether OTPMiddleware saw a verified device in this session."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    )
    return device


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled, created on first visit."""
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    )
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, grouped by four, for typing into an authenticator app."""
    encoded = base64.b32encode(bytes(device.bin_key)).decode("ascii").rstrip("=")
    return " ".join(encoded[i : i + 4] for i in range(0, len(encoded), 4))


def provisioning_uri(device: TOTPDevice, user: User) -> str:
    secret = base64.b32encode(bytes(device.bin_key)).decode("ascii").rstrip("=")
    label = quote(f"{ISSUER}:{user.get_username()}")
    query = urlencode(
        {
            "secret": secret,
            "issuer": ISSUER,
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        }
    )
    return f"otpauth://totp/{label}?{query}"


def qr_svg(uri: str) -> str:
    """An inline SVG QR code, drawn here so no image leaves the server."""
    svg: str = segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff")
    return svg


@transaction.atomic
def confirm_enrolment(device: TOTPDevice) -> list[str]:
    """Confirm ``device`` and issue fresh backup codes, returned once in clear."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=device.user).delete()
    backup = StaticDevice.objects.create(user=device.user, name="backup", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


@transaction.atomic
def reset_two_factor(user: User) -> int:
    """Remove every device of ``user``, who must enrol again at next sign-in."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _per_model = model.objects.filter(user=user).delete()
        removed += count
    return removed
