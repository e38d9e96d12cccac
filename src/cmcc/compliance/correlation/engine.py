"""Group reports into incidents: bounded, representative-based clustering (no transitive chains).

A report joins an incident only on a strong link to the incident itself — its centre in space and
time and its text profile — never through another report. The link score adds log-likelihood
ratios: how much more likely the distance, the time gap, the shared text and a shared origin are
for two reports of one event than for two reports of the same category anywhere in the area and
month. It must beat a threshold that rises with the density of incidents of that category, and
an incident's members must stay within a bounded spread in space and time. Categories never mix,
and analysts' must-link / cannot-link decisions override the score. After a batch, fragments of
one event are merged incident to incident (``passes.py``).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Iterable

from .calibrate import Noise, calibrate, set_noise
from .features import Features, TermWeights, extract
from .gazetteer import Gazetteer, default_gazetteer
from .groups import Groups
from .incident import Incident
from .model import Constraints, IncidentSummary, Link, Report
from .parallel import PARALLEL_MIN_REPORTS, BatchResult, correlate_parallel
from .passes import merge_fragments, reassign
from .scoring import Params, Score, compatible, explain, region_evidence, score
from .text import concept_weights

__all__ = ["Correlator", "Params", "correlate"]

STRONG_CONCEPT_WEIGHT = 1.5
ANYWHERE = ""  # place key of the place index for reports that name no place: by their rarest words
ANYWHERE_TERMS = 3  # an incident is found that way by its members' three rarest words


class Correlator:
    """Incremental correlator. ``add`` places one report; ``summaries`` describes the incidents.

    ``density`` is the expected number of incidents per category per month over the area; ``None``
    lets the engine estimate it from what it has seen so far (``correlate`` sets it from the batch).
    """

    def __init__(
        self,
        constraints: Constraints | None = None,
        *,
        gazetteer: Gazetteer | None = None,
        params: Params | None = None,
        density: dict[str, float] | None = None,
        terms: TermWeights | None = None,
    ) -> None:
        self.gazetteer = gazetteer or default_gazetteer()
        self.params = params or Params()
        self.groups = Groups(constraints or Constraints())
        self.density = density
        self.terms = terms or TermWeights()
        self.incidents: dict[str, Incident] = {}
        self.assignment: dict[str, Incident] = {}
        self.links: dict[str, Link] = {}
        self._grid: dict[str, dict[int, list[Incident]]] = {}
        self._by_place: dict[str, dict[tuple[str, str, int], list[Incident]]] = {}
        self._by_origin: dict[str, list[Incident]] = {}
        self._group_home: dict[str, Incident] = {}
        self._seen: dict[str, int] = {}
        self._t_min = math.inf
        self._t_max = -math.inf
        self._stamp = 0
        self.strong_terms = _StrongTerms()

    # -- public API ---------------------------------------------------------------------------
    def add(self, report: Report | dict) -> Link:
        """Assign one report to the best existing incident or open a new one."""
        if isinstance(report, dict):
            report = Report.from_dict(report)
        if report.id in self.assignment:
            raise ValueError(f"report {report.id} was already added")
        f = extract(report, self.gazetteer)
        if self.params.noise_km is not None and self.params.noise_h is not None:
            set_noise(f, Noise(self.params.noise_km, self.params.noise_h))
        self.terms.observe(f)
        self.terms.apply(f)
        return self.place(f)

    def place(self, f: Features) -> Link:
        """Place a report whose features (and term weights) are ready."""
        report = f.report
        f.group = self.groups.find(report.id)
        self._seen[report.category] = self._seen.get(report.category, 0) + 1
        self._t_min, self._t_max = min(self._t_min, f.t), max(self._t_max, f.t)
        home = self._group_home.get(f.group)
        repeated = self._origin_home(f) if home is None else None
        if home is not None:
            incident = home
            link = Link(report.id, home.id, False, None, home.rep.report.id, ("analyst must-link",))
            self._join(incident, f)
        elif repeated is not None:
            incident = repeated
            reason = (
                f"same origin '{report.origin}' as the incident's reports: the same claim repeated "
                "(not independent), wherever and whenever it is placed"
            )
            link = Link(report.id, incident.id, False, None, incident.rep.report.id, (reason,))
            self._join(incident, f)
        else:
            threshold = self._threshold(report.category)
            best, best_score, top = self._best(f, threshold)
            if best is None or best_score is None:
                incident = self._open(f)
                reason = (
                    "no incident of this category close enough in space, time and text"
                    if top is None
                    else f"best candidate scored {top:.1f} < threshold {threshold:.1f}"
                )
                link = Link(report.id, incident.id, True, None, None, (f"opened a new incident: {reason}",))
            else:
                incident = best
                reasons = explain(f, best, best_score, threshold)
                link = Link(report.id, best.id, False, best_score.total, best.rep.report.id, reasons)
                self._join(incident, f)
        if report.id in self.groups.grouped:
            self._group_home.setdefault(f.group, incident)
        self.assignment[report.id] = incident
        self.links[report.id] = link
        return link

    def incident_of(self, report_id: str) -> str:
        return self.assignment[report_id].id

    def summaries(self) -> list[IncidentSummary]:
        return [incident.summary() for incident in self.incidents.values()]

    def _origin_home(self, f: Features) -> Incident | None:
        """The incident of this category that already holds reports of the same origin (the largest,
        then the first opened): a report that repeats a claim belongs with the claim, even when the
        repeat is placed or timed differently; an analyst's cannot-link still wins."""
        origin = f.report.origin
        if not origin:
            return None
        cannot = self.groups.cannot.get(f.group)
        best: Incident | None = None
        for incident in self._by_origin.get(origin, ()):
            if not incident.members or incident.category != f.report.category:
                continue
            if origin not in incident.origins:
                continue  # its reports of that origin have moved elsewhere
            if cannot and not cannot.isdisjoint(incident.groups):
                continue
            if best is None or (incident.n, -incident.seq) > (best.n, -best.seq):
                best = incident
        return best

    # -- candidates and scoring ---------------------------------------------------------------
    def _threshold(self, category: str) -> float:
        p = self.params
        if self.density is not None:
            expected = self.density.get(category, 1.0)
        else:
            months = max(1.0, (self._t_max - self._t_min) / p.month_hours)
            expected = self._seen.get(category, 0) / p.reports_per_incident / months
        return p.base_threshold + math.log(max(expected, p.min_density))

    def _best(self, f: Features, threshold: float) -> tuple[Incident | None, Score | None, float | None]:
        """The best-scoring incident in reach, if it beats the threshold, and the top score seen.

        Space and time are scored for every candidate in reach (cheap); text only in decreasing order
        of what a candidate could reach with a perfect text match, stopping when none can beat the
        best so far, and for at most ``Params.max_text_candidates`` of them."""
        cannot = self.groups.cannot.get(f.group)
        p = self.params
        g2 = p.gate_sigmas * p.gate_sigmas
        t, sh2, precise_t = f.t, f.sigma_h * f.sigma_h, f.sigma_h <= 2.0
        x, y, sk2, precise_x = f.x, f.y, f.sigma_km * f.sigma_km, f.sigma_km <= 1.0
        origin = f.report.origin
        category = f.report.category
        quarters = f.quarters
        log_month = math.log(p.month_hours / math.sqrt(2.0 * math.pi))
        log_area = math.log(p.area_km2 / (2.0 * math.pi))
        max_text = p.text_weight * (1.0 - p.text_mid)
        spread2, span = p.max_spread_km * p.max_spread_km, p.max_span_h
        tail_share, tail2 = p.time_tail_share, p.time_tail_h * p.time_tail_h
        log_keep = math.log(1.0 - tail_share) if tail_share < 1.0 else 0.0
        log_tail = math.log(tail_share) if tail_share > 0.0 else 0.0
        log = math.log
        region = f.region
        region_bonus = region_evidence(f, p) if region is not None else 0.0
        self._stamp += 1
        stamp = self._stamp
        reach: list[tuple[float, int, Incident]] = []  # (-bound, seq, incident)
        for bucket in self._buckets(f):
            for incident in bucket:
                if incident.stamp == stamp or not incident.members:
                    continue
                incident.stamp = stamp
                if incident.category != category and not compatible(category, incident.category):
                    continue  # an origin is shared across categories; incidents are not
                if quarters and incident.quarters and incident.other_quarter(f):
                    continue  # another quarter of the town
                located = x is not None and incident.x is not None
                if located:  # the space gate first: most candidates of a wide lookup fail it
                    dx, dy = x - incident.x, y - incident.y  # type: ignore[operator]
                    s2 = sk2 + incident.var_km
                    d2 = dx * dx + dy * dy
                    if d2 > g2 * s2 or (precise_x and incident.sigma_km <= 1.0 and d2 > spread2):
                        continue
                dt = t - incident.t
                s2t = sh2 + incident.var_h
                if precise_t and incident.sigma_h <= 2.0 and tail_share > 0.0:
                    if abs(dt) > span:
                        continue
                    w2 = s2t + tail2
                    if dt * dt > g2 * w2:
                        continue
                    bound = log_keep + log_month - 0.5 * log(s2t) - dt * dt / (2.0 * s2t)
                    if dt * dt > s2t:  # beyond one sigma the far explanation may be the better one
                        wide = log_tail + log_month - 0.5 * log(w2) - dt * dt / (2.0 * w2)
                        bound = bound if bound >= wide else wide
                    bound += max_text
                else:
                    if dt * dt > g2 * s2t:
                        continue
                    bound = log_month - 0.5 * log(s2t) - dt * dt / (2.0 * s2t) + max_text
                if located:
                    if region is not None and incident.region == region:
                        bound += region_bonus  # as scoring.region_evidence
                    else:
                        bound += log_area - log(s2) - d2 / (2.0 * s2)
                if origin is not None and origin in incident.origins:
                    bound += p.origin_weight
                if bound < threshold:
                    continue  # even a perfect text match could not link it
                if cannot and not cannot.isdisjoint(incident.groups):
                    continue
                reach.append((-bound, incident.seq, incident))
        reach.sort()  # best bound first, then opening order (seq is unique: incidents never compare)
        best: Incident | None = None
        top: float | None = None
        for negative, _seq, incident in reach[: p.max_text_candidates]:
            bound = -negative
            if top is not None and bound <= top:
                break
            total = bound - max_text + p.text_weight * (incident.similarity(f) - p.text_mid)
            if f.names and incident.names_other_family(f):
                total += p.name_conflict
            if f.figures and incident.figures:
                total += p.figure_conflict * incident.figures_conflict(f.figures)
            if top is None or total > top:
                top, best = total, incident
        if best is None or top is None or top < threshold:
            return None, None, top
        return best, score(f, best, p), top

    def _buckets(self, f: Features) -> list[list[Incident]]:
        """Index buckets that may hold incidents in reach of ``f`` (they may overlap)."""
        p = self.params
        cat = f.report.category
        out: list[list[Incident]] = []
        if f.report.origin and f.report.origin in self._by_origin:
            out.append(self._by_origin[f.report.origin])
        if f.x is not None and f.sigma_km <= p.grid_max_sigma_km and f.sigma_h <= p.grid_max_sigma_h:
            grid = self._grid.get(cat)
            if grid:
                reach_km = p.gate_sigmas * math.hypot(f.sigma_km, 0.5)
                reach_h = p.gate_sigmas * math.hypot(f.sigma_h, 0.5)
                cells = max(1, math.ceil(reach_km / p.cell_km - 0.5))
                buckets = max(1, math.ceil(reach_h / p.bucket_h - 0.5))
                base = _cell(f.x, f.y, f.t, p)  # type: ignore[arg-type]
                out.extend(filter(None, map(grid.get, [base + k for k in _offsets(cells, buckets)])))
        else:
            index = self._by_place.get(cat)
            if index:
                days = int(min(p.max_days, math.ceil(p.gate_sigmas * f.sigma_h / 24)))
                day = int(f.t // 24)
                terms = [t for t in f.terms if t in self.strong_terms]
                terms = _heaviest(f, terms, p.lookup_terms)  # the rarest few: a true match shares one
                places = self._query_places(f)
                rare = _rarest(f, p.lookup_terms) if not places else []
                if rare:
                    places = [ANYWHERE]  # no place to go by: its rarest words on those days
                for place in places:
                    for term in rare if place == ANYWHERE else terms or [""]:
                        for d in range(day - days, day + days + 1):
                            bucket = index.get((place, term, d))
                            if bucket:
                                out.append(bucket)
        return out

    def _query_places(self, f: Features) -> list[str]:
        """The most specific places a vague report can be looked up by."""
        towns = [p.town or p.id for p in f.places if p.kind != "governorate"]  # a quarter: its town
        if towns:
            return list(dict.fromkeys(towns))
        if f.places:
            return [p.id for p in f.places]
        if f.x is None:
            return []
        near = self.gazetteer.nearest(f.x, f.y, 50.0)  # type: ignore[arg-type]
        if near is None:
            return []
        if f.sigma_km <= self.params.town_sigma_km:
            return [near.id]
        return [near.parent] if near.parent else []

    def _incident_places(self, incident: Incident, f: Features) -> set[str]:
        """Places an incident is indexed by: those its members name (and a named quarter's town), the
        town nearest its centre, and their governorates."""
        keys = {p.id for p in f.places} | {p.parent for p in f.places if p.parent}
        keys |= {p.town for p in f.places if p.town}
        if incident.x is not None:
            near = self.gazetteer.nearest(incident.x, incident.y, self.params.place_index_km)  # type: ignore[arg-type]
            if near is not None:
                keys.add(near.id)
                if near.parent:
                    keys.add(near.parent)
        return keys

    def near(self, incident: Incident) -> list[Incident]:
        """Live incidents of the same category in the grid cells around ``incident``."""
        grid = self._grid.get(incident.category)
        if not grid or incident.x is None:
            return []
        self._stamp += 1
        stamp = self._stamp
        incident.stamp = stamp
        base = _cell(incident.x, incident.y, incident.t, self.params)  # type: ignore[arg-type]
        out = []
        for dt in (-1, 0, 1):
            for dx in (-1, 0, 1):
                row = base + (dt << 20) + (dx << 10)
                for dy in (-1, 0, 1):
                    for other in grid.get(row + dy, ()):
                        if other.stamp != stamp and other.members:
                            other.stamp = stamp
                            out.append(other)
        return out

    def move(self, f: Features, incident: Incident) -> None:
        """Put an already placed report into ``incident`` (merges and reassignments)."""
        self._join(incident, f)
        self.assignment[f.report.id] = incident
        if f.group in self._group_home:
            self._group_home[f.group] = incident

    # -- incident bookkeeping -----------------------------------------------------------------
    def _open(self, f: Features) -> Incident:
        incident = Incident(f.report.id, f, len(self.incidents) + len(self.links))
        self.incidents[incident.id] = incident
        self._index(incident, f, None, new_origin=True)
        return incident

    def _join(self, incident: Incident, f: Features) -> None:
        located = incident.x is not None and incident.y is not None
        before = _cell(incident.x, incident.y, incident.t, self.params) if located else None  # type: ignore[arg-type]
        new_origin = f.report.origin not in incident.origins
        incident.add(f)
        self._index(incident, f, before, new_origin=new_origin)

    def _index(self, incident: Incident, f: Features, before: int | None, *, new_origin: bool) -> None:
        p = self.params
        cat = incident.category
        if incident.x is not None:
            incident.region = self.gazetteer.region_of(incident.x, incident.y)  # type: ignore[arg-type]
            cell = _cell(incident.x, incident.y, incident.t, p)  # type: ignore[arg-type]
            if cell != before:
                self._grid.setdefault(cat, {}).setdefault(cell, []).append(incident)
        origin = f.report.origin
        if origin and new_origin:
            self._by_origin.setdefault(origin, []).append(incident)
        if incident.n == 1 or f.places or f.report.category != incident.category:
            places = self._incident_places(incident, f)
        else:
            places = set()
        terms = [t for t in f.terms if t in self.strong_terms] + [""]
        day = int(incident.t // 24)
        index = self._by_place.setdefault(cat, {})
        indexed = incident.places_indexed
        for place in places | {k[0] for k in indexed}:
            for term in terms:
                if (place, term) not in indexed and place != ANYWHERE:
                    indexed.add((place, term))
                    index.setdefault((place, term, day), []).append(incident)
        for term in _rarest(f, ANYWHERE_TERMS):
            if (ANYWHERE, term) not in indexed:
                indexed.add((ANYWHERE, term))
                index.setdefault((ANYWHERE, term, day), []).append(incident)


class _StrongTerms:
    """Terms specific enough to block vague reports on: sites, means, figures (not "killed")."""

    def __init__(self) -> None:
        weights = concept_weights()
        self._concepts = {f"c:{c}" for c, w in weights.items() if w >= STRONG_CONCEPT_WEIGHT}

    def __contains__(self, term: str) -> bool:
        return term.startswith(("n:", "f:")) or term in self._concepts


def _rarest(f: Features, n: int) -> list[str]:
    """The ``n`` heaviest terms of a report other than places: a place name the gazetteer does not
    know, a family name, a figure, a site."""
    return _heaviest(f, [t for t in f.terms if not t.startswith("p:")], n)


def _heaviest(f: Features, terms: list[str], n: int) -> list[str]:
    """The ``n`` of ``terms`` that weigh most in the report (ties by name, for the same result)."""
    if len(terms) <= n:
        return terms
    weights = f.weights
    return sorted(terms, key=lambda t: (-weights.get(t, 0.0), t))[:n]


@functools.cache
def _offsets(cells: int, buckets: int) -> tuple[int, ...]:
    """What to add to a cell's key for the keys of the cells within ``cells`` cells and ``buckets``
    time buckets of it (a vague report looks at thousands: one list, probed in one ``map``)."""
    return tuple(
        (dt << 20) + (dx << 10) + dy
        for dt in range(-buckets, buckets + 1)
        for dx in range(-cells, cells + 1)
        for dy in range(-cells, cells + 1)
    )


def _cell(x: float, y: float, t: float, p: Params) -> int:
    """Integer key of a grid cell: time bucket, then x and y cells (offset to stay positive)."""
    return (int(t // p.bucket_h) << 20) + ((int(x // p.cell_km) + 512) << 10) + int(y // p.cell_km) + 512


def correlate(
    reports: Iterable[Report | dict],
    constraints: Constraints | None = None,
    *,
    gazetteer: Gazetteer | None = None,
    params: Params | None = None,
    progress: Callable[[int], object] | None = None,
    workers: int = 1,
    density: dict[str, float] | None = None,
    keep_links: bool = True,
) -> tuple[dict[str, str], Correlator | BatchResult]:
    """Batch: every report's incident id (input order kept) and the correlator with links and reasons.

    Reports are placed most precise first (coordinates and time of day known), then by time and id,
    so vague reports meet incidents that precise ones have already anchored. Same input, same ids.
    ``progress`` is called with 1 after each report is placed. With ``workers`` > 1 a large batch is
    split by category over that many processes (same result; a ``BatchResult`` comes back instead of
    the correlator, and ``progress`` is not called; with ``keep_links`` False its ``links`` stay empty,
    which saves sending them back). ``density`` overrides the batch's own estimate.
    """
    gazetteer = gazetteer or default_gazetteer()
    params = params or Params()
    items = [r if isinstance(r, Report) else Report.from_dict(r) for r in reports]
    seen_ids: set[str] = set()
    for report in items:
        if report.id in seen_ids:
            raise ValueError(f"duplicate report id {report.id}")
        seen_ids.add(report.id)
    constraints = constraints or Constraints()
    density = density if density is not None else density_of(items, params)
    if params.calibrate and params.noise_km is None:
        noise = calibrate(items, gazetteer)
        params = dataclasses.replace(params, noise_km=noise.km, noise_h=noise.hours)
    if workers > 1 and len(items) >= PARALLEL_MIN_REPORTS:
        done = correlate_parallel(
            items, constraints, gazetteer, params, density, workers, keep_links=keep_links
        )
        if done is not None:
            return done
    features = [extract(r, gazetteer) for r in items]
    if params.noise_km is not None and params.noise_h is not None:
        noise = Noise(params.noise_km, params.noise_h)
        for f in features:
            set_noise(f, noise)
    terms = TermWeights.fit(features)
    for f in features:
        terms.apply(f)
    correlator = Correlator(constraints, gazetteer=gazetteer, params=params, density=density, terms=terms)
    ordered = sorted(features, key=_placement_order)
    precise = [f for f in ordered if f.precise]
    for f in precise:
        correlator.place(f)
        if progress is not None:
            progress(1)
    rest = ordered[len(precise) :]
    for f in rest:
        correlator.place(f)
        if progress is not None:
            progress(1)
    if params.merge_margin is not None:
        merge_fragments(correlator, params.merge_margin)
    for _ in range(params.refine_rounds):
        reassign(correlator, ordered)
    return {r.id: correlator.incident_of(r.id) for r in items}, correlator


def _placement_order(f: Features) -> tuple:
    """Precise reports first, then those that say more (they make better first members), then time."""
    tier = 0 if f.precise else (1 if f.x is not None and f.sigma_km <= 1.0 else 2)
    return (tier, f.sigma_h > 2.0, -min(len(f.terms), 12) // 3, f.t, f.report.id)


def batch_density(features: list[Features], params: Params) -> dict[str, float]:
    """Expected incidents per category per month, from the batch's size and time span."""
    return density_of([f.report for f in features], params)


def density_of(reports: list[Report], params: Params) -> dict[str, float]:
    if not reports:
        return {}
    times = [r.occurred_at.timestamp() / 3600.0 for r in reports]
    months = max(1.0, (max(times) - min(times)) / params.month_hours)
    counts: dict[str, int] = {}
    for r in reports:
        counts[r.category] = counts.get(r.category, 0) + 1
    return {cat: n / params.reports_per_incident / months for cat, n in counts.items()}
