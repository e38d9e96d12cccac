from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementsConfig(AppConfig):
    name = "cmcc.movements"
    label = "movements"
    verbose_name = "Movements"
    # (label, URL name, section prefix): shown in the main navigation (core/nav.py)
    nav = [(_("Movements"), "movements:list", "movements:")]
    # audit entries link to the record's page
    detail_urls = {
        "movements.movementnotification": "movements:detail",
        "movements.notifiedsite": "movements:site",
        "movements.zone": "movements:zone",
        "movements.transmission": "movements:transmission",
    }
