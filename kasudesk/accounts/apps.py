from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kasudesk.accounts"
    label = "accounts"
