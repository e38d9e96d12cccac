from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "cmcc.compliance"
    label = "compliance"
    verbose_name = "Compliance"
    # (label, URL name, section prefix): shown in the main navigation (core/nav.py)
    nav = [(_("Compliance"), "compliance:dashboard", "compliance:")]
    public_nav = [(_("Public findings"), "compliance:findings", "compliance:finding")]
    # audit entries link to the record's page
    detail_urls = {
        "compliance.incident": "compliance:incident",
        "compliance.report": "compliance:report",
        "compliance.evidence": "compliance:evidence",
        "compliance.source": "compliance:source",
        "compliance.thread": "compliance:thread",
        "compliance.publicfinding": "compliance:finding",
    }
