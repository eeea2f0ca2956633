from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kasudesk.audit"
    label = "audit"
