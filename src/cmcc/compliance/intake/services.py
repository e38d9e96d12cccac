"""Writes of sources and reports. A report is what a source said: it is validated, stored as
received, and handed to the correlation engine in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from cmcc.core import access, audit, sharing
from cmcc.core.access import Action, Actor
from cmcc.core.choices import Community, Releasability
from cmcc.core.errors import Conflict, PermissionDenied, ValidationFailed

from ..common import ENGINE, clean, errors_of, text_required
from ..vocab import Reliability, SourceType
from . import selectors
from .importers import ImportFailed, RowError, detect_lang
from .models import CasualtyClaim, Report, Source, SourceRating

FUTURE_SLACK = dt.timedelta(days=1)
DEFAULT_RELEASABILITY: str = Releasability.NAMED
DEFAULT_SHARED_WITH: tuple[str, ...] = (Community.COORDINATION.value,)
COMMUNITY_SOURCE_TYPE = {
    Community.PARTY: SourceType.PARTY,
    Community.HUMANITARIAN: SourceType.NGO,
    Community.MILITARY: SourceType.MILITARY,
    Community.COORDINATION: SourceType.OWN_OBSERVATION,
}


def _cell(actor: Actor | None = None):
    cell = selectors.cell_org()
    if cell is None:
        raise Conflict(
            "The centre has no verification cell yet: an active member organisation of the "
            "coordination community owns incidents and sources."
        )
    return cell


def _cell_owner(actor: Actor, owner_org_id=None):
    """Records of the verification cell belong to the actor's organisation (the cell); the system
    (command line, demo) acts for the cell unless it names another owner."""
    if actor.is_system:
        return owner_org_id or _cell().pk
    return actor.org_id


# -- sources -----------------------------------------------------------------------------------


@transaction.atomic
def source_create(
    *,
    actor: Actor,
    name: str,
    type: str,
    org=None,
    reliability: str = Reliability.F,
    description: str = "",
    reason: str = "",
    releasability: str = Releasability.ORG,
    shared_with: Iterable[str] = (),
    protected: bool = False,
    owner_org_id=None,
) -> Source:
    """Register a source with its first reliability rating (``verify``: the cell grades sources)."""
    access.require(actor, Action.VERIFY)
    name = text_required(name, "name", "A name")
    owner = _cell_owner(actor, owner_org_id)
    if selectors.source_for(owner_org_id=owner, name=name):
        raise ValidationFailed({"name": f"A source named '{name}' is already registered."})
    source = Source(
        owner_org_id=owner, name=name, type=type, org=org, reliability=reliability, description=description
    )
    sharing.apply_sharing(source, releasability=releasability, protected=protected, shared_with=shared_with)
    clean(source)
    source.save()
    sharing.save_shares(source)
    SourceRating.objects.create(
        source=source,
        reliability=reliability,
        reason=reason.strip() or "First rating when the source was registered.",
        rated_by=actor.name,
        rated_by_org_id=actor.org_id,
    )
    access.ensure_visible_after_write(actor, source)
    audit.record(actor=actor, action="compliance.source.created", obj=source, message=reason)
    return source


@transaction.atomic
def source_update(*, actor: Actor, source: Source, **changes: Any) -> Source:
    """Change a source's name, type, description, member organisation or sharing (not its rating)."""
    _require_source_owner(actor, source)
    editable = {"name", "type", "description", "org"}
    sharing_fields = {"releasability", "shared_with", "protected"}
    unknown = set(changes) - editable - sharing_fields
    if unknown:
        raise ValidationFailed(dict.fromkeys(sorted(unknown), "This field cannot be changed here."))
    before = audit.snapshot(source)
    for key in editable & set(changes):
        setattr(source, key, changes[key].strip() if isinstance(changes[key], str) else changes[key])
    if "name" in changes:
        source.name = text_required(source.name, "name", "A name")
        other = selectors.source_for(owner_org_id=source.owner_org_id, name=source.name)
        if other is not None and other.pk != source.pk:
            raise ValidationFailed({"name": f"A source named '{source.name}' is already registered."})
    if sharing_fields & set(changes):
        sharing.apply_sharing(
            source,
            releasability=changes.get("releasability", source.releasability),
            protected=changes.get("protected", source.protected),
            shared_with=changes.get("shared_with", before.get("shared_with", [])),
        )
    clean(source)
    source.save()
    sharing.save_shares(source)
    access.ensure_visible_after_write(actor, source)
    audit.record(actor=actor, action="compliance.source.updated", obj=source, before=before)
    return source


