from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "cmcc.partners"
    label = "partners"
    verbose_name = "Partners"
