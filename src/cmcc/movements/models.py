"""Movements, notification and deconfliction (BRIEF §5.4, domain research §2).

- ``NotifiedSite``: a humanitarian facility notified to the parties; it lapses unless reconfirmed.
- ``Zone`` + ``ZoneVersion``: restricted areas, lines and areas needing coordination; a change of
  geometry or validity is a new version row, so the set in force at any moment can be recalled.
- ``MovementNotification``: purpose, route, window, vehicles, cargo; derived fields (zones crossed,
  coordination required, conflicts) are computed by the deconfliction engine, never typed in.
- ``Transmission``: the notification packet sent to one party concerned. Receipt (``received_at``)
  and the party's decision (``PartyDecision``) are separate facts: receipt is never approval.
- ``CheckpointEvent``, ``MovementPerson`` (protected), ``AccessConstraint``.

The vocabularies below are the reference data; ``rules.VOCABULARIES`` names their sources.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cmcc.core.models import BaseModel, SharedRecord

ORG = "partners.Organisation"


# -- vocabularies ------------------------------------------------------------------------------


class SiteFunction(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital")
    HEALTH = "health_facility", _("Other health facility")
    SHELTER = "shelter", _("Shelter")
    WAREHOUSE = "warehouse", _("Warehouse")
    OFFICE = "office", _("Office")
    GUESTHOUSE = "guesthouse", _("Guesthouse")
    DISTRIBUTION = "distribution_point", _("Distribution point")
    WATER = "water", _("Water infrastructure")
    POWER = "power", _("Power infrastructure")


class ZoneKind(models.TextChoices):
    RESTRICTED = "restricted", _("Restricted area")
    LINE = "line", _("Line")
    COORDINATION = "coordination_required", _("Area needing coordination")
    ADVISORY = "advisory", _("Advisory area (no coordination needed)")


class Purpose(models.TextChoices):
    FUEL = "fuel_delivery", _("Fuel delivery")
    STAFF_ROTATION = "staff_rotation", _("Staff rotation")
    COLLECTION = "collection_at_crossing", _("Collection at a crossing")
    NUTRITION = "nutrition_stock", _("Nutrition stock retrieval")
    SUPPLY = "supply_delivery", _("Supply delivery")
    DISTRIBUTION = "distribution", _("Distribution")
    ROAD_REPAIR = "road_repair", _("Road or infrastructure repair")
    PATIENT_EVACUATION = "patient_evacuation", _("Patient evacuation")
    REMAINS = "recovery_of_remains", _("Recovery of remains")
    ASSESSMENT = "assessment", _("Assessment")
    OTHER = "other", _("Other")


class Sector(models.TextChoices):
    FOOD = "food", _("Food")
    NUTRITION = "nutrition", _("Nutrition")
    WASH = "wash", _("Water, sanitation and hygiene")
    SHELTER = "shelter_nfi", _("Shelter and non-food items")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    PROTECTION = "protection", _("Protection")
    AGRICULTURE = "agriculture", _("Agriculture")
    FUEL = "fuel", _("Fuel")
    COOKING_GAS = "cooking_gas", _("Cooking gas")
    LOGISTICS = "logistics_telecom", _("Logistics and telecommunications")
    COMMERCIAL = "commercial", _("Commercial")
    MULTI = "multi_sector", _("Multi-sector")


class MovementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Notified")
    CLOSED = "closed", _("Outcome recorded")


class Outcome(models.TextChoices):
    """OCHA's categories for movements coordinated with the authorities (domain §2.1)."""

    FACILITATED = "facilitated", _("Facilitated")
    PARTIAL = "partially_facilitated", _("Partially facilitated")
    IMPEDED = "impeded", _("Approved, then impeded")
    DENIED = "denied", _("Denied")
    CANCELLED = "cancelled", _("Cancelled by the organiser")
    POSTPONED = "postponed", _("Postponed")


class ImpededResult(models.TextChoices):
    ACCOMPLISHED = "accomplished", _("Eventually completed")
    NOT_COMPLETED = "not_completed", _("Not completed")


class DecisionKind(models.TextChoices):
    """A party's decision on a movement: recorded separately from receipt, which decides nothing."""

    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CHANGES = "approved_with_changes", _("Approved with changes to route or window")
    DENIED = "denied", _("Denied")
    NO_RESPONSE = "no_response", _("No response")


