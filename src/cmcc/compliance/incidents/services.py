"""Writes of the verification cell: linking reports into incidents (engine and analysts), grading,
the verification workflow, attribution and dissent. Every change to an incident names the version
it was read at; an older version is refused (409), so concurrent edits never overwrite silently."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cmcc.core import access, audit, sharing
from cmcc.core.access import Action, Actor
from cmcc.core.choices import Community
from cmcc.core.errors import Conflict, PermissionDenied, ValidationFailed

from .. import linking, rules
from ..common import ENGINE, clean, require_cell, text_required
from ..intake.models import Report, Source
from ..vocab import Attribution, Category, ConstraintKind, Credibility, Determination, LinkMethod, Status
from . import selectors
from .models import Assessment, Dissent, Incident, IncidentStep, LinkConstraint

UNSET: Any = object()
EDITABLE = {"title", "summary", "findings", "category"}
SHARING_FIELDS = {"releasability", "shared_with", "protected"}


# -- helpers -----------------------------------------------------------------------------------


def _new_reference() -> str:
    while True:
        reference = "INC-" + secrets.token_hex(3).upper()
        if not Incident.objects.filter(reference=reference).exists():
            return reference


def _lock(incident: Incident, version: int | None, actor: Actor) -> Incident:
    """Re-read the incident under a row lock and refuse a change made against an older version."""
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    if version is None:
        if actor.is_system:
            return locked
        raise ValidationFailed({"version": "Send the version of the incident you read."})
    if locked.version != version:
        last = IncidentStep.objects.filter(incident=locked).order_by("-version").first()
        who = f" (last change: {last.event} by {last.actor_name})" if last else ""
        raise Conflict(
            f"Incident {locked.reference} changed since you read it: you read version {version}, it is "
            f"now version {locked.version}{who}. Reload it and apply your change again."
        )
    return locked


def _step(
    incident: Incident, actor: Actor, event: str, before_status: str, reason: str = "", **extra: str
) -> IncidentStep:
    return IncidentStep.objects.create(
        incident=incident,
        event=event,
        from_status=before_status,
        to_status=incident.status,
        reason=reason,
        actor_name=actor.name,
        actor_org_id=actor.org_id,
        version=incident.version,
        **extra,
    )


def _label(category: str) -> str:
    try:
        return str(Category(category).label)
    except ValueError:
        return category


@cache
def _governorate_shapes() -> list[tuple[str, str, Any]]:
    from shapely.geometry import shape
    from shapely.prepared import prep

    from cmcc.core.selectors import governorates

    return [(g.name_en, g.pcode, prep(shape(g.geometry))) for g in governorates() if g.geometry]


def governorate_at(lat: float | None, lon: float | None) -> tuple[str, str]:
    """The Gaza governorate (name, P-code) a point lies in, or empty strings."""
    if lat is None or lon is None:
        return "", ""
    from shapely.geometry import Point

    point = Point(lon, lat)
    for name, pcode, geometry in _governorate_shapes():
        if geometry.contains(point):
            return name, pcode
    nearest = [(g.context.distance(point), n, p) for n, p, g in _governorate_shapes()]
    if nearest:
        distance, name, pcode = min(nearest)
        if distance < 0.01:  # about a kilometre: points on the coast or the boundary
            return name, pcode
    return "", ""


def _refresh(incident: Incident) -> None:
    """Recompute what an incident's reports say together: place, time, counts."""
    members = list(selectors.incident_members(incident_id=incident.pk))
    incident.report_count = len(members)
    incident.origin_count = len({a.origin_key for a in members})
    if not members:
        return
    reports = [a.report for a in members]
    summary = linking.describe([selectors.row_of(r, a.origin) for r, a in zip(reports, members, strict=True)])
    best = min(reports, key=lambda r: (r.time_precision, not r.time_known, r.occurred_at))
    incident.occurred_at = best.occurred_at
    incident.first_at = min(r.occurred_at for r in reports)
    incident.last_at = max(r.occurred_at for r in reports)
    incident.time_precision = min(r.time_precision for r in reports)
    located = [r for r in reports if r.lat is not None]
    if summary is not None and summary.lat is not None:
        incident.lat, incident.lon = summary.lat, summary.lon
        incident.geo_precision = min(r.geo_precision for r in located) if located else 2
    else:
        incident.lat = incident.lon = None
        incident.geo_precision = 3
    names = (summary.places if summary else []) or [r.place_name for r in reports if r.place_name]
    incident.place_name = names[0][:200] if names else ""
    incident.governorate, incident.governorate_pcode = governorate_at(incident.lat, incident.lon)


