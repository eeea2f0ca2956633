from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kasudesk.web"
    label = "web"
