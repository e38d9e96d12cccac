"""Consignments end to end: the consignment (a shared record), its lines, trucks and events, and
the clearance requests addressed to an authority with a decision per request and per line."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cmcc.core.models import SharedRecord

from ..choices import (
    Channel,
    Event,
    Interception,
    LineClearance,
    LineInspection,
    OriginHub,
    RequestKind,
    RequestStatus,
    Status,
    Unit,
)


class Consignment(SharedRecord):
    """A consignment of aid, from registration to distribution.

    ``status`` changes only through the services, along ``rules.CONSIGNMENT``. The first time a
    consignment reaches each stage of the funnel is kept in a column (``approved_at``,
    ``entered_at`` …) as well as in its events, so the throughput picture is one pass over one
    table. ``trucks``, ``total_weight_kg`` and ``total_pallets`` are kept equal to its lines.
    """

    reference = models.CharField(
        _("reference"), max_length=100, help_text=_("Your reference; unique within your organisation.")
    )
    ref_2720 = models.CharField(_("2720 reference"), max_length=60, blank=True, default="")
    srf_number = models.CharField(_("Logistics Cluster SRF number"), max_length=60, blank=True, default="")
    sender_org = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    sender_name = models.CharField(_("sender"), max_length=200)
    consignee_org = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    consignee_name = models.CharField(_("consignee"), max_length=200, blank=True, default="")
    donor_reference = models.CharField(_("donor / funding reference"), max_length=200, blank=True, default="")
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    corridor = models.ForeignKey(
        "logistics.Corridor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    origin_hub = models.CharField(
        _("origin hub"), max_length=12, choices=OriginHub.choices, blank=True, default=""
    )
    planned_crossing = models.ForeignKey(
        "logistics.Crossing",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    crossing = models.ForeignKey(
        "logistics.Crossing",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The crossing it was manifested for and passed."),
    )
    destination = models.CharField(_("final destination"), max_length=200, blank=True, default="")
    destination_pcode = models.CharField(
        _("destination governorate P-code"), max_length=20, blank=True, default=""
    )
    sector = models.ForeignKey(
        "logistics.Sector",
        to_field="code",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Main sector: the sector of most of its weight, as trucks are counted by cargo category."
        ),
    )
    trucks = models.PositiveIntegerField(_("trucks"), default=0)
    total_weight_kg = models.FloatField(_("total weight (kg)"), default=0)
    total_pallets = models.PositiveIntegerField(_("total pallets"), default=0)
    line_count = models.PositiveIntegerField(default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    interception = models.CharField(
        _("interception"), max_length=10, choices=Interception.choices, blank=True, default=""
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    manifested_at = models.DateTimeField(null=True, blank=True)
    entered_at = models.DateTimeField(null=True, blank=True)
    offloaded_at = models.DateTimeField(null=True, blank=True)
    collected_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    intercepted_at = models.DateTimeField(null=True, blank=True)
    distributed_at = models.DateTimeField(null=True, blank=True)
    first_event_at = models.DateTimeField(null=True, blank=True)
    last_event_at = models.DateTimeField(null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=200, blank=True, default="")
    note = models.TextField(_("note"), blank=True, default="")

    class Meta(SharedRecord.Meta):
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status"], name="lg_consignment_status"),
            models.Index(fields=["entered_at"], name="lg_consignment_entered"),
            models.Index(fields=["last_event_at"], name="lg_consignment_last_event"),
            models.Index(fields=["planned_date"], name="lg_consignment_planned"),
        ]
        constraints = [
            *SharedRecord.Meta.constraints,
            models.UniqueConstraint(fields=["owner_org", "reference"], name="lg_consignment_unique_ref"),
            models.CheckConstraint(condition=Q(total_weight_kg__gte=0), name="lg_consignment_weight_nonneg"),
            models.CheckConstraint(condition=~Q(reference=""), name="lg_consignment_has_reference"),
        ]

    def __str__(self) -> str:
        return self.reference


class ConsignmentLine(models.Model):
    """A line item. Clearance and inspection outcomes are kept per line, never per item type,
    because the same item is refused one day and approved the next."""

    ACCESS_PARENT = "consignment"

    id = models.BigAutoField(primary_key=True)
    # found through the unique (consignment, line_no) index: no index of its own
    consignment = models.ForeignKey(
        Consignment, on_delete=models.PROTECT, related_name="lines", db_index=False
    )
    line_no = models.PositiveIntegerField()
    item = models.ForeignKey(
        "logistics.Item", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    classification = models.ForeignKey(
        "logistics.ItemClassification",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        help_text=_("The item's classification version in force when the line was registered."),
    )
    description = models.CharField(_("description"), max_length=300)
    sector = models.ForeignKey(
        "logistics.Sector", to_field="code", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    hs_code = models.CharField(_("HS code"), max_length=12, blank=True, default="")
    quantity = models.FloatField(_("quantity"))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    weight_kg = models.FloatField(_("weight (kg)"), default=0)
    volume_m3 = models.FloatField(_("volume (m³)"), null=True, blank=True)
    pallets = models.PositiveIntegerField(_("pallets"), default=0)
    cold_chain = models.BooleanField(_("cold chain"), default=False)
    dangerous_goods = models.BooleanField(_("dangerous goods"), default=False)
    dual_use = models.BooleanField(_("dual-use"), default=False)
    clearance = models.CharField(max_length=10, choices=LineClearance.choices, default=LineClearance.PENDING)
    inspection = models.CharField(
        max_length=10, choices=LineInspection.choices, default=LineInspection.PENDING
    )
    inspection_note = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["consignment", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["consignment", "line_no"], name="lg_line_unique_no"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="lg_line_quantity_pos"),
            models.CheckConstraint(condition=Q(weight_kg__gte=0), name="lg_line_weight_nonneg"),
            models.CheckConstraint(
                condition=Q(volume_m3__isnull=True) | Q(volume_m3__gte=0), name="lg_line_volume_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line_no}. {self.description}"


class Truck(models.Model):
    """A truck carrying (part of) a consignment. Driver names are personal data: they follow the
    consignment's sharing, so mark the consignment protected or leave the name out."""

    ACCESS_PARENT = "consignment"

    id = models.BigAutoField(primary_key=True)
    consignment = models.ForeignKey(Consignment, on_delete=models.PROTECT, related_name="truck_list")
    plate = models.CharField(_("plate"), max_length=30)
    contractor = models.CharField(_("contractor"), max_length=200, blank=True, default="")
    driver_name = models.CharField(_("driver"), max_length=200, blank=True, default="")
    driver_nationality = models.CharField(_("driver nationality"), max_length=2, blank=True, default="")
    driver_pre_approved = models.BooleanField(_("driver pre-approved"), default=False)

    class Meta:
        ordering = ["consignment", "plate"]
        constraints = [models.UniqueConstraint(fields=["consignment", "plate"], name="lg_truck_unique_plate")]

    def __str__(self) -> str:
        return self.plate


