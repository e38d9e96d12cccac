"""Logistics API: crossings and reference data, consignments end to end, clearance requests and
decisions, figures as claims, targets, the throughput picture, imports and exports.

One router per concern, mounted on the app's router (``/api/v1/logistics``)."""

from ninja import Router

from . import clearance, consignments, figures, imports, picture, reference

router = Router(tags=["logistics"])
for module in (reference, consignments, clearance, figures, picture, imports):
    router.add_router("", module.router)

__all__ = ["router"]
