"""The bundled Gaza gazetteer: place names in both scripts -> one place id, and coordinates.

Names are matched on token sequences. Latin names match exactly (after dropping articles such as
"al-") or by consonant skeleton, so unseen transliterations ("Khan Yunes", "Jabaliya") still resolve;
Arabic names match after letter normalisation and clitic stripping ("بالنصيرات" -> النصيرات).
A name shared by a city and its governorate means the city unless the text says "governorate" /
"محافظة". "Gaza Strip" / "قطاع غزة" names the whole area and is not a place.

A *quarter* (a town's neighbourhood or camp: Shuja'iyya, Tal al-Sultan) has no coordinates of its
own: its entry carries its town's point, a wider radius and the town's id (``located_by``), so a
report naming it is placed somewhere in that town, shares the town's place term, and is told apart
from reports naming another quarter of the town.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import product
from pathlib import Path

from .lexicon import REGION_WIDE, STOPWORDS_EN
from .text import arabic_forms, is_arabic, latin_skeleton, tokens

ORIGIN_LAT, ORIGIN_LON = 31.42, 34.40
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON = 111.320 * math.cos(math.radians(ORIGIN_LAT))
LATIN_ARTICLES = frozenset({"al", "el", "an", "as", "az", "ash", "ad", "at", "ar", "a"})
GOVERNORATE_WORDS = frozenset({"governorate", "province", "district", "محافظه"})
KIND_RADIUS_KM = {
    "governorate": 7.0,
    "city": 2.0,
    "town": 1.5,
    "village": 1.2,
    "crossing": 0.8,
    "quarter": 3.0,
}
KIND_PRIORITY = {"crossing": 0, "city": 1, "town": 1, "village": 1, "quarter": 1, "governorate": 3}
MAX_NAME_TOKENS = 4
_REGION_FIRST = frozenset(p[0] for p in REGION_WIDE)
_STRIP_NAMES = frozenset({"gaza", "غزه"})
_DIRECTIONS = frozenset(
    {"southern", "central", "northern", "middle", "جنوب", "شمال", "وسط", "جنوبي", "شمالي", "لجنوب", "بجنوب"}
)
# Place names that are also common words count only after a word that introduces a place
# ("the source"; olives, apples, sands, stairs: the quarters Zeitoun, Tuffah, Rimal, Daraj).
_COMMON_WORDS = frozenset(
    {"المصدر", "مصدر", "الزيتون", "زيتون", "التفاح", "تفاح", "الرمال", "رمال", "الدرج", "درج"}
)
_LOCATIVES = frozenset(
    {
        *("في", "قرب", "بلده", "قريه", "منطقه", "مخيم", "حي", "الي", "من", "داخل", "اطراف", "محيط", "بين"),
        *("شرق", "غرب", "شمال", "جنوب", "شرقي", "غربي", "شمالي", "جنوبي"),
    }
)
MIN_SKELETON = 4  # shorter skeletons ("rfh", "nsr") match too many unrelated words


def to_km(lat: float, lon: float) -> tuple[float, float]:
    """Local equirectangular projection around the Gaza Strip (error < 0.1 % over 50 km)."""
    return (lon - ORIGIN_LON) * KM_PER_DEG_LON, (lat - ORIGIN_LAT) * KM_PER_DEG_LAT


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    kind: str
    name_en: str
    name_ar: str
    lat: float
    lon: float
    parent: str | None
    x: float
    y: float
    town: str | None = None  # a quarter: the town whose point it carries (``located_by`` in the file)

    @property
    def radius_km(self) -> float:
        return KIND_RADIUS_KM.get(self.kind, 1.5)

    @property
    def label(self) -> str:
        return f"'{self.name_en}' / '{self.name_ar}'"


@dataclass(frozen=True, slots=True)
class PlaceMention:
    place: Place
    start: int
    end: int


def _skeleton(token: str) -> str:
    """A place word's consonant skeleton; a long word's final "h" after a vowel (a transliterated
    ta marbuta: "Zawaideh", "Suhaylah") is left out, so it matches the spelling without it."""
    if len(token) >= 6 and token[-1] == "h" and token[-2] in "aeiou":
        token = token[:-1]
    return latin_skeleton(token)


def _arabic_endings(form: str) -> tuple[str, ...]:
    """A form and, for a final ta marbuta (normalised to ه) or a final hamza after alef, the same
    word ending in alef, as names are often written ("لاهية" / "لاهيا", "سهيلة" / "سهيلا",
    "الزهراء" / "الزهرا"). Both the index and the look-up add it, so either spelling finds the other."""
    if len(form) >= 4 and form[-1] == "ه":
        return form, form[:-1] + "ا"
    if len(form) >= 4 and form.endswith("اء"):
        return form, form[:-1]
    return (form,)


def _latin_keys(token: str) -> list[str]:
    keys = ["=" + token]
    skeleton = _skeleton(token)
    if len(skeleton) >= 2 and token not in STOPWORDS_EN:  # parts of multi-word names may be short
        keys.append("~" + skeleton)
    return keys


@lru_cache(maxsize=1 << 18)
def _token_keys(token: str) -> tuple[str, ...]:
    if is_arabic(token):
        return tuple(dict.fromkeys("#" + e for form in arabic_forms(token) for e in _arabic_endings(form)))
    return tuple(_latin_keys(token))


def _name_keys(name: str) -> list[tuple[str, ...]]:
    """Index keys of one name: exact, skeleton (Latin) or al-stripped (Arabic) token tuples, and the
    name run together into one word ("بيتلاهيا", "Beithanoun", "Deirelbalah")."""
    raw = tokens(name)
    words = [w for w in raw if w not in LATIN_ARTICLES]
    if not words:
        return []
    if is_arabic(words[0]):
        stripped = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words]
        keys = []
        spellings = [words, stripped]
        if len(words) > 1:
            spellings += [["".join(words)], ["".join(stripped)]]
        for spelling in spellings:
            for last in _arabic_endings(spelling[-1]):
                keys.append(tuple("#" + w for w in [*spelling[:-1], last]))
        return list(dict.fromkeys(keys))
    keys = []
    spellings = [words]
    if len(words) > 1:
        spellings += [["".join(words)], ["".join(raw)]]
    for spelling in spellings:
        keys.append(tuple("=" + w for w in spelling))
        skeletons = [_skeleton(w) for w in spelling]
        if sum(len(k) for k in skeletons) >= MIN_SKELETON and not (
            len(spelling) == 1 and spelling[0] in STOPWORDS_EN
        ):
            keys.append(tuple("~" + k for k in skeletons))
    return list(dict.fromkeys(keys))


@dataclass(frozen=True, slots=True)
class Region:
    """A governorate's outline (km coordinates), to tell whether a point lies in it."""

    id: str  # the governorate's place id
    area_km2: float
    rings: tuple[tuple[tuple[float, float], ...], ...]
    box: tuple[float, float, float, float]  # x min, x max, y min, y max

    @classmethod
    def from_feature(cls, place_id: str, feature: dict) -> Region:
        shape = feature["geometry"]
        polygons = shape["coordinates"] if shape["type"] == "MultiPolygon" else [shape["coordinates"]]
        rings = tuple(tuple(to_km(lat, lon) for lon, lat in ring) for polygon in polygons for ring in polygon)
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        area = float(feature["properties"]["area_sqkm"])
        return cls(place_id, area, rings, (min(xs), max(xs), min(ys), max(ys)))

    def contains(self, x: float, y: float) -> bool:
        """Even-odd rule over all rings (holes count as outside)."""
        if not (self.box[0] <= x <= self.box[1] and self.box[2] <= y <= self.box[3]):
            return False
        inside = False
        for ring in self.rings:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
        return inside


