"""Vocabularies every app shares: communities and releasability levels (BRIEF §4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Community(models.TextChoices):
    HUMANITARIAN = "humanitarian", _("Humanitarian")
    MILITARY = "military", _("Military")
    PARTY = "party", _("Party to the ceasefire")
    DONOR = "donor", _("Donor")
    OBSERVER = "observer", _("Observer")
    COORDINATION = "coordination", _("Coordination")


# Communities that never see protected humanitarian data, whatever a record says.
RESTRICTED_COMMUNITIES = frozenset({Community.MILITARY.value, Community.PARTY.value})


class Releasability(models.TextChoices):
    ORG = "org", _("Owner organisation only")
    COMMUNITY = "community", _("Owner's community")
    NAMED = "named", _("Named organisations and communities")
    CMCC = "cmcc", _("All member organisations")
    PUBLIC = "public", _("Public")


# Releasability levels a protected record may carry: it is never broadcast.
PROTECTED_RELEASABILITY = frozenset({Releasability.ORG.value, Releasability.NAMED.value})

# Narrowest first: the audit trail scopes an entry to the narrower of its before/after states.
RELEASABILITY_ORDER = {
    Releasability.ORG.value: 0,
    Releasability.NAMED.value: 1,
    Releasability.COMMUNITY.value: 2,
    Releasability.CMCC.value: 3,
    Releasability.PUBLIC.value: 4,
}
