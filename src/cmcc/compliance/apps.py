from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "cmcc.compliance"
    label = "compliance"
    verbose_name = "Compliance"
