from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "cmcc.coordination"
    label = "coordination"
    verbose_name = "Coordination"
