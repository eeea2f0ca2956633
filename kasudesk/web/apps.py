from django.apps import AppConfig
from django.db.models import fields
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "kasudesk.web"
    label = "web"

    def ready(self) -> None:
        # Importing registers the installation checks with Django.
        from kasudesk.web import checks  # noqa: F401, PLC0415

        # Django's own Japanese catalog does not translate the blank choice that
        # Django 6.1 introduced; the same words marked here get ours.
        fields.BLANK_CHOICE_LABEL = _("- Select an option -")