class PersonRole(models.TextChoices):
    STAFF = "staff", _("Staff")
    DRIVER = "driver", _("Driver")
    PATIENT = "patient", _("Patient")
    COMPANION = "companion", _("Companion")
    OTHER = "other", _("Other")


class ConstraintCategory(models.TextChoices):
    """OCHA Access Monitoring and Reporting Framework incident categories (domain §2.2)."""

    ENTITLEMENT = "denial_of_entitlement", _("Denial of need or entitlement to assistance")
    ENTRY = "restriction_of_entry", _("Restriction of entry of agencies, personnel or goods")
    MOVEMENT = "restriction_of_movement", _("Restriction of movement within the area")
    INTERFERENCE = "interference", _("Interference in implementation")
    VIOLENCE = "violence_against_personnel", _("Violence against humanitarian personnel and assets")
    POPULATION = "restriction_of_population_access", _("Restriction of the population's access to services")
    MILITARY = "military_operations", _("Military operations and ongoing hostilities")
    EXPLOSIVES = "explosive_hazards", _("Mines and unexploded ordnance")
    ENVIRONMENT = "physical_environment", _("Physical environment")


class ConstraintDetail(models.TextChoices):
    """Gaza-specific constraints and incidents on the way, each under an AMRF category (rules)."""

    REGISTRATION = "registration_status", _("Organisation registration refused or lapsed")
    ITEM_REJECTION = "item_rejection", _("Items rejected")
    CROSSING_CLOSURE = "crossing_closure", _("Crossing closed")
    ROUTE_ORDER = "route_order", _("Route ordered or rerouted")
    EVACUATION_ORDER = "evacuation_order", _("Evacuation or displacement order affecting facilities")
    LOOTING = "looting_interception", _("Looting or interception of aid")
    CHECKPOINT_DELAY = "checkpoint_delay", _("Delay at a checkpoint")
    STOPPED = "stopped_or_turned_back", _("Stopped or turned back")
    FIRED_UPON = "fired_upon", _("Fired upon")
    DETENTION = "detention", _("Staff detained")
    ROAD_DAMAGE = "road_damage", _("Road impassable or damaged")


class ConflictKind(models.TextChoices):
    ZONE = "zone", _("Zone")
    MOVEMENT = "movement", _("Movement")
    SITE = "site", _("Notified site")


# -- notified sites ----------------------------------------------------------------------------


class NotifiedSite(SharedRecord):
    """A facility notified to the parties. ``valid_until`` lapses unless reconfirmed; a lapsed site is
    stale, never deleted, and removal from the list does not change its protected status."""

    name = models.CharField(_("name"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True, default="")
    function = models.CharField(_("function"), max_length=24, choices=SiteFunction.choices)
    geometry = models.JSONField(_("geometry"), help_text=_("GeoJSON Point, Polygon or MultiPolygon (WGS84)."))
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    governorate_pcode = models.CharField(_("governorate"), max_length=20, blank=True, default="")
    address = models.CharField(_("address"), max_length=300, blank=True, default="")
    occupancy = models.PositiveIntegerField(_("usual occupancy (people)"), null=True, blank=True)
    valid_from = models.DateTimeField(_("notified from"))
    valid_until = models.DateTimeField(_("valid until"))
    last_confirmed_at = models.DateTimeField(_("last confirmed"))
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, default="")
    source = models.CharField(_("source"), max_length=300, blank=True, default="")
    osm_id = models.CharField(_("OpenStreetMap id"), max_length=40, blank=True, default="")

    class Meta(SharedRecord.Meta):
        ordering = ["name"]
        indexes = [
            models.Index(fields=["valid_until"], name="mv_site_valid_until"),
            models.Index(fields=["function"], name="mv_site_function"),
        ]
        constraints = [
            *SharedRecord.Meta.constraints,
            models.CheckConstraint(condition=Q(lat__gte=-90, lat__lte=90), name="mv_site_lat_range"),
            models.CheckConstraint(condition=Q(lon__gte=-180, lon__lte=180), name="mv_site_lon_range"),
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("valid_from")), name="mv_site_validity"
            ),
        ]

    def __str__(self) -> str:
        return self.name


