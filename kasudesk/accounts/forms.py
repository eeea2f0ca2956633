"""Forms for signing in with a second factor and resetting a password."""

from __future__ import annotations

from typing import Any, override

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kasudesk.accounts.models import User


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        # Authenticator apps show codes with a space in the middle.
        code: str = self.cleaned_data["code"]
        return "".join(code.split())


class LocalisedPasswordResetForm(PasswordResetForm):
    """Sends the reset e-mail in the recipient's own language."""

    @override
    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context.get("user")
        language = user.preferred_language if isinstance(user, User) else None
        with translation.override(language or translation.get_language()):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )
