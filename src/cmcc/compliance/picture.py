"""Read models built from the selectors: an incident's corroboration picture (reports side by side
with grades and link reasons, independent origins, casualty claims with their spread), the
compliance dashboard figures and the incident map layer. Everything starts from visibility."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from cmcc.core import geo
from cmcc.core.access import Actor

from . import rules
from .incidents import selectors as incidents
from .intake import selectors as intake
from .vocab import Category, Determination, Status


@dataclass
class ReportRow:
    assessment: Any
    report: Any
    grade: str
    claimed_by: str
    claims: list = field(default_factory=list)


@dataclass
class IncidentPicture:
    rows: list[ReportRow]
    corroboration: rules.Corroboration
    spread: list[rules.Spread]
    hidden_reports: int = 0

    @property
    def sources(self) -> list[tuple[str, str, int]]:
        """(source, reliability, reports) of the incident's reports."""
        counts: Counter = Counter()
        for row in self.rows:
            source = row.assessment.source
            counts[(source.name if source else row.claimed_by, source.reliability if source else "")] += 1
        return [(name, rel, n) for (name, rel), n in sorted(counts.items())]


def _claimant(report, assessment) -> str:
    if report.source_name:
        return report.source_name
    if assessment.source is not None:
        return assessment.source.name
    return report.owner_org.name


def corroboration_for(*, actor: Actor, incident) -> IncidentPicture:
    assessments = list(incidents.assessments(actor=actor, incident=incident))
    reports = [a.report for a in assessments]
    claims_by_report: dict = {}
    for claim in intake.claims_for(actor=actor, reports=reports):
        claims_by_report.setdefault(claim.report_id, []).append(claim)
    rows, items, claims = [], [], []
    for a in assessments:
        r = a.report
        claimant = _claimant(r, a)
        reliability = a.source.reliability if a.source else ""
        grade = f"{reliability or '?'}{a.credibility or '?'}"
        row_claims = sorted(claims_by_report.get(r.pk, []), key=lambda c: (c.kind, c.population))
        rows.append(ReportRow(a, r, grade, claimant, row_claims))
        items.append(rules.Item(str(r.pk), a.origin_key, a.credibility, reliability, claimant))
        claims += [
            rules.Claim(c.kind, c.population, c.count, c.count_max, c.claimed_by or claimant, str(r.pk))
            for c in row_claims
        ]
    return IncidentPicture(
        rows=rows,
        corroboration=rules.corroboration(items),
        spread=rules.casualty_spread(claims),
        hidden_reports=max(incident.report_count - len(rows), 0),
    )


def _week(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def dashboard(*, actor: Actor, weeks: int = 6, today: dt.date | None = None) -> dict:
    """Figures of the compliance dashboard, over the incidents the actor may see."""
    rows = list(
        incidents.incident_list(actor=actor).values(
            "category", "determination", "status", "occurred_at", "report_count", "origin_count"
        )
    )
    today = today or timezone.localdate()
    week_starts = [_week(today) - dt.timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]
    by_week: dict[str, list[int]] = {d or "": [0] * weeks for d in Determination.values}
    index = {w: i for i, w in enumerate(week_starts)}
    for r in rows:
        i = index.get(_week(r["occurred_at"].date()))
        if i is not None:
            by_week[r["determination"]][i] += 1
    levels = Counter(rules.corroboration_level(r["report_count"], r["origin_count"]) for r in rows)
    stages = Counter(r["status"] for r in rows)
    return {
        "total": len(rows),
        "reports": sum(r["report_count"] for r in rows),
        "by_category": [
            (c.value, str(c.label), n) for c in Category if (n := sum(1 for r in rows if r["category"] == c))
        ],
        "by_determination": [
            (d.value, str(d.label), sum(1 for r in rows if r["determination"] == d.value))
            for d in Determination
        ],
        "weeks": week_starts,
        "by_week": by_week,
        "corroboration": [(level, levels.get(level, 0)) for level in rules.LEVELS],
        "stages": [(s, str(Status(s).label), stages.get(s, 0)) for s in rules.stage_order()],
        "open": sum(n for s, n in stages.items() if s in rules.OPEN_STATES),
        "rumours": sum(
            1 for r in rows if r["report_count"] >= 3 and r["origin_count"] < rules.MIN_CORROBORATING
        ),
    }


def incident_geojson(*, actor: Actor, **filters: Any) -> dict:
    """The incident map layer (RFC 7946): the incidents the actor may see that have a position."""
    features = []
    for i in incidents.incident_list(actor=actor, **filters).exclude(lat__isnull=True):
        if i.lat is None or i.lon is None:
            continue
        features.append(
            geo.feature(
                geo.point(i.lon, i.lat),
                {
                    "reference": i.reference,
                    "title": i.title,
                    "category": i.category,
                    "category_label": str(i.get_category_display()),
                    "status": i.status,
                    "status_label": str(i.get_status_display()),
                    "determination": i.determination,
                    "attribution": i.attribution,
                    "occurred_at": i.occurred_at.isoformat(),
                    "time_precision": i.time_precision,
                    "geo_precision": i.geo_precision,
                    "place": i.place_name,
                    "governorate": i.governorate,
                    "reports": i.report_count,
                    "independent_origins": i.origin_count,
                    "corroboration": rules.corroboration_level(i.report_count, i.origin_count),
                    "url": f"/compliance/incidents/{i.pk}/",
                },
                feature_id=str(i.pk),
            )
        )
    return geo.feature_collection(features, name="incidents")