# -- zones -------------------------------------------------------------------------------------


class Zone(SharedRecord):
    """A restricted area, line or area needing coordination, and the party authority it concerns.
    Its geometry and validity live in versions."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=ZoneKind.choices)
    authority = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="movement_zones", verbose_name=_("party concerned")
    )
    description = models.TextField(_("description"), blank=True, default="")

    class Meta(SharedRecord.Meta):
        ordering = ["name"]
        indexes = [models.Index(fields=["kind"], name="mv_zone_kind")]

    def __str__(self) -> str:
        return self.name


class ZoneVersion(BaseModel):
    """One version of a zone: geometry, validity ``[valid_from, valid_to)`` and where it came from."""

    ACCESS_PARENT = "zone"

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    geometry = models.JSONField(_("geometry"), help_text=_("GeoJSON Polygon, MultiPolygon or LineString."))
    valid_from = models.DateTimeField(_("in force from"))
    valid_to = models.DateTimeField(_("in force until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)
    note = models.TextField(_("note"), blank=True, default="")
    recorded_by = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["zone", "version"]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="mv_zonever_validity")]
        constraints = [
            models.UniqueConstraint(fields=["zone", "version"], name="mv_zonever_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="mv_zonever_validity_order",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="mv_zonever_version_min"),
        ]

    def __str__(self) -> str:
        return f"{self.zone} v{self.version}"


# -- movement notifications --------------------------------------------------------------------


class MovementNotification(SharedRecord):
    """A notified movement. Derived fields are written only by the deconfliction service."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MovementStatus.choices, default=MovementStatus.DRAFT
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    sector = models.CharField(_("sector"), max_length=24, choices=Sector.choices, default=Sector.MULTI)
    partner_orgs = models.ManyToManyField(
        "partners.Organisation",
        related_name="movements_joined",
        blank=True,
        verbose_name=_("other organisations in the movement"),
    )
    vehicle_count = models.PositiveSmallIntegerField(_("vehicles"), default=0)
    vehicles = models.TextField(_("vehicle details"), blank=True, default="", help_text=_("Types, plates."))
    personnel_count = models.PositiveSmallIntegerField(_("people on board"), default=0)
    cargo_summary = models.TextField(_("cargo summary"), blank=True, default="")
    route = models.JSONField(_("route"), help_text=_("GeoJSON LineString through the waypoints (WGS84)."))
    waypoints = models.JSONField(_("waypoints"), default=list, blank=True)
    window_start = models.DateTimeField(_("window start"))
    window_end = models.DateTimeField(_("window end"))
    emergency = models.BooleanField(_("emergency"), default=False)
    consignment_id = models.UUIDField(_("consignment collected"), null=True, blank=True)
    narrative = models.TextField(_("notes"), blank=True, default="")
    # submission
    submitted_at = models.DateTimeField(_("notified at"), null=True, blank=True)
    notice_hours = models.PositiveSmallIntegerField(_("notice required (hours)"), null=True, blank=True)
    late = models.BooleanField(_("late notification"), default=False)
    # derived by the deconfliction engine
    coordination_required = models.BooleanField(_("coordination required"), default=False)
    governorates = models.JSONField(_("governorates crossed"), default=list, blank=True)
    clearance = models.CharField(
        _("decisions of the parties"),
        max_length=24,
        blank=True,
        default="",
        help_text=_("Summary of the parties' decisions (rules.Clearance); receipts play no part in it."),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    # outcome (OCHA categories)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True, default="")
    impeded_result = models.CharField(
        _("after the impediment"), max_length=16, choices=ImpededResult.choices, blank=True, default=""
    )
    departed_at = models.DateTimeField(_("departed at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    outcome_note = models.TextField(_("outcome notes"), blank=True, default="")
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta(SharedRecord.Meta):
        ordering = ["-window_start"]
        verbose_name = _("movement notification")
        indexes = [
            models.Index(fields=["status", "window_start"], name="mv_move_status_start"),
            models.Index(fields=["window_end"], name="mv_move_window_end"),
            models.Index(fields=["outcome"], name="mv_move_outcome"),
        ]
        constraints = [
            *SharedRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(window_end__gt=models.F("window_start")), name="mv_move_window"
            ),
            models.CheckConstraint(
                condition=Q(impeded_result="") | Q(outcome="impeded"), name="mv_move_impeded_result"
            ),
            models.CheckConstraint(
                condition=(Q(status="closed") & ~Q(outcome="")) | (~Q(status="closed") & Q(outcome="")),
                name="mv_move_outcome_when_closed",
            ),
            models.CheckConstraint(
                condition=Q(departed_at__isnull=True)
                | Q(completed_at__isnull=True)
                | Q(completed_at__gte=models.F("departed_at")),
                name="mv_move_completed_after",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="mv_move_submitted_at"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_purpose_display()}"


class MovementConflict(BaseModel):
    """One derived finding: the route enters a zone, or passes near another movement or a site, with
    where (lon/lat) and when (the interval both are live). Replaced whenever the movement is checked."""

    ACCESS_PARENT = "movement"

    movement = models.ForeignKey(MovementNotification, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(max_length=10, choices=ConflictKind.choices)
    zone_version = models.ForeignKey(
        ZoneVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    other_movement = models.ForeignKey(
        MovementNotification, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    site = models.ForeignKey(NotifiedSite, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    party = models.ForeignKey(ORG, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    category = models.CharField(max_length=40, blank=True, default="")
    lon = models.FloatField()
    lat = models.FloatField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    distance_m = models.FloatField(default=0)

    class Meta:
        ordering = ["kind", "starts_at"]
        indexes = [models.Index(fields=["other_movement"], name="mv_conflict_other")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="zone") & Q(zone_version__isnull=False))
                | (Q(kind="movement") & Q(other_movement__isnull=False))
                | (Q(kind="site") & Q(site__isnull=False)),
                name="mv_conflict_target",
            ),
            models.CheckConstraint(condition=Q(distance_m__gte=0), name="mv_conflict_distance"),
        ]

    def __str__(self) -> str:
        return f"{self.movement} {self.kind} conflict"


class Transmission(SharedRecord):
    """The notification packet sent to one party concerned: only the fields it needs, released to that
    party (and the centre's coordination staff). ``received_at`` records receipt — "received", which
    is not approval; the party's decision is a separate ``PartyDecision``."""

    movement = models.ForeignKey(MovementNotification, on_delete=models.PROTECT, related_name="transmissions")
    party = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="movement_transmissions")
    sent_at = models.DateTimeField(_("sent at"))
    notice_hours = models.PositiveSmallIntegerField(_("notice required (hours)"))
    late = models.BooleanField(_("late notification"), default=False)
    packet = models.JSONField(_("what was transmitted"), default=dict)
    concerned = models.BooleanField(
        _("still concerned"), default=True, help_text=_("False once the route no longer crosses its zones.")
    )
    received_at = models.DateTimeField(_("receipt confirmed at"), null=True, blank=True)
    received_by = models.CharField(_("receipt confirmed by"), max_length=200, blank=True, default="")
    decision = models.CharField(
        _("current decision"), max_length=24, choices=DecisionKind.choices, blank=True, default=""
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta(SharedRecord.Meta):
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["party", "sent_at"], name="mv_tx_party_sent")]
        constraints = [
            *SharedRecord.Meta.constraints,
            models.UniqueConstraint(fields=["movement", "party"], name="mv_tx_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.movement.reference} → {self.party}"


class PartyDecision(BaseModel):
    """A party's decision on a movement, kept as history (the latest is the current one)."""

    ACCESS_PARENT = "transmission"

    transmission = models.ForeignKey(Transmission, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=24, choices=DecisionKind.choices)
    decided_at = models.DateTimeField(_("decided at"))
    decided_by = models.CharField(_("decided by"), max_length=200)
    decided_by_org = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True, default="")
    changed_route = models.JSONField(_("route as approved"), null=True, blank=True)
    changed_window_start = models.DateTimeField(_("window start as approved"), null=True, blank=True)
    changed_window_end = models.DateTimeField(_("window end as approved"), null=True, blank=True)

    class Meta:
        ordering = ["decided_at", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(changed_window_start__isnull=True)
                | Q(changed_window_end__isnull=True)
                | Q(changed_window_end__gt=models.F("changed_window_start")),
                name="mv_decision_window",
            ),
            models.CheckConstraint(
                condition=~Q(kind="approved_with_changes")
                | Q(changed_route__isnull=False)
                | Q(changed_window_start__isnull=False)
                | Q(changed_window_end__isnull=False),
                name="mv_decision_changes_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.transmission} {self.kind}"


class CheckpointEvent(BaseModel):
    """Arrival at and departure from a checkpoint; the wait is in hours."""

    ACCESS_PARENT = "movement"

    movement = models.ForeignKey(
        MovementNotification, on_delete=models.PROTECT, related_name="checkpoint_events"
    )
    checkpoint = models.CharField(_("checkpoint"), max_length=200)
    lon = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived at"))
    departed_at = models.DateTimeField(_("departed at"), null=True, blank=True)
    wait_hours = models.FloatField(_("wait (hours)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, default="")
    recorded_by = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["arrived_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(departed_at__isnull=True) | Q(departed_at__gte=models.F("arrived_at")),
                name="mv_checkpoint_order",
            ),
            models.CheckConstraint(
                condition=Q(wait_hours__isnull=True) | Q(wait_hours__gte=0), name="mv_checkpoint_wait"
            ),
            models.CheckConstraint(
                condition=Q(lat__isnull=True) | Q(lat__gte=-90, lat__lte=90), name="mv_checkpoint_lat"
            ),
            models.CheckConstraint(
                condition=Q(lon__isnull=True) | Q(lon__gte=-180, lon__lte=180), name="mv_checkpoint_lon"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.checkpoint} ({self.movement.reference})"


class MovementPerson(SharedRecord):
    """A person on a movement (staff, driver, patient, companion). Always protected: the access module
    keeps it from military and party users whatever the sharing says; parties get only the count."""

    movement = models.ForeignKey(MovementNotification, on_delete=models.PROTECT, related_name="people")
    role = models.CharField(_("role"), max_length=12, choices=PersonRole.choices)
    full_name = models.CharField(_("full name"), max_length=200)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True, default="")
    document_ref = models.CharField(_("identity document"), max_length=100, blank=True, default="")
    note = models.TextField(_("note"), blank=True, default="")

    class Meta(SharedRecord.Meta):
        ordering = ["role", "full_name"]
        verbose_name = _("person on a movement")
        constraints = [
            *SharedRecord.Meta.constraints,
            models.CheckConstraint(condition=Q(protected=True), name="mv_person_protected"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} on {self.movement.reference}"


class AccessConstraint(SharedRecord):
    """One access constraint or incident on the way, in the AMRF taxonomy; counted by week,
    governorate and sector."""

    occurred_at = models.DateTimeField(_("occurred at"))
    category = models.CharField(_("category"), max_length=40, choices=ConstraintCategory.choices)
    detail = models.CharField(
        _("detail"), max_length=32, choices=ConstraintDetail.choices, blank=True, default=""
    )
    sector = models.CharField(_("sector"), max_length=24, choices=Sector.choices, default=Sector.MULTI)
    description = models.TextField(_("description"))
    location_name = models.CharField(_("place"), max_length=200, blank=True, default="")
    lon = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    governorate_pcode = models.CharField(_("governorate"), max_length=20, blank=True, default="")
    movement = models.ForeignKey(
        MovementNotification, on_delete=models.PROTECT, null=True, blank=True, related_name="constraints"
    )
    report_id = models.UUIDField(_("compliance report"), null=True, blank=True)

    class Meta(SharedRecord.Meta):
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["occurred_at"], name="mv_constraint_time"),
            models.Index(fields=["category", "occurred_at"], name="mv_constraint_cat"),
        ]
        constraints = [
            *SharedRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(lat__isnull=True) | Q(lat__gte=-90, lat__lte=90), name="mv_constraint_lat"
            ),
            models.CheckConstraint(
                condition=Q(lon__isnull=True) | Q(lon__gte=-180, lon__lte=180), name="mv_constraint_lon"
            ),
            models.CheckConstraint(
                condition=Q(lat__isnull=True, lon__isnull=True) | Q(lat__isnull=False, lon__isnull=False),
                name="mv_constraint_point",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.occurred_at:%Y-%m-%d}"