def _title_for(report: Report) -> str:
    place = report.place_name or ""
    return f"{_label(report.category)} — {place or 'place not given'}, {report.occurred_at:%Y-%m-%d}"[:200]


def _auto_title(incident: Incident) -> None:
    """A new incident's title from what its reports say together: category, place, date."""
    place = incident.place_name or incident.governorate or "place not given"
    incident.title = f"{_label(incident.category)} — {place}, {incident.occurred_at:%Y-%m-%d}"[:200]


def _open(report: Report, cell) -> Incident:
    incident = Incident(
        owner_org_id=cell.pk,
        reference=_new_reference(),
        title=_title_for(report),
        category=report.category,
        occurred_at=report.occurred_at,
        first_at=report.occurred_at,
        last_at=report.occurred_at,
    )
    incident.save()
    return incident


def _get_locked(pk) -> Incident:
    return Incident.objects.select_for_update().get(pk=pk)


# -- the engine: new reports and batch runs ------------------------------------------------------


def link_new_reports(
    *, reports: list[Report], origins: dict[str, str], sources: dict[str, Source | None], cell
) -> None:
    """Place new reports into incidents with the correlation engine (in the caller's transaction)."""
    if not reports:
        return
    new_rows = []
    for r in reports:
        source = sources.get(str(r.pk))
        new_rows.append(selectors.row_of(r, origins.get(str(r.pk), ""), str(source.pk) if source else ""))
    since = min(r.occurred_at for r in reports) - linking.WINDOW
    until = max(r.occurred_at for r in reports) + linking.WINDOW
    existing = selectors.engine_window(categories={r.category for r in reports}, since=since, until=until)
    must, cannot = selectors.engine_constraints()
    placements = linking.place_new(
        existing, new_rows, must_link=must, cannot_link=cannot, expected=selectors.engine_density()
    )
    by_id = {str(r.pk): r for r in reports}
    opened: dict[str, Incident] = {}
    touched: dict[str, tuple[Incident, dict | None, list[str]]] = {}
    now = timezone.now()
    for p in placements:
        report = by_id[p.report_id]
        if p.new_key is not None:
            incident = opened.get(p.new_key)
            if incident is None:
                incident = opened[p.new_key] = _open(report, cell)
                touched[str(incident.pk)] = (incident, None, [])
        elif str(p.incident_id) in touched:
            incident = touched[str(p.incident_id)][0]
        else:
            incident = _get_locked(p.incident_id)
            touched[str(p.incident_id)] = (incident, audit.snapshot(incident), [])
        Assessment.objects.create(
            incident=incident,
            report=report,
            source=sources.get(p.report_id),
            origin=origins.get(p.report_id, "")[:200],
            link_method=LinkMethod.ENGINE,
            link_score=p.score,
            link_reasons=p.reasons,
            linked_at=now,
        )
        touched[str(incident.pk)][2].append(f"{report.title} — " + "; ".join(p.reasons))
    for incident, before, lines in touched.values():
        _refresh(incident)
        if before is None:
            _auto_title(incident)
        incident.save()
        action = "compliance.incident.opened" if before is None else "compliance.incident.reports_linked"
        audit.record(
            actor=ENGINE, action=action, obj=incident, before=before, message="\n".join(lines)[:4000]
        )


