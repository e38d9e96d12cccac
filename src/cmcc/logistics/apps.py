from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "cmcc.logistics"
    label = "logistics"
    verbose_name = "Logistics"
