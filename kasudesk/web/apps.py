from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kasudesk.web"
    label = "web"

    def ready(self) -> None:
        # Importing registers the installation checks with Django.
        from kasudesk.web import checks  # noqa: F401, PLC0415