class ConsignmentEvent(models.Model):
    """One step of a consignment's lifecycle: what happened, when, recorded by whom."""

    ACCESS_PARENT = "consignment"

    id = models.BigAutoField(primary_key=True)
    # found through the (consignment, occurred_at) index: no index of its own
    consignment = models.ForeignKey(
        Consignment, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    event = models.CharField(max_length=20, choices=Event.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True, default="")
    to_status = models.CharField(max_length=20, choices=Status.choices)
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    actor_name = models.CharField(max_length=200)
    actor_org = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    crossing = models.ForeignKey(
        "logistics.Crossing",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    note = models.TextField(blank=True, default="")
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["consignment", "occurred_at", "id"]
        indexes = [models.Index(fields=["consignment", "occurred_at"], name="lg_event_consignment_time")]

    def __str__(self) -> str:
        return f"{self.event} → {self.to_status}"


class ClearanceRequest(SharedRecord):
    """A request for clearance (or an appeal) addressed to an authority.

    It is its own shared record: owned by the requesting organisation and released (``named``)
    to the authority, so the authority's liaison sees this request and the fields copied onto it
    — not the consignment. The decision records who decided, for which organisation, and when.
    """

    consignment = models.ForeignKey(Consignment, on_delete=models.PROTECT, related_name="clearance_requests")
    authority = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("authority")
    )
    kind = models.CharField(max_length=10, choices=RequestKind.choices, default=RequestKind.REQUEST)
    appeal_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="appeals"
    )
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    reference = models.CharField(max_length=100)
    sender_name = models.CharField(max_length=200)
    consignee_name = models.CharField(max_length=200, blank=True, default="")
    channel = models.CharField(max_length=12, choices=Channel.choices)
    planned_crossing = models.ForeignKey(
        "logistics.Crossing", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    planned_date = models.DateField(null=True, blank=True)
    trucks = models.PositiveIntegerField(default=0)
    total_weight_kg = models.FloatField(default=0)
    justification = models.TextField(blank=True, default="")
    requested_at = models.DateTimeField()
    requested_by_name = models.CharField(max_length=200)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by_name = models.CharField(max_length=200, blank=True, default="")
    decided_by_org = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.ForeignKey(
        "logistics.RejectionReason",
        to_field="code",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.TextField(blank=True, default="")

    class Meta(SharedRecord.Meta):
        ordering = ["-requested_at"]
        indexes = [
            models.Index(fields=["authority", "status"], name="lg_request_authority"),
            models.Index(fields=["decided_at"], name="lg_request_decided"),
        ]
        constraints = [
            *SharedRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | Q(decided_at__gte=F("requested_at")),
                name="lg_request_decided_after",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | Q(reason__isnull=False), name="lg_request_reject_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"


class ClearanceLine(models.Model):
    """A line as shown to the authority, with the authority's decision on it."""

    ACCESS_PARENT = "request"

    id = models.BigAutoField(primary_key=True)
    request = models.ForeignKey(ClearanceRequest, on_delete=models.PROTECT, related_name="lines")
    line = models.ForeignKey(ConsignmentLine, on_delete=models.PROTECT, related_name="clearance_lines")
    line_no = models.PositiveIntegerField()
    description = models.CharField(max_length=300)
    item_code = models.CharField(max_length=40, blank=True, default="")
    sector = models.ForeignKey(
        "logistics.Sector", to_field="code", on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.FloatField()
    unit = models.CharField(max_length=10, choices=Unit.choices)
    weight_kg = models.FloatField(default=0)
    dual_use = models.BooleanField(default=False)
    classification_version = models.PositiveIntegerField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=LineClearance.choices, default=LineClearance.PENDING)
    reason = models.ForeignKey(
        "logistics.RejectionReason",
        to_field="code",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["request", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["request", "line"], name="lg_clearline_unique"),
            models.CheckConstraint(
                condition=~Q(decision="rejected") | Q(reason__isnull=False), name="lg_clearline_reject_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line_no}. {self.description}"