@transaction.atomic
def correlation_run(*, actor: Actor) -> dict[str, int]:
    """Re-run the engine over every report (batch). Incidents past triage keep their reports;
    analysts' merge and split decisions are honoured; the others are regrouped."""
    cell = selectors_cell()
    if not actor.is_system:
        access.require(actor, Action.VERIFY)
        if actor.org_id != cell.pk:
            raise PermissionDenied("Only the verification cell runs the correlation.")
    rows = selectors.engine_all()
    statuses = selectors.engine_statuses()
    pinned = {pk for pk, status in statuses.items() if status != Status.RECEIVED}
    must, cannot = selectors.engine_constraints()
    try:
        regrouping = linking.regroup(rows, pinned=pinned, must_link=must, cannot_link=cannot)
    except ValueError as exc:
        raise Conflict(f"Analysts' link decisions contradict each other: {exc}") from None
    current = {r.report_id: r.incident_id for r in rows}
    moves = regrouping.moves(current)
    if not moves:
        return {"reports": len(rows), "moved": 0, "opened": 0, "dissolved": 0}
    assessments = {str(a.report_id): a for a in selectors.assessments_of(report_ids=list(moves))}
    opened: dict[str, Incident] = {}
    touched: dict[str, Incident] = {}
    befores: dict[str, dict] = {}
    now = timezone.now()
    for rid, p in sorted(moves.items()):
        a = assessments[rid]
        old = touched.get(str(a.incident_id)) or _get_locked(a.incident_id)
        touched[str(old.pk)] = old
        befores.setdefault(str(old.pk), audit.snapshot(old))
        if p.new_key is not None:
            target = opened.get(p.new_key)
            if target is None:
                target = opened[p.new_key] = _open(a.report, cell)
        else:
            target = touched.get(str(p.incident_id)) or _get_locked(p.incident_id)
            befores.setdefault(str(target.pk), audit.snapshot(target))
        touched[str(target.pk)] = target
        a.incident = target
        a.link_method, a.link_score, a.link_reasons, a.linked_at = LinkMethod.ENGINE, p.score, p.reasons, now
        a.save(
            update_fields=["incident", "link_method", "link_score", "link_reasons", "linked_at", "updated_at"]
        )
    dissolved = 0
    for pk, incident in touched.items():
        _refresh(incident)
        if pk not in befores:
            _auto_title(incident)
        if incident.report_count == 0 and incident.status == Status.RECEIVED:
            dissolved += 1
            incident.status = Status.MERGED
            incident.merged_into = _largest_destination(pk, moves, assessments)
            incident.version += 1
            incident.save()
            _step(incident, ENGINE, rules.Event.MERGE, Status.RECEIVED, "regrouped by the correlation engine")
        else:
            incident.save()
        action = "compliance.incident.opened" if pk not in befores else "compliance.incident.regrouped"
        audit.record(
            actor=ENGINE,
            action=action,
            obj=incident,
            before=befores.get(pk),
            message=f"batch run by {actor.name}",
        )
    return {"reports": len(rows), "moved": len(moves), "opened": len(opened), "dissolved": dissolved}


def _largest_destination(old_pk: str, moves: dict, assessments: dict) -> Incident | None:
    counts: dict[Any, int] = {}
    for rid, _p in moves.items():
        a = assessments[rid]
        counts[a.incident_id] = counts.get(a.incident_id, 0) + 1
    counts.pop(old_pk, None)
    if not counts:
        return None
    return Incident.objects.get(pk=max(counts, key=lambda k: counts[k]))


def selectors_cell():
    from ..intake.selectors import cell_org

    cell = cell_org()
    if cell is None:
        raise Conflict("The centre has no verification cell (an active coordination-community member).")
    return cell


# -- analysts: grading ---------------------------------------------------------------------------


