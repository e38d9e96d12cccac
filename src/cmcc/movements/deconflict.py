"""The bridge between stored records and the deconfliction engine: rows in, engine dataclasses out,
and the engine's findings back as unsaved ``MovementConflict`` rows. No writes here (services write).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from shapely.geometry import shape

from . import conf, deconfliction, selectors, spatial
from .models import (
    ConflictKind,
    MovementConflict,
    MovementNotification,
    MovementStatus,
    NotifiedSite,
    ZoneVersion,
)


@dataclass
class Finding:
    """What the engine found for one movement, ready to be stored."""

    movement: MovementNotification
    coordination_required: bool
    conflicts: list[MovementConflict]

    def parties(self) -> dict[uuid.UUID, list[MovementConflict]]:
        """Party organisation → the crossings of its zones that need coordination."""
        out: dict[uuid.UUID, list[MovementConflict]] = {}
        for c in self.conflicts:
            if c.kind == ConflictKind.ZONE and c.category in deconfliction.COORDINATION_KINDS and c.party_id:
                out.setdefault(c.party_id, []).append(c)
        return out

    def signature(self) -> set[tuple]:
        return signature(self.conflicts)


def signature(conflicts: Sequence[MovementConflict]) -> set[tuple]:
    """What identifies a set of findings (for telling whether a re-check changed anything)."""
    return {
        (
            c.kind,
            c.zone_version_id,
            c.other_movement_id,
            c.site_id,
            round(c.lon, 7),
            round(c.lat, 7),
            c.starts_at,
            c.ends_at,
            round(c.distance_m, 2),
        )
        for c in conflicts
    }


def targets(conflicts: Sequence[MovementConflict]) -> set[tuple]:
    """Which zones, movements and sites the findings are about (what the audit trail records)."""
    return {(c.kind, c.zone_version_id, c.other_movement_id, c.site_id) for c in conflicts}


def _movement(m: MovementNotification) -> deconfliction.Movement:
    return deconfliction.Movement(
        id=str(m.pk), route=shape(m.route), start=m.window_start, end=m.window_end, purpose=m.purpose
    )


def _zone(v: ZoneVersion) -> deconfliction.Zone:
    return deconfliction.Zone(
        id=str(v.zone_id),
        version=v.version,
        kind=v.zone.kind,
        geometry=shape(v.geometry),
        valid_from=v.valid_from,
        valid_to=v.valid_to,
        name=v.zone.name,
    )


def _site(s: NotifiedSite) -> deconfliction.Site | None:
    end = min(s.valid_until, s.withdrawn_at) if s.withdrawn_at else s.valid_until
    if end <= s.valid_from:
        return None
    return deconfliction.Site(
        id=str(s.pk),
        function=s.function,
        geometry=shape(s.geometry),
        valid_from=s.valid_from,
        valid_until=end,
    )


def check(subjects: Sequence[MovementNotification]) -> list[Finding]:
    """Run the engine for ``subjects`` against the zones in force in their windows, the notified sites
    and every notified movement that takes place. Drafts are checked but never count as conflicts
    for anyone."""
    if not subjects:
        return []
    start = min(m.window_start for m in subjects)
    end = max(m.window_end for m in subjects)
    include = {m.pk for m in subjects}
    movements = selectors.engine_movements(start=start, end=end, include=include)
    versions = selectors.engine_zone_versions(start=start, end=end)
    sites = [s for s in selectors.engine_sites(start=start, end=end) if _site(s) is not None]
    drafts = {m.pk for m in movements if m.status == MovementStatus.DRAFT}
    results = deconfliction.check(
        [_movement(m) for m in movements],
        [_zone(v) for v in versions],
        [s for s in (_site(s) for s in sites) if s is not None],
        corridor_m=conf.corridor_metres(),
        site_distance_m=conf.site_distance_metres(),
        subjects=[str(m.pk) for m in subjects],
        projection=spatial.projection(),
    )
    version_of = {(str(v.zone_id), v.version): v for v in versions}
    findings = []
    for m in subjects:
        result = results[str(m.pk)]
        rows = []
        for c in result.conflicts:
            row = MovementConflict(
                movement=m,
                kind=c.kind.value,
                category=c.category,
                lon=c.where[0],
                lat=c.where[1],
                starts_at=c.start,
                ends_at=c.end,
                distance_m=max(float(c.distance_m), 0.0),
            )
            if c.kind is deconfliction.ConflictKind.ZONE:
                version = version_of[(c.other_id, c.version or 0)]
                row.zone_version = version
                row.party_id = version.zone.authority_id
            elif c.kind is deconfliction.ConflictKind.MOVEMENT:
                other = uuid.UUID(c.other_id)
                if other in drafts:
                    continue
                row.other_movement_id = other
            else:
                row.site_id = uuid.UUID(c.other_id)
            rows.append(row)
        findings.append(Finding(m, result.coordination_required, rows))
    return findings