@transaction.atomic
def source_rate(*, actor: Actor, source: Source, reliability: str, reason: str) -> Source:
    """Re-rate a source's reliability (A–F). The history keeps who, when and why."""
    _require_source_owner(actor, source)
    reason = text_required(reason, "reason", "A reason for the rating")
    if reliability not in Reliability.values:
        raise ValidationFailed({"reliability": f"Must be one of: {', '.join(Reliability.values)}."})
    source = Source.objects.select_for_update().get(pk=source.pk)
    if source.reliability == reliability:
        raise ValidationFailed({"reliability": f"The source is already rated {reliability}."})
    before = audit.snapshot(source)
    SourceRating.objects.create(
        source=source,
        reliability=reliability,
        previous=source.reliability,
        reason=reason,
        rated_by=actor.name,
        rated_by_org_id=actor.org_id,
    )
    source.reliability = reliability
    source.save(update_fields=["reliability", "updated_at"])
    audit.record(actor=actor, action="compliance.source.rated", obj=source, before=before, message=reason)
    return source


def _require_source_owner(actor: Actor, source: Source) -> None:
    access.require(actor, Action.VERIFY, source)
    if not actor.is_system and source.owner_org_id != actor.org_id:
        raise PermissionDenied("Only the verification cell that keeps this source can change it.")


def resolve_source(report: Report, cell, cache: dict | None = None) -> Source | None:
    """The cell's source record for a report: by the stated source name, else by the submitting
    member organisation. A source seen for the first time is registered at reliability F
    ("cannot be judged") for an analyst to grade."""
    own = report.owner_org_id == cell.pk
    name = report.source_name.strip() or ("" if own else report.owner_org.name)
    if not name and report.source_type == SourceType.OWN_OBSERVATION:
        name = f"{cell.name} — monitors"
    if not name:
        return None
    key = name.lower()
    if cache is not None and key in cache:
        return cache[key]
    org_id = None if own or report.source_name.strip() else report.owner_org_id
    source = selectors.source_for(owner_org_id=cell.pk, name=name, org_id=org_id)
    if source is None:
        source = Source.objects.create(
            owner_org_id=cell.pk,
            name=name[:200],
            type=report.source_type,
            org_id=org_id,
            reliability=Reliability.F,
        )
        SourceRating.objects.create(
            source=source,
            reliability=Reliability.F,
            reason="Registered automatically on its first report; not graded yet.",
            rated_by=ENGINE.name,
        )
        audit.record(actor=ENGINE, action="compliance.source.created", obj=source, message="first report")
    if cache is not None:
        cache[key] = source
    return source


# -- reports -----------------------------------------------------------------------------------


def _source_type_for(owner) -> str:
    if owner.type in ("un_agency", "red_cross"):
        return SourceType.UN
    return COMMUNITY_SOURCE_TYPE.get(owner.community, SourceType.OTHER)


def _build(actor: Actor, owner_org_id, data: dict) -> tuple[Report, list[CasualtyClaim]]:
    """An unsaved report and its claims from ``report_create`` keyword arguments."""
    claims_in = data.pop("casualties", None) or []
    data.pop("origin", None)
    data.pop("row", None)
    report = Report(owner_org_id=owner_org_id, submitted_by=actor.name[:200], **data)
    if not report.source_type:
        report.source_type = _source_type_for(report.owner_org)
    if not report.lang:
        report.lang = detect_lang(f"{report.title} {report.text}")
    if not report.title.strip() and report.text.strip():
        report.title = report.text.strip().splitlines()[0][:200]
    claims = [
        CasualtyClaim(
            kind=c.get("kind", ""),
            population=c.get("population") or "unknown",
            count=c.get("count"),
            count_max=c.get("count_max"),
            claimed_by=(c.get("claimed_by") or "")[:200],
            note=(c.get("note") or "")[:300],
        )
        for c in claims_in
    ]
    return report, claims