REGION_CELL_KM = 0.25  # region_of answers per cell of this size (cached)


class Gazetteer:
    def __init__(self, entries: list[dict], regions: list[Region] | None = None) -> None:
        self.regions: dict[str, Region] = {r.id: r for r in regions or []}
        self._region_cells: dict[tuple[int, int], str | None] = {}
        self.places: dict[str, Place] = {}
        self._index: dict[tuple[str, ...], Place] = {}
        self._governorates: dict[tuple[str, ...], Place] = {}
        for entry in entries:
            x, y = to_km(entry["lat"], entry["lon"])
            place = Place(
                entry["id"], entry["kind"], entry["name_en"], entry["name_ar"], entry["lat"], entry["lon"],
                entry.get("parent"), x, y, entry.get("located_by"),
            )  # fmt: skip
            self.places[place.id] = place
            for name in (entry["name_en"], entry["name_ar"], *entry.get("alt_names", [])):
                for key in _name_keys(name):
                    self._add(self._index, key, place)
                    if place.kind == "governorate":
                        self._add(self._governorates, key, place)
        # Points that are places' own (a quarter only borrows its town's).
        self._points = [p for p in self.places.values() if p.kind != "quarter"]
        self._located = [p for p in self._points if p.kind != "governorate"]
        self._first_keys = {key[0] for key in self._index}

    @staticmethod
    def _add(index: dict[tuple[str, ...], Place], key: tuple[str, ...], place: Place) -> None:
        current = index.get(key)
        if current is None or KIND_PRIORITY.get(place.kind, 2) < KIND_PRIORITY.get(current.kind, 2):
            index[key] = place

    @classmethod
    def from_path(cls, path: Path) -> Gazetteer:
        return cls(json.loads(path.read_text(encoding="utf-8"))["entries"])

    def find(self, words: list[str]) -> list[PlaceMention]:
        """Place names in a normalised token list, longest match first, left to right."""
        found: list[PlaceMention] = []
        kept = [i for i, w in enumerate(words) if w not in LATIN_ARTICLES]
        seq = [words[i] for i in kept]
        keys = [_token_keys(w) for w in seq]
        i, n = 0, len(seq)
        while i < n:
            if seq[i] in _REGION_FIRST:
                phrase = next((len(p) for p in REGION_WIDE if tuple(seq[i : i + len(p)]) == p), 0)
                if phrase:
                    i += phrase
                    continue
            if self._first_keys.isdisjoint(keys[i]):
                i += 1
                continue
            before = seq[i - 1] if i else ""
            if seq[i] in _STRIP_NAMES and before in _DIRECTIONS:
                i += 1  # "southern Gaza", "وسط غزة": a part of the Strip, not Gaza City
                continue
            if _common_word(seq[i]) and not _locative(before):
                i += 1  # "مجهول المصدر" is "of unknown source", not the village of al-Musaddar
                continue
            for length in range(min(MAX_NAME_TOKENS, n - i), 0, -1):
                place = self._lookup(keys[i : i + length])
                if place is not None:
                    place = self._qualified(seq, i, length, keys) or place
                    found.append(PlaceMention(place, kept[i], kept[i + length - 1] + 1))
                    i += length
                    break
            else:
                i += 1
        return found

    def _lookup(self, span_keys: list[tuple[str, ...]], index: dict | None = None) -> Place | None:
        index = self._index if index is None else index
        for combo in product(*span_keys):
            place = index.get(combo)
            if place is not None:
                return place
        return None

    def _qualified(self, words: list[str], i: int, length: int, keys: list[tuple[str, ...]]) -> Place | None:
        """The governorate when the name is qualified as one ("Rafah governorate", "محافظة رفح")."""
        before = words[i - 1] if i > 0 else ""
        after = words[i + length] if i + length < len(words) else ""
        if before in GOVERNORATE_WORDS or after in GOVERNORATE_WORDS:
            return self._lookup(keys[i : i + length], self._governorates)
        return None

    def region_of(self, x: float, y: float) -> str | None:
        """The governorate (place id) a point lies in, to the nearest ``REGION_CELL_KM``; None
        outside them all or when the gazetteer has no outlines."""
        if not self.regions:
            return None
        cell = (int(x // REGION_CELL_KM), int(y // REGION_CELL_KM))
        if cell not in self._region_cells:
            cx, cy = (cell[0] + 0.5) * REGION_CELL_KM, (cell[1] + 0.5) * REGION_CELL_KM
            self._region_cells[cell] = next((r.id for r in self.regions.values() if r.contains(cx, cy)), None)
        return self._region_cells[cell]

    def nearest(self, x: float, y: float, max_km: float = 4.0) -> Place | None:
        """The nearest populated place or crossing to a point (km coordinates), within ``max_km``."""
        best, best_d2 = None, max_km * max_km
        for place in self._located:
            d2 = (place.x - x) ** 2 + (place.y - y) ** 2
            if d2 < best_d2:
                best, best_d2 = place, d2
        return best

    def at_point(self, x: float, y: float, tolerance_km: float = 0.05) -> Place | None:
        """A gazetteer place whose point is ``x, y`` itself: coordinates snapped to a town centre."""
        for place in self._points:
            if abs(place.x - x) < tolerance_km and abs(place.y - y) < tolerance_km:
                return place
        return None


def _common_word(token: str) -> bool:
    return not _COMMON_WORDS.isdisjoint(arabic_forms(token)) if is_arabic(token) else False


def _locative(token: str) -> bool:
    return bool(token) and is_arabic(token) and not _LOCATIVES.isdisjoint(arabic_forms(token))


@cache
def default_gazetteer() -> Gazetteer:
    data = resources.files("cmcc.core").joinpath("data")
    entries = json.loads(data.joinpath("gazetteer.json").read_text(encoding="utf-8"))["entries"]
    outlines = json.loads(data.joinpath("gaza_governorates.geojson").read_text(encoding="utf-8"))
    regions = [Region.from_feature("cod:" + f["properties"]["pcode"], f) for f in outlines["features"]]
    return Gazetteer(entries, regions)
