from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cmcc.accounts"
    label = "accounts"
    verbose_name = "Accounts"
