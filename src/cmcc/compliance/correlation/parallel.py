"""A large batch on several cores. Reports of different categories never share an incident, so each
worker process correlates whole categories and the results are simply put together; the outcome is
the same as in one process (density and term weights are per category, the time span is the batch's).
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass, field

from .gazetteer import Gazetteer
from .model import Constraints, IncidentSummary, Link, Report
from .scoring import Params

PARALLEL_MIN_REPORTS = 50_000  # below this, starting processes costs more than it saves

_JOB: tuple | None = None  # the batch, inherited by forked workers (nothing is pickled on the way in)


@dataclass
class BatchResult:
    """What a parallel batch returns in place of a ``Correlator``: links, summaries, assignment."""

    links: dict[str, Link] = field(default_factory=dict)
    assignment: dict[str, str] = field(default_factory=dict)
    incident_summaries: list[IncidentSummary] = field(default_factory=list)

    def summaries(self) -> list[IncidentSummary]:
        return list(self.incident_summaries)

    def incident_of(self, report_id: str) -> str:
        return self.assignment[report_id]


def split_categories(items: list[Report], constraints: Constraints, workers: int) -> list[set[str]] | None:
    """Categories in ``workers`` groups of about equal size, or None when a must-link crosses them."""
    category = {r.id: r.category for r in items}
    if any(category.get(a, "") != category.get(b, "") for a, b in constraints.must_link):
        return None
    counts: dict[str, int] = {}
    for r in items:
        counts[r.category] = counts.get(r.category, 0) + 1
    bins: list[tuple[int, set[str]]] = [(0, set()) for _ in range(workers)]
    for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        load, members = min(bins, key=lambda b: b[0])
        bins.remove((load, members))
        members.add(name)
        bins.append((load + n, members))
    groups = [members for _load, members in bins if members]
    return groups if len(groups) > 1 else None


def correlate_parallel(
    items: list[Report],
    constraints: Constraints,
    gazetteer: Gazetteer,
    params: Params,
    density: dict[str, float],
    workers: int,
    *,
    keep_links: bool = True,
) -> tuple[dict[str, str], BatchResult] | None:
    """Correlate ``items`` in worker processes by category; None if that cannot be done here."""
    global _JOB
    groups = split_categories(items, constraints, workers)
    if groups is None or "fork" not in multiprocessing.get_all_start_methods():
        return None
    _JOB = (items, constraints, gazetteer, params, density, keep_links)
    try:
        with multiprocessing.get_context("fork").Pool(len(groups)) as pool:
            parts = pool.map(_part, groups)
    finally:
        _JOB = None
    result = BatchResult()
    for assignment, links, summaries in parts:
        result.assignment.update(assignment)
        result.links.update(links)
        result.incident_summaries.extend(summaries)
    return {r.id: result.assignment[r.id] for r in items}, result


def _part(categories: set[str]) -> tuple[dict[str, str], dict[str, Link], list[IncidentSummary]]:
    from .engine import correlate

    assert _JOB is not None
    items, constraints, gazetteer, params, density, keep_links = _JOB
    subset = [r for r in items if r.category in categories]
    mapping, correlator = correlate(subset, constraints, gazetteer=gazetteer, params=params, density=density)
    return mapping, (correlator.links if keep_links else {}), correlator.summaries()
