from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "cmcc.movements"
    label = "movements"
    verbose_name = "Movements"
