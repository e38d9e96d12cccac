"""What the engine compares: one report reduced to a position, a time window and weighted text terms."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .gazetteer import Gazetteer, Place, to_km
from .model import Report
from .text import analyse, concept_weights, detect_lang, figures, text_features, tokens

# One-sigma location uncertainty (km) per geo_precision code for given coordinates:
# 1 = the spot or the town, 2 = near a town / part of a region, 3 = only the governorate.
GEO_SIGMA_KM = {1: 0.5, 2: 3.0, 3: 7.0}
# One-sigma time uncertainty (hours) per time_precision code: 1 = time of day known (a day-only
# date is uniform over the day), 2 = the week, 3 = the month.
TIME_SIGMA_H = {1: 1.0, 2: 48.0, 3: 210.0}
DAY_ONLY_SIGMA_H = 7.0
WORD_FACTOR = 0.6  # residual words say less than the shared concepts, numbers and places


@dataclass(slots=True)
class Features:
    report: Report
    x: float | None
    y: float | None
    sigma_km: float
    located_by: Place | None  # the place that gave the position when the report had no coordinates
    snapped_to: Place | None  # the gazetteer place the coordinates sit on (a town-centre fix)
    t: float  # hours since the epoch
    sigma_h: float
    places: tuple[Place, ...]
    lang: str
    # Script-neutral terms: "c:" concepts, "n:" numbers, "p:" places, "w:" word skeletons.
    terms: tuple[str, ...]
    weights: dict[str, float] = field(default_factory=dict)  # term -> weight, set by TermWeights
    norm2: float = 0.0  # squared length of the weighted term vector
    group: str = ""  # must-link group
    names: tuple[str, ...] = ()  # the family-name terms ("f:") among ``terms``
    quarters: tuple[str, ...] = ()  # ids of the town quarters the text names
    # The governorate when that is all the report's position says (a governorate named with no
    # coordinates, a governorate's centroid, or geo_precision 3), and its area (km²).
    region: str | None = None
    region_km2: float = 0.0
    figures: tuple[tuple[str, int], ...] = ()  # casualty figures stated: ("killed", 3), ("injured", 5)

    @property
    def located(self) -> bool:
        return self.x is not None

    @property
    def precise(self) -> bool:
        return self.x is not None and self.sigma_km <= 1.0 and self.sigma_h <= 2.0


_COMPASS = {"north": (0.0, 1.0), "south": (0.0, -1.0), "east": (1.0, 0.0), "west": (-1.0, 0.0)}
_KM_WORDS = frozenset(
    {"km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "كم", "كيلو", "كيلومتر"}
)
DIRECTION_KM = 2.0  # how far "east of <town>" is taken to be when no distance is given
MAX_DIRECTION_KM = 10.0


def offset_before(words: list[str], start: int) -> tuple[float, float] | None:
    """The offset (km east, km north) that the words just before a place name give: "3 km south-east
    of", "the eastern outskirts of", "شمال غرب", "المناطق الشرقية من"; None if they give none."""
    dx = dy = 0.0
    km = None
    found = False
    for i in range(start - 1, max(start - 7, -1), -1):
        item = analyse(words[i])
        if item is not None and item[0] == "c" and item[1] in _COMPASS:
            ux, uy = _COMPASS[item[1]]
            dx, dy, found = dx + ux, dy + uy, True
        elif item is not None and item[0] == "n" and i + 1 < start and words[i + 1] in _KM_WORDS:
            km = float(item[1])
        elif item is not None and not (item[0] == "c" and item[1] == "outskirts"):
            break  # a word that is not part of "<distance> <direction> of"
    norm = math.hypot(dx, dy)
    if not found or norm == 0.0:
        return None
    distance = km if km is not None and 0.0 < km <= MAX_DIRECTION_KM else DIRECTION_KM
    return dx / norm * distance, dy / norm * distance


# "#Gaza" / "#غزة" on a post tags the Strip, not Gaza City (a hashtag naming a town still counts).
_STRIP_TAGS = re.compile(r"#(?:gaza|غزة|غزه)(?![\w])", re.IGNORECASE)


