"""Tables of the aid delivery pipeline (BRIEF §5.3)."""

from .consignments import (
    ClearanceLine,
    ClearanceRequest,
    Consignment,
    ConsignmentEvent,
    ConsignmentLine,
    Truck,
)
from .figures import Figure, ImportRun
from .reference import (
    Corridor,
    Crossing,
    CrossingCapacity,
    CrossingStatus,
    Item,
    ItemClassification,
    RejectionReason,
    Sector,
    Target,
)

__all__ = [
    "ClearanceLine",
    "ClearanceRequest",
    "Consignment",
    "ConsignmentEvent",
    "ConsignmentLine",
    "Corridor",
    "Crossing",
    "CrossingCapacity",
    "CrossingStatus",
    "Figure",
    "ImportRun",
    "Item",
    "ItemClassification",
    "RejectionReason",
    "Sector",
    "Target",
    "Truck",
]