def _items(incident: Incident) -> list[rules.Item]:
    return [
        rules.Item(str(a.report_id), a.origin_key, a.credibility, a.source.reliability if a.source else "")
        for a in selectors.incident_members(incident_id=incident.pk)
    ]


@transaction.atomic
def report_grade(
    *,
    actor: Actor,
    report: Report,
    credibility: int | None = UNSET,
    note: str = "",
    origin: str = UNSET,
    source: Source | None = UNSET,
) -> Assessment:
    """Grade a report's credibility (1–6, independently of its source's reliability), and record
    what it derives from (``origin``) and which source it is. Credibility 1 ("confirmed") needs at
    least two independent corroborating reports in the same incident."""
    a = selectors.assessment_for(actor=access.system_actor("compliance"), report=report)
    if a is None:
        raise Conflict("This report has not been linked to an incident yet.")
    require_cell(actor, Action.VERIFY, a.incident)
    incident = _get_locked(a.incident_id)
    a = Assessment.objects.select_related("source").get(pk=a.pk)
    before = audit.snapshot(a)
    if source is not UNSET:
        if source is not None and source.owner_org_id != incident.owner_org_id:
            raise ValidationFailed({"source_id": "Not one of the cell's sources."})
        a.source = source
    if origin is not UNSET:
        a.origin = (origin or "").strip()[:200]
    if credibility is not UNSET:
        if credibility is not None and credibility not in Credibility.values:
            raise ValidationFailed({"credibility": "Must be 1 to 6."})
        a.credibility = credibility
        a.grading_note = note.strip()
        a.graded_by, a.graded_at = actor.name, timezone.now()
    a.save()
    if a.credibility == rules.CONFIRMED:
        items = _items(incident)
        target = next(i for i in items if i.report_id == str(report.pk))
        refusal = rules.confirm_refusal(target, items)
        if refusal:
            raise Conflict(refusal)
    source_now = str(a.source_id) if a.source_id else None
    derivation_changed = before.get("origin") != a.origin or before.get("source_id") != source_now
    downgraded = _recheck_confirmed(incident, actor, "origins changed") if derivation_changed else []
    before_incident = audit.snapshot(incident)
    if derivation_changed:  # independence counts change only with origins
        _refresh(incident)
        incident.save()
    grade = f"{a.source.reliability if a.source else '?'}{a.credibility or '?'}"
    message = f"report '{report.title}' graded {grade}" + (f": {note.strip()}" if note.strip() else "")
    if before.get("origin") != a.origin:
        message += f"; origin '{before.get('origin') or '—'}' → '{a.origin or '—'}'"
    if downgraded:
        message += f"; {len(downgraded)} report(s) lost credibility 1 (corroboration no longer independent)"
    audit.record(
        actor=actor, action="compliance.report.graded", obj=incident, before=before_incident, message=message
    )
    return a


def _recheck_confirmed(incident: Incident, actor: Actor, why: str) -> list[Assessment]:
    """Credibility 1 that lost its independent corroboration (a split, a changed origin) goes back
    to 2 ("probably true"), with a note; returns what changed."""
    items = _items(incident)
    changed = []
    for a in selectors.incident_members(incident_id=incident.pk).filter(credibility=rules.CONFIRMED):
        target = next(i for i in items if i.report_id == str(a.report_id))
        if rules.confirm_refusal(target, items):
            a.credibility = Credibility.PROBABLE
            a.grading_note = (
                f"{a.grading_note}\nDowngraded from 1 to 2 automatically ({why}): "
                "fewer than two independent corroborating reports remain."
            ).strip()
            a.graded_by, a.graded_at = actor.name, timezone.now()
            a.save(update_fields=["credibility", "grading_note", "graded_by", "graded_at", "updated_at"])
            changed.append(a)
    return changed


# -- analysts: merge and split -------------------------------------------------------------------


def _pair(a, b) -> tuple[uuid.UUID, uuid.UUID]:
    a, b = uuid.UUID(str(a)), uuid.UUID(str(b))
    return (a, b) if a < b else (b, a)