def extract(report: Report, gazetteer: Gazetteer) -> Features:
    words = tokens(_STRIP_TAGS.sub(" ", report.text))
    mentions = gazetteer.find(words)
    consumed = {i for m in mentions for i in range(m.start, m.end)}
    text = text_features([w for i, w in enumerate(words) if i not in consumed])
    places = tuple(dict.fromkeys(m.place for m in mentions))
    x = y = None
    located_by = snapped_to = None
    sigma_km = GEO_SIGMA_KM[report.geo_precision]
    if report.lat is not None and report.lon is not None:
        x, y = to_km(report.lat, report.lon)
        snapped_to = gazetteer.at_point(x, y)
        if snapped_to is not None:
            sigma_km = max(sigma_km, snapped_to.radius_km)
    elif places:
        located_by = min(places, key=lambda p: p.radius_km)
        x, y = located_by.x, located_by.y
        sigma_km = max(located_by.radius_km, GEO_SIGMA_KM[report.geo_precision])
    anchor = located_by or snapped_to  # the position is that place's point
    if anchor is not None and anchor.kind == "governorate":
        anchor = None  # a governorate's position is its whole area (below), not a point to move
    if anchor is not None and x is not None and y is not None:
        # a position that is a town's point moves the way the text says the event was from the town
        start = next((m.start for m in mentions if m.place == anchor), None)
        shift = offset_before(words, start) if start is not None else None
        if shift is not None:
            x, y = x + shift[0], y + shift[1]
    region = None
    if located_by is not None and located_by.kind == "governorate":
        region = located_by.id
    elif snapped_to is not None and snapped_to.kind == "governorate":
        region = snapped_to.id
    elif x is not None and y is not None and report.geo_precision == 3:
        region = gazetteer.region_of(x, y)
    outline = gazetteer.regions.get(region) if region else None
    sigma_h = TIME_SIGMA_H[report.time_precision]
    if report.time_precision == 1 and report.date_only:
        sigma_h = DAY_ONLY_SIGMA_H
    terms = [f"c:{c}" for c in sorted(text.concepts)] + [f"n:{n}" for n in sorted(text.numbers)]
    terms += [f"w:{w}" for w in sorted(text.words)] + [f"f:{n}" for n in sorted(text.names)]
    for place in places:
        terms.append("p:" + place.id)
        if place.parent:
            terms.append("p:" + place.parent)
        if place.town:
            terms.append("p:" + place.town)  # a quarter is in its town: it shares the town's term
    return Features(
        report=report,
        x=x,
        y=y,
        sigma_km=sigma_km,
        located_by=located_by,
        snapped_to=snapped_to,
        t=report.occurred_at.timestamp() / 3600.0,
        sigma_h=sigma_h,
        places=places,
        lang=(report.lang or detect_lang(report.text))[:2].lower(),
        terms=tuple(dict.fromkeys(terms)),
        names=tuple(f"f:{n}" for n in sorted(text.names)),
        quarters=tuple(p.id for p in places if p.kind == "quarter"),
        figures=figures(words),
        region=region if outline is not None else None,
        region_km2=outline.area_km2 if outline is not None else 0.0,
    )


class TermWeights:
    """Inverse document frequency of each term within a category: a term every report of that
    category carries ("detained" in detentions) weighs little; a site, a figure or a place weighs more.
    Fitted on a batch, then kept up to date as reports are added."""

    def __init__(self) -> None:
        self.docs: dict[str, int] = {}
        self.freq: dict[str, dict[str, int]] = {}
        self._prior = {f"c:{c}": math.sqrt(w / 1.5) for c, w in concept_weights().items()}

    @classmethod
    def fit(cls, features: list[Features]) -> TermWeights:
        weights = cls()
        for f in features:
            weights.observe(f)
        return weights

    def observe(self, f: Features) -> None:
        category = f.report.category
        self.docs[category] = self.docs.get(category, 0) + 1
        freq = self.freq.setdefault(category, {})
        for term in f.terms:
            freq[term] = freq.get(term, 0) + 1

    def apply(self, f: Features) -> None:
        n = self.docs.get(f.report.category, 0) + 1
        freq = self.freq.get(f.report.category, {})
        prior = self._prior
        f.weights = {
            t: prior.get(t, WORD_FACTOR if t[0] == "w" else 1.0) * math.log(1.0 + n / (1.0 + freq.get(t, 0)))
            for t in f.terms
        }
        f.norm2 = sum(w * w for w in f.weights.values())