def _report_errors(report: Report, claims: list[CasualtyClaim], now: dt.datetime) -> dict[str, str]:
    errors = errors_of(report)
    if report.occurred_at is not None:
        if timezone.is_naive(report.occurred_at):
            report.occurred_at = timezone.make_aware(report.occurred_at, dt.UTC)
        if report.occurred_at > now + FUTURE_SLACK:
            errors["occurred_at"] = "lies in the future"
    for name, limit in (("lat", 90), ("lon", 180)):
        value = getattr(report, name)
        if value is not None and not -limit <= value <= limit:
            errors[name] = f"out of range (-{limit} to {limit})"
    if (report.lat is None) != (report.lon is None):
        errors["lat" if report.lat is None else "lon"] = "give both latitude and longitude, or neither"
    if not report.title.strip():
        errors.setdefault("title", "A title or an account is required.")
    for i, claim in enumerate(claims):
        claim.report = report
        problems = errors_of(claim, exclude=("report",))
        if not problems and claim.count_max is not None and claim.count_max < claim.count:
            problems = {"count_max": "must be at least the number"}
        for key, message in problems.items():
            errors[f"casualties[{i}].{key}"] = message
    return errors


def _cell_must_see(report: Any, cell) -> None:
    org_ids, communities = getattr(report, "_pending_shares", ([], []))
    if access.can_see(
        access.actor_for_org_view(cell),
        owner_org_id=report.owner_org_id,
        owner_community=report.owner_org.community,
        releasability=report.releasability,
        protected=report.protected,
        share_org_ids=org_ids,
        share_communities=communities,
    ):
        return
    hint = (
        f"name the verification cell ({cell.slug})"
        if report.protected
        else "release it to the coordination community (the default) or to the centre"
    )
    raise ValidationFailed(
        {
            "releasability": "Reports and evidence go to the centre's verification cell, which "
            f"must see them: {hint}."
        }
    )


@transaction.atomic
def report_create(
    *,
    actor: Actor,
    title: str,
    category: str,
    occurred_at: dt.datetime,
    observation_mode: str,
    source_type: str = "",
    text: str = "",
    lang: str = "",
    time_known: bool = True,
    time_precision: int = 1,
    lat: float | None = None,
    lon: float | None = None,
    geo_precision: int = 1,
    place_name: str = "",
    source_name: str = "",
    origin: str = "",
    means: str = "",
    perpetrator: str = "",
    perpetrator_org=None,
    perpetrator_type: int | None = None,
    victim: str = "",
    victim_org=None,
    victim_type: int | None = None,
    casualties: Iterable[dict] = (),
    channel: str = "web",
    external_id: str = "",
    received_at: dt.datetime | None = None,
    releasability: str = DEFAULT_RELEASABILITY,
    shared_with: Iterable[str] = DEFAULT_SHARED_WITH,
    protected: bool = False,
    owner_org_id=None,
) -> Report:
    """Receive one allegation. ``origin`` names what it derives from (a statement, a post, another
    report): reports of one origin never corroborate each other. The report is linked to an
    incident by the correlation engine before the transaction ends."""
    access.require(actor, Action.CREATE)
    if actor.is_system and owner_org_id is None:
        raise ValidationFailed({"owner_org": "The system must name the organisation submitting the report."})
    data = {
        "title": (title or "").strip()[:200],
        "category": category,
        "occurred_at": occurred_at,
        "observation_mode": observation_mode,
        "source_type": source_type,
        "text": (text or "").strip(),
        "lang": lang,
        "time_known": time_known,
        "time_precision": time_precision,
        "lat": lat,
        "lon": lon,
        "geo_precision": geo_precision,
        "place_name": place_name.strip(),
        "source_name": source_name.strip(),
        "means": means.strip(),
        "perpetrator": perpetrator.strip(),
        "perpetrator_org": perpetrator_org,
        "perpetrator_type": perpetrator_type,
        "victim": victim.strip(),
        "victim_org": victim_org,
        "victim_type": victim_type,
        "channel": channel,
        "external_id": external_id.strip(),
        "received_at": received_at or timezone.now(),
        "casualties": list(casualties),
    }
    cell = _cell()
    report, claims = _build(actor, owner_org_id or actor.org_id, data)
    errors = _report_errors(report, claims, timezone.now())
    if errors:
        raise ValidationFailed(errors)
    if report.external_id and selectors.external_ids_taken(
        owner_org_id=report.owner_org_id, ids=[report.external_id]
    ):
        raise Conflict(f"A report with external id '{report.external_id}' was already received.")
    sharing.apply_sharing(report, releasability=releasability, protected=protected, shared_with=shared_with)
    _cell_must_see(report, cell)
    report.save()
    sharing.save_shares(report)
    for claim in claims:
        claim.report = report
    CasualtyClaim.objects.bulk_create(claims)
    access.ensure_visible_after_write(actor, report)
    audit.record(
        actor=actor, action="compliance.report.received", obj=report, message=f"via {report.channel}"
    )
    _hand_over([report], {str(report.pk): origin.strip()}, cell)
    return report


