from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cmcc.core"
    label = "core"
    verbose_name = "Core"