def _set_constraint(cell_id, a, b, kind: str, reason: str, actor: Actor) -> None:
    first, second = _pair(a, b)
    if first == second:
        return
    existing = LinkConstraint.objects.filter(report_a_id=first, report_b_id=second).first()
    if existing is None:
        LinkConstraint.objects.create(
            owner_org_id=cell_id,
            report_a_id=first,
            report_b_id=second,
            kind=kind,
            reason=reason,
            decided_by=actor.name,
        )
    elif existing.kind != kind:
        existing.kind, existing.reason, existing.decided_by = kind, reason, actor.name
        existing.save(update_fields=["kind", "reason", "decided_by", "updated_at"])


def _drop_between(left: Iterable[str], right: Iterable[str], kind: str) -> int:
    left, right = [str(x) for x in left], [str(x) for x in right]
    q = (Q(report_a_id__in=left) & Q(report_b_id__in=right)) | (
        Q(report_a_id__in=right) & Q(report_b_id__in=left)
    )
    deleted, _ = LinkConstraint.objects.filter(q, kind=kind).delete()
    return deleted


def _members(incident: Incident) -> list[str]:
    return [
        str(a.report_id)
        for a in selectors.incident_members(incident_id=incident.pk).order_by("report__occurred_at")
    ]


def _move(assessment: Assessment, target: Incident, reason: str) -> None:
    assessment.incident = target
    assessment.link_method = LinkMethod.ANALYST
    assessment.link_score = None
    assessment.link_reasons = [reason]
    assessment.linked_at = timezone.now()
    assessment.save(
        update_fields=["incident", "link_method", "link_score", "link_reasons", "linked_at", "updated_at"]
    )


@transaction.atomic
def incident_merge(
    *, actor: Actor, incident: Incident, other: Incident, version: int, other_version: int, reason: str
) -> Incident:
    """Merge ``other`` into ``incident``: its reports join, and the engine keeps them together
    on later runs (must-link). ``other`` stays on record as merged."""
    reason = text_required(reason, "reason", "A reason for the merge")
    require_cell(actor, Action.VERIFY, incident)
    require_cell(actor, Action.VERIFY, other)
    if incident.pk == other.pk:
        raise ValidationFailed({"other_id": "An incident cannot be merged into itself."})
    first, second = sorted([incident, other], key=lambda i: str(i.pk))
    locked = {
        first.pk: _lock(first, version if first.pk == incident.pk else other_version, actor),
        second.pk: _lock(second, version if second.pk == incident.pk else other_version, actor),
    }
    target, source = locked[incident.pk], locked[other.pk]
    if target.status == Status.MERGED:
        raise Conflict(f"Incident {target.reference} was itself merged into another incident.")
    if source.status not in rules.OPEN_STATES:
        raise Conflict(
            f"Incident {source.reference} is {source.get_status_display().lower()}: "
            "reopen it before merging it away."
        )
    before_t, before_s = audit.snapshot(target), audit.snapshot(source)
    kept, moved = _members(target), _members(source)
    note = f"merged from {source.reference} by an analyst: {reason}"
    for a in selectors.incident_members(incident_id=source.pk):
        _move(a, target, note)
    _drop_between(kept, moved, ConstraintKind.CANNOT_LINK)
    union = kept + moved
    for other_id in union[1:]:
        _set_constraint(target.owner_org_id, union[0], other_id, ConstraintKind.MUST_LINK, reason, actor)
    status_before = source.status
    source.status = rules.INCIDENT.next(source.status, rules.Event.MERGE)
    source.merged_into = target
    source.version += 1
    _refresh(source)
    source.save()
    _step(source, actor, rules.Event.MERGE, status_before, f"merged into {target.reference}: {reason}")
    target.version += 1
    _refresh(target)
    target.save()
    _step(target, actor, "merge_in", target.status, f"{source.reference} merged in: {reason}")
    audit.record(
        actor=actor,
        action="compliance.incident.merged",
        obj=source,
        before=before_s,
        message=f"into {target.reference}: {reason}",
    )
    audit.record(
        actor=actor,
        action="compliance.incident.merged_in",
        obj=target,
        before=before_t,
        message=f"{source.reference}: {reason}",
    )
    return target


