"""Vocabularies of the aid delivery pipeline (domain research §1). Pure: no tables, so the rules
module and the importers can use them without the ORM."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a consignment is coordinated (§1.1). Counts by different authorities differ mostly
    because each counts a different set of channels."""

    UN2720 = "un2720", _("UN-coordinated (2720 mechanism)")
    BILATERAL = "bilateral", _("Bilateral (states, Red Crescent)")
    COMMERCIAL = "commercial", _("Commercial / private sector")
    AIRDROP = "airdrop", _("Airdrop")
    UNSPECIFIED = "unspecified", _("Not stated by the source")


class OriginHub(models.TextChoices):
    AL_ARISH = "al_arish", _("Al Arish (Egypt)")
    JORDAN = "jordan", _("Jordan")
    ISRAEL = "israel", _("Israel")
    CYPRUS = "cyprus", _("Cyprus")
    WEST_BANK = "west_bank", _("West Bank")
    OTHER = "other", _("Other")


class CrossingKind(models.TextChoices):
    GOODS = "goods", _("Goods crossing")
    PEOPLE = "people", _("People crossing")
    PEOPLE_AND_GOODS = "people_and_goods", _("People and goods")
    CORRIDOR = "corridor", _("Corridor crossing point")
    PORT = "port", _("Port")


class CrossingState(models.TextChoices):
    OPEN = "open", _("Open")
    RESTRICTED = "restricted", _("Restricted")
    CLOSED = "closed", _("Closed")


class Unit(models.TextChoices):
    PIECE = "piece", _("piece")
    KIT = "kit", _("kit")
    CARTON = "carton", _("carton")
    BAG = "bag", _("bag")
    PALLET = "pallet", _("pallet")
    KG = "kg", _("kilogram")
    TONNE = "tonne", _("tonne")
    LITRE = "litre", _("litre")
    CUBIC_METRE = "m3", _("cubic metre")
    TRUCK = "truck", _("truckload")


class Status(models.TextChoices):
    """The consignment lifecycle of BRIEF §5.3 / domain §1.3."""

    DRAFT = "draft", _("Draft")
    REGISTERED = "registered", _("Registered")
    CLEARANCE_REQUESTED = "clearance_requested", _("Clearance requested")
    APPROVED = "approved", _("Approved for entry")
    REJECTED = "rejected", _("Rejected")
    APPEALED = "appealed", _("Appealed")
    STAGED = "staged", _("Staged at origin hub")
    MANIFESTED = "manifested", _("Manifested")
    AT_CROSSING = "at_crossing", _("At crossing")
    INSPECTED = "inspected", _("Inspected and cleared")
    REFUSED = "refused", _("Refused at inspection (returned)")
    OFFLOADED = "offloaded", _("Offloaded at crossing")
    AWAITING_COLLECTION = "awaiting_collection", _("Awaiting collection")
    COLLECTED = "collected", _("Collected")
    IN_TRANSIT = "in_transit", _("In transit")
    INTERCEPTED = "intercepted", _("Intercepted")
    REACHED_DESTINATION = "reached_destination", _("Reached destination")
    WAREHOUSED = "warehoused", _("Warehoused")
    DISTRIBUTED = "distributed", _("Distributed")
    CANCELLED = "cancelled", _("Cancelled")


class Event(models.TextChoices):
    REGISTER = "register", _("Register")
    REQUEST_CLEARANCE = "request_clearance", _("Request clearance")
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    APPEAL = "appeal", _("Appeal")
    STAGE = "stage", _("Stage at hub")
    MANIFEST = "manifest", _("Manifest for a crossing")
    POSTPONE = "postpone", _("Postpone (not called forward)")
    ARRIVE = "arrive", _("Arrive at crossing")
    INSPECT = "inspect", _("Inspection: cleared")
    REFUSE = "refuse", _("Inspection: refused and returned")
    OFFLOAD = "offload", _("Offload")
    AWAIT_COLLECTION = "await_collection", _("Wait for collection")
    COLLECT = "collect", _("Collect")
    DEPART = "depart", _("Depart for destination")
    INTERCEPT = "intercept", _("Intercepted")
    REACH_DESTINATION = "reach_destination", _("Reach destination")
    WAREHOUSE = "warehouse", _("Warehouse")
    DISTRIBUTE = "distribute", _("Distribute")
    CANCEL = "cancel", _("Cancel")
    IMPORT = "import", _("Imported")


class Interception(models.TextChoices):
    PEACEFUL = "peaceful", _("Peacefully, by people in need")
    ARMED = "armed", _("By armed actors")


class LineClearance(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class LineInspection(models.TextChoices):
    PENDING = "pending", _("Not inspected")
    CLEARED = "cleared", _("Cleared")
    REFUSED = "refused", _("Refused and returned")


class RequestKind(models.TextChoices):
    REQUEST = "request", _("Clearance request")
    APPEAL = "appeal", _("Appeal")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    PARTIALLY_APPROVED = "partially_approved", _("Approved in part")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")


class Stage(models.TextChoices):
    """Lifecycle stages a count can refer to (the funnel, §1.1 'lifecycle_stage_counted')."""

    APPROVED = "approved", _("Approved for entry")
    ENTERED = "entered", _("Entered (cleared at crossing)")
    OFFLOADED = "offloaded", _("Offloaded")
    COLLECTED = "collected", _("Collected")
    DELIVERED = "delivered", _("Delivered (reached destination)")


class FigureUnit(models.TextChoices):
    TRUCK = "truck", _("trucks")
    PALLET = "pallet", _("pallets")
    TONNE = "tonne", _("tonnes")
    LITRE = "litre", _("litres")


class FigureBasis(models.TextChoices):
    TOTAL = "total", _("Total over the period")
    DAILY_AVERAGE = "daily_average", _("Average per day")


class FigureChannel(models.TextChoices):
    ALL = "all", _("All channels")
    UN2720 = "un2720", _("UN-coordinated (2720 mechanism)")
    BILATERAL = "bilateral", _("Bilateral")
    COMMERCIAL = "commercial", _("Commercial")
    AIRDROP = "airdrop", _("Airdrop")
    HUMANITARIAN = "humanitarian", _("All humanitarian (not commercial)")


class TargetKind(models.TextChoices):
    TARGET = "target", _("Target")
    OBLIGATION = "obligation", _("Obligation")
    NEED = "need", _("Assessed need")


class ImportFormat(models.TextChoices):
    CMCC = "cmcc", _("cmcc template")
    UNRWA = "unrwa", _("UNRWA aid-truck layout")
