"""Compliance API (/api/v1/compliance): sources, reports and imports, incidents and their
verification, evidence, right of reply, public findings, the dashboard figures, the incident map
layer and exports. Every list, detail, layer and export is filtered by what the caller may see."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, FilterSchema, Query, Router, Schema

from cmcc.core import audit
from cmcc.core.api_base import actor_of

from . import exports, rules, selectors
from .dialogue.api import router as dialogue_router
from .evidence.api import router as evidence_router
from .incidents.api import router as incidents_router
from .intake.api import router as intake_router
from .vocab import (
    Attribution,
    CasualtyKind,
    Category,
    Credibility,
    Determination,
    GeoPrecision,
    ObservationMode,
    Population,
    Reliability,
    SourceType,
    Status,
    TimePrecision,
)

router = Router(tags=["compliance"])
router.add_router("", intake_router)
router.add_router("", incidents_router)
router.add_router("", evidence_router)
router.add_router("", dialogue_router)


class Code(Schema):
    code: str
    label: str


class VocabularyOut(Schema):
    categories: list[Code]
    time_precision: list[Code]
    geo_precision: list[Code]
    observation_modes: list[Code]
    source_types: list[Code]
    reliability: list[Code]
    credibility: list[Code]
    stages: list[Code]
    determinations: list[Code]
    attributions: list[Code]
    casualty_kinds: list[Code]
    populations: list[Code]
    events: dict[str, str] = Field(..., description="Workflow event → the action it needs (verify or decide)")


def _codes(choices) -> list[Code]:
    return [Code(code=str(value), label=str(label)) for value, label in choices.choices if value != ""]


@router.get("/vocabulary", response=VocabularyOut, summary="Codes and labels of compliance records")
def vocabulary(request: HttpRequest):
    return VocabularyOut(
        categories=_codes(Category),
        time_precision=_codes(TimePrecision),
        geo_precision=_codes(GeoPrecision),
        observation_modes=_codes(ObservationMode),
        source_types=_codes(SourceType),
        reliability=_codes(Reliability),
        credibility=_codes(Credibility),
        stages=_codes(Status),
        determinations=_codes(Determination),
        attributions=_codes(Attribution),
        casualty_kinds=_codes(CasualtyKind),
        populations=_codes(Population),
        events={event: str(action) for event, action in rules.GATES.items()},
    )


class CountOut(Schema):
    code: str
    label: str
    count: int


class WeekOut(Schema):
    week: dt.date
    by_determination: dict[str, int]


class DashboardOut(Schema):
    incidents: int
    reports: int
    open: int
    repeated_rumours: int = Field(..., description="Incidents of 3+ reports tracing to fewer than 2 origins")
    by_category: list[CountOut]
    by_determination: list[CountOut]
    by_stage: list[CountOut]
    corroboration: list[CountOut]
    weeks: list[WeekOut]


@router.get("/dashboard", response=DashboardOut, summary="Compliance figures over the incidents you may see")
def dashboard(request: HttpRequest, weeks: int = 6):
    data = selectors.dashboard(actor=actor_of(request), weeks=max(1, min(weeks, 52)))
    return DashboardOut(
        incidents=data["total"],
        reports=data["reports"],
        open=data["open"],
        repeated_rumours=data["rumours"],
        by_category=[CountOut(code=c, label=label, count=n) for c, label, n in data["by_category"]],
        by_determination=[
            CountOut(code=c or "undetermined", label=label, count=n)
            for c, label, n in data["by_determination"]
        ],
        by_stage=[CountOut(code=c, label=label, count=n) for c, label, n in data["stages"]],
        corroboration=[
            CountOut(code=level, label=level.replace("_", " "), count=n) for level, n in data["corroboration"]
        ],
        weeks=[
            WeekOut(
                week=w, by_determination={(d or "undetermined"): v[k] for d, v in data["by_week"].items()}
            )
            for k, w in enumerate(data["weeks"])
        ],
    )


class LayerFilter(FilterSchema):
    category: Category | None = None
    status: Status | None = None
    determination: Determination | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


@router.get(
    "/incidents.geojson",
    summary="Map layer of the incidents you may see (GeoJSON, RFC 7946)",
    response={200: dict},
)
def incident_layer(request: HttpRequest, filters: Query[LayerFilter]):
    data = selectors.incident_geojson(actor=actor_of(request), **filters.model_dump())
    return data


class ExportFilter(LayerFilter):
    format: str = Field("csv", description="csv, hxl (HXL-tagged CSV), xlsx or acled (ACLED columns)")
    governorate: str | None = None


@router.get(
    "/exports/incidents",
    summary="Export the incidents you may see: CSV, HXL, XLSX or ACLED-compatible CSV",
    response={200: None},
)
def incident_export(request: HttpRequest, filters: Query[ExportFilter]):
    from cmcc.core.errors import ValidationFailed

    actor = actor_of(request)
    data = filters.model_dump()
    fmt = data.pop("format")
    if fmt not in exports.FORMATS:
        raise ValidationFailed({"format": f"One of: {', '.join(exports.FORMATS)}."})
    items = list(selectors.incident_list(actor=actor, **data))
    audit.record_reads(actor=actor, objs=items, action="exported")
    content, content_type, filename = exports.render(fmt, actor, items, timezone.now())
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