@transaction.atomic
def incident_split(
    *,
    actor: Actor,
    incident: Incident,
    reports: list[Report],
    version: int,
    reason: str,
    into: Incident | None = None,
    into_version: int | None = None,
) -> Incident:
    """Take ``reports`` out of ``incident`` into a new incident (or into ``into``). The engine keeps
    them apart from the rest on later runs (cannot-link) and together with each other (must-link)."""
    reason = text_required(reason, "reason", "A reason for the split")
    require_cell(actor, Action.VERIFY, incident)
    if into is not None:
        require_cell(actor, Action.VERIFY, into)
        if into.pk == incident.pk:
            raise ValidationFailed({"into_id": "Choose another incident to move the reports into."})
    pairs = [(incident, version)] + ([(into, into_version)] if into is not None else [])
    locked = {i.pk: _lock(i, v, actor) for i, v in sorted(pairs, key=lambda p: str(p[0].pk))}
    source = locked[incident.pk]
    members = _members(source)
    chosen = [str(r.pk) for r in reports]
    strangers = sorted(set(chosen) - set(members))
    if not chosen or strangers:
        raise ValidationFailed(
            {
                "report_ids": "Choose reports of this incident."
                + (f" Not in it: {', '.join(strangers)}." if strangers else "")
            }
        )
    remaining = [m for m in members if m not in chosen]
    if not remaining:
        raise ValidationFailed(
            {"report_ids": "Leave at least one report in the incident; to move them all, merge instead."}
        )
    if into is not None:
        target = locked[into.pk]
        if target.status == Status.MERGED:
            raise Conflict(f"Incident {target.reference} was merged into another incident.")
        before_target = audit.snapshot(target)
        target.version += 1
    else:
        first_report = min((r for r in reports), key=lambda r: r.occurred_at)
        target = _open(first_report, selectors_cell())
        before_target = None
    before_source = audit.snapshot(source)
    note = f"split from {source.reference} by an analyst: {reason}"
    target_members = _members(target) if into is not None else []
    for a in selectors.incident_members(incident_id=source.pk).filter(report_id__in=chosen):
        _move(a, target, note)
    _drop_between(chosen, remaining, ConstraintKind.MUST_LINK)
    together = target_members + chosen
    for other_id in together[1:]:
        _set_constraint(source.owner_org_id, together[0], other_id, ConstraintKind.MUST_LINK, reason, actor)
    _drop_between(together, together, ConstraintKind.CANNOT_LINK)
    for other_id in remaining[1:]:  # the analyst decided the whole membership: the rest stays together
        _set_constraint(source.owner_org_id, remaining[0], other_id, ConstraintKind.MUST_LINK, reason, actor)
    _set_constraint(source.owner_org_id, chosen[0], remaining[0], ConstraintKind.CANNOT_LINK, reason, actor)
    source.version += 1
    _refresh(source)
    source.save()
    downgraded = _recheck_confirmed(source, actor, f"split into {target.reference}")
    _refresh(target)
    if before_target is None:
        _auto_title(target)
        target.title = f"{target.title} (split from {source.reference})"[:200]
    target.save()
    _recheck_confirmed(target, actor, f"split from {source.reference}")
    _step(source, actor, "split", source.status, f"{len(chosen)} report(s) to {target.reference}: {reason}")
    _step(
        target, actor, "split_in", target.status, f"{len(chosen)} report(s) from {source.reference}: {reason}"
    )
    message = f"{len(chosen)} report(s) to {target.reference}: {reason}"
    if downgraded:
        message += f"; {len(downgraded)} report(s) lost credibility 1"
    audit.record(
        actor=actor, action="compliance.incident.split", obj=source, before=before_source, message=message
    )
    audit.record(
        actor=actor,
        action="compliance.incident.opened" if before_target is None else "compliance.incident.split_in",
        obj=target,
        before=before_target,
        message=f"{len(chosen)} report(s) from {source.reference}: {reason}",
    )
    return target