def _hand_over(reports: list[Report], origins: dict[str, str], cell) -> None:
    from ..incidents import services as incidents

    cache: dict = {}
    sources = {str(r.pk): resolve_source(r, cell, cache) for r in reports}
    incidents.link_new_reports(reports=reports, origins=origins, sources=sources, cell=cell)


# -- bulk import -------------------------------------------------------------------------------


@dataclass
class ImportResult:
    rows: int = 0
    created: list[Report] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # external ids already imported

    @property
    def summary(self) -> str:
        return f"{self.rows} rows: {len(self.created)} reports imported, {len(self.skipped)} already imported"


@transaction.atomic
def reports_import(
    *,
    actor: Actor,
    rows: list[dict],
    channel: str = "file",
    releasability: str = DEFAULT_RELEASABILITY,
    shared_with: Iterable[str] = DEFAULT_SHARED_WITH,
    protected: bool = False,
    owner_org_id=None,
    progress: Callable[[Iterable], Iterable] | None = None,
    row_errors: Iterable[RowError] = (),
) -> ImportResult:
    """Import normalised rows (see ``importers``) in one transaction: any row in error and nothing
    is written; rows whose external id was imported before are skipped (re-imports are idempotent)."""
    access.require(actor, Action.CREATE)
    owner = owner_org_id or actor.org_id
    if owner is None:
        raise ValidationFailed({"owner_org": "Name the organisation the reports come from."})
    cell = _cell()
    errors = list(row_errors)
    taken = selectors.external_ids_taken(
        owner_org_id=owner, ids=[r["external_id"] for r in rows if r.get("external_id")]
    )
    seen: dict[str, int] = {}
    result = ImportResult(rows=len(rows))
    pending: list[tuple[Report, list[CasualtyClaim], str]] = []
    now = timezone.now()
    for row in rows:
        number = row.get("row", len(pending) + 1)
        external = row.get("external_id") or ""
        if external in taken:
            result.skipped.append(external)
            continue
        if external and external in seen:
            errors.append(RowError(number, "external_id", f"repeats row {seen[external]}"))
            continue
        if external:
            seen[external] = number
        data = {k: v for k, v in row.items() if k != "row"}
        origin = (data.get("origin") or "").strip()
        data.setdefault("received_at", now)
        data["channel"] = channel
        data.setdefault("source_type", "")
        report, claims = _build(actor, owner, data)
        errors += [RowError(number, f, m) for f, m in _report_errors(report, claims, now).items()]
        pending.append((report, claims, origin))
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.row, e.field)))
    org_ids, communities = sharing.parse_shared_with(shared_with)
    sharing.validate_sharing(
        releasability=releasability, protected=protected, org_ids=org_ids, communities=communities
    )
    steps = progress(pending) if progress else pending
    for report, claims, _origin in steps:
        sharing.apply_sharing(
            report, releasability=releasability, protected=protected, shared_with=shared_with
        )
        _cell_must_see(report, cell)
        report.save()
        sharing.save_shares(report)
        for claim in claims:
            claim.report = report
        CasualtyClaim.objects.bulk_create(claims)
        result.created.append(report)
    if result.created:
        access.ensure_visible_after_write(actor, result.created[0])
        audit.record_many(
            actor=actor,
            action="compliance.report.received",
            objs=result.created,
            message=f"bulk import via {channel}",
        )
        _hand_over(result.created, {str(r.pk): o for r, _c, o in pending}, cell)
    return result
