from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "kasudesk.cases"
    label = "cases"