# -- analysts and decision-makers: the workflow --------------------------------------------------


@transaction.atomic
def incident_update(*, actor: Actor, incident: Incident, version: int, **changes: Any) -> Incident:
    """Edit the title, summary, internal findings or category, or release the incident more
    widely. Findings are frozen once determined (reopen first)."""
    require_cell(actor, Action.VERIFY, incident)
    unknown = set(changes) - EDITABLE - SHARING_FIELDS
    if unknown:
        raise ValidationFailed(dict.fromkeys(sorted(unknown), "This field cannot be changed here."))
    locked = _lock(incident, version, actor)
    if locked.status == Status.MERGED:
        raise Conflict(f"Incident {locked.reference} was merged into another incident; change that one.")
    if (
        "findings" in changes
        and locked.status in rules.AFTER_DETERMINATION
        and changes["findings"] != locked.findings
    ):
        raise Conflict("The findings are determined; reopen the incident to change them.")
    before = audit.snapshot(locked)
    for key in EDITABLE & set(changes):
        value = changes[key]
        setattr(locked, key, value.strip() if isinstance(value, str) else value)
    if "title" in changes:
        locked.title = text_required(locked.title, "title", "A title")
    if SHARING_FIELDS & set(changes):
        sharing.apply_sharing(
            locked,
            releasability=changes.get("releasability", locked.releasability),
            protected=changes.get("protected", locked.protected),
            shared_with=changes.get("shared_with", before.get("shared_with", [])),
        )
    clean(locked)
    locked.version += 1
    locked.save()
    sharing.save_shares(locked)
    access.ensure_visible_after_write(actor, locked)
    _step(locked, actor, "edit", locked.status, ", ".join(sorted(changes)))
    audit.record(actor=actor, action="compliance.incident.updated", obj=locked, before=before)
    return locked


@transaction.atomic
def incident_transition(
    *,
    actor: Actor,
    incident: Incident,
    event: str,
    version: int,
    reason: str = "",
    determination: str = "",
    findings: str | None = None,
) -> Incident:
    """Move an incident one step through verification. ``verify`` drives the analysts' steps,
    ``decide`` determines, escalates, follows up and reopens (publication: ``incident_publish``)."""
    if event in rules.SPECIAL_EVENTS:
        raise ValidationFailed({"event": f"'{event}' has its own step; use {event} on the incident."})
    if event not in rules.INCIDENT.events():
        raise ValidationFailed({"event": f"Unknown event; one of: {', '.join(sorted(rules.GATES))}."})
    require_cell(actor, rules.gate(event), incident)
    locked = _lock(incident, version, actor)
    status_before = locked.status
    new_status = rules.INCIDENT.next(locked.status, event)
    before = audit.snapshot(locked)
    reason = (reason or "").strip()
    if findings is not None:
        locked.findings = findings.strip()
    _guard(locked, event, reason, determination)
    locked.status = new_status
    extra = {}
    if event == rules.Event.DETERMINE:
        locked.determination = determination
        extra["determination"] = determination
    elif event == rules.Event.OUTSIDE_MANDATE:
        locked.determination = Determination.OUTSIDE_MANDATE
        extra["determination"] = Determination.OUTSIDE_MANDATE
    elif event == rules.Event.REOPEN:
        extra["determination"] = locked.determination
        locked.determination = Determination.NONE
    locked.version += 1
    locked.save()
    _step(locked, actor, event, status_before, reason, **extra)
    audit.record(
        actor=actor, action=f"compliance.incident.{event}", obj=locked, before=before, message=reason
    )
    return locked


