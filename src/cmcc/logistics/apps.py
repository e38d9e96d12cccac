from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    name = "cmcc.logistics"
    label = "logistics"
    verbose_name = "Logistics"
    # (label, URL name, section prefix): shown in the main navigation (core/nav.py)
    nav = [(_("Logistics"), "logistics:consignments", "logistics:")]
    # audit entries link to the record's page
    detail_urls = {
        "logistics.consignment": "logistics:consignment",
        "logistics.clearancerequest": "logistics:request",
    }
