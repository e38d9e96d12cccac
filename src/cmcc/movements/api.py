"""Movements API (``/api/v1/movements``): notified sites, zones and their versions, movement
notifications with their derived findings, the party inbox, outcomes, access constraints, the weekly
snapshot, map layers (GeoJSON) and the HXL export. Every answer is filtered by the access module."""

from ninja import Router

from .api_constraints import router as constraints_router
from .api_notifications import router as notifications_router
from .api_parties import router as parties_router
from .api_sites import router as sites_router
from .api_zones import router as zones_router

router = Router(tags=["movements"])
router.add_router("", sites_router)
router.add_router("", zones_router)
router.add_router("", notifications_router)
router.add_router("", parties_router)
router.add_router("", constraints_router)