def _guard(incident: Incident, event: str, reason: str, determination: str) -> None:
    E = rules.Event
    if event in (E.DETERMINE, E.OUTSIDE_MANDATE, E.REOPEN, E.ESCALATE, E.REWORK) and not reason:
        raise ValidationFailed({"reason": "Say why: this step is part of the record."})
    if event == E.DETERMINE and determination not in rules.DETERMINATIONS:
        raise ValidationFailed({"determination": f"One of: {', '.join(rules.DETERMINATIONS)}."})
    if event != E.DETERMINE and determination:
        raise ValidationFailed({"determination": "Only the 'determine' step records a determination."})
    if event == E.DRAFT_FINDINGS and not incident.findings.strip():
        raise ValidationFailed({"findings": "Write the internal findings first."})
    if event == E.CONSULT_PARTIES:
        from ..dialogue.models import Thread

        if not Thread.objects.filter(incident=incident).exists():
            raise Conflict("Put the incident to at least one party first: they have a right of reply.")


@transaction.atomic
def incident_attribute(
    *, actor: Actor, incident: Incident, version: int, attribution: str, reason: str, attributed_to: str = ""
) -> Incident:
    """Record the attribution (attributed / not attributed / disputed), kept apart from the
    determination: an event can be substantiated without being attributed."""
    require_cell(actor, Action.DECIDE, incident)
    reason = text_required(reason, "reason", "A reason for the attribution")
    if attribution not in Attribution.values:
        raise ValidationFailed({"attribution": f"One of: {', '.join(v for v in Attribution.values if v)}."})
    attributed_to = (attributed_to or "").strip()
    if attribution == Attribution.ATTRIBUTED and not attributed_to:
        raise ValidationFailed({"attributed_to": "Name who the incident is attributed to."})
    if attribution in ("", Attribution.NOT_ATTRIBUTED):
        attributed_to = ""
    locked = _lock(incident, version, actor)
    if locked.status == Status.MERGED:
        raise Conflict(f"Incident {locked.reference} was merged into another incident.")
    before = audit.snapshot(locked)
    locked.attribution, locked.attributed_to = attribution, attributed_to[:200]
    locked.version += 1
    locked.save()
    _step(locked, actor, "attribute", locked.status, reason, attribution=attribution)
    audit.record(
        actor=actor, action="compliance.incident.attributed", obj=locked, before=before, message=reason
    )
    return locked


@transaction.atomic
def incident_dissent(*, actor: Actor, incident: Incident, text: str) -> Dissent:
    """Record a dissenting view; dissent is kept with the incident and never edited."""
    access.require(actor, Action.VIEW, incident)
    if not (actor.can(Action.VERIFY) or actor.can(Action.DECIDE)):
        raise PermissionDenied("Dissent is recorded by analysts (verify) and decision-makers (decide).")
    if not actor.is_system and not actor.active_member:
        raise PermissionDenied("Your organisation is not an active member of the centre.")
    if actor.community == Community.PARTY:
        raise PermissionDenied("A party answers in the right-of-reply thread the incident was put to it in.")
    text = text_required(text, "text", "The dissenting view")
    dissent = Dissent.objects.create(
        incident=incident,
        text=text,
        on_status=incident.status,
        author_name=actor.name,
        author_org_id=actor.org_id,
    )
    audit.record(actor=actor, action="compliance.incident.dissent", obj=incident, before=None, message=text)
    return dissent


def incident_open_for(*, report: Report) -> Incident | None:
    """The incident a report is in (for services of other slices)."""
    a = selectors.assessment_for(actor=access.system_actor("compliance"), report=report)
    return a.incident if a else None


__all__ = [
    "UNSET",
    "correlation_run",
    "governorate_at",
    "incident_attribute",
    "incident_dissent",
    "incident_merge",
    "incident_split",
    "incident_transition",
    "incident_update",
    "link_new_reports",
    "report_grade",
]
