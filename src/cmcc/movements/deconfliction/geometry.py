"""GeoJSON geometry validation with messages that name the problem, and the local metric projection.

``validate_geometry`` returns a list of ``GeometryProblem``; ``parse_geometry`` returns a shapely
geometry or raises ``GeometryError``. Neither knows about the web framework: the API maps the error
to a 422 with ``problems`` as the body.

``LocalProjection`` maps lon/lat to metres on a plane tangent at a reference point (equirectangular,
with the WGS84 ellipsoid's radii of curvature at the reference latitude). The mapping is affine, so
it keeps intersections; distances are off by at most ``tan(lat0) * |lat - lat0|`` (relative), which is
about 0.2 % at the edges of the Gaza Strip (0.1 m on a 50 m threshold).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Polygon, shape
from shapely.geometry.base import BaseGeometry

GEOMETRY_TYPES = ("Point", "LineString", "Polygon", "MultiPolygon", "MultiLineString")
MAX_POSITIONS = 100_000

_WGS84_A = 6_378_137.0
_WGS84_F = 1 / 298.257223563
_WGS84_E2 = _WGS84_F * (2 - _WGS84_F)


@dataclass(frozen=True, slots=True)
class LocalProjection:
    """lon/lat degrees <-> metres east/north of (lon0, lat0). Affine: x = kx*(lon-lon0), y = ky*(lat-lat0)."""

    lon0: float
    lat0: float
    kx: float
    ky: float

    @classmethod
    def at(cls, lon0: float, lat0: float) -> LocalProjection:
        phi = math.radians(lat0)
        w = 1 - _WGS84_E2 * math.sin(phi) ** 2
        meridional = _WGS84_A * (1 - _WGS84_E2) / w**1.5
        prime_vertical = _WGS84_A / math.sqrt(w)
        rad = math.pi / 180
        return cls(lon0, lat0, kx=rad * prime_vertical * math.cos(phi), ky=rad * meridional)

    @classmethod
    def around(cls, geometries: Iterable[BaseGeometry]) -> LocalProjection:
        """Centred on the middle of the geometries' bounding box."""
        array = np.asarray(list(geometries), dtype=object)
        xmin, ymin, xmax, ymax = shapely.total_bounds(array) if len(array) else (math.nan,) * 4
        if not math.isfinite(xmin):
            raise ValueError("cannot centre a projection on no geometry")
        return cls.at((xmin + xmax) / 2, (ymin + ymax) / 2)

    def forward(self, geometries: np.ndarray) -> np.ndarray:
        origin = np.array([self.lon0, self.lat0])
        scale = np.array([self.kx, self.ky])
        return shapely.transform(geometries, lambda c: (c - origin) * scale)

    def inverse_xy(self, xy: np.ndarray) -> np.ndarray:
        """(n, 2) metres -> (n, 2) lon/lat."""
        return xy / np.array([self.kx, self.ky]) + np.array([self.lon0, self.lat0])

    def max_relative_error(self, lat_min: float, lat_max: float) -> float:
        """Bound on the relative distance error over a latitude band (east-west scale drift)."""
        drift = max(abs(lat_min - self.lat0), abs(lat_max - self.lat0))
        return abs(math.tan(math.radians(self.lat0))) * math.radians(drift)


@dataclass(frozen=True, slots=True)
class GeometryProblem:
    """One problem: ``path`` into the GeoJSON (e.g. ``coordinates[0][3]``), a message, and a place."""

    path: str
    message: str
    where: tuple[float, float] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "message": self.message, "where": list(self.where) if self.where else None}


class GeometryError(ValueError):
    def __init__(self, problems: list[GeometryProblem]) -> None:
        self.problems = problems
        self.message = "; ".join(f"{p.path}: {p.message}" if p.path else p.message for p in problems)
        self.where = problems[0].where if problems else None
        super().__init__(self.message)


def parse_geometry(
    obj: Any, *, allowed: Collection[str] = GEOMETRY_TYPES, max_positions: int = MAX_POSITIONS
) -> BaseGeometry:
    """A valid 2-D shapely geometry from a GeoJSON geometry dict, or ``GeometryError``."""
    problems = validate_geometry(obj, allowed=allowed, max_positions=max_positions)
    if problems:
        raise GeometryError(problems)
    return shapely.force_2d(shape(obj))


def validate_geometry(
    obj: Any, *, allowed: Collection[str] = GEOMETRY_TYPES, max_positions: int = MAX_POSITIONS
) -> list[GeometryProblem]:
    """Every problem found in a GeoJSON geometry dict; an empty list means it is usable."""
    if not isinstance(obj, dict):
        return [GeometryProblem("", f"expected a GeoJSON geometry object, got {type(obj).__name__}")]
    kind = obj.get("type")
    if kind is None:
        return [GeometryProblem("type", "missing 'type'")]
    if kind in ("Feature", "FeatureCollection", "GeometryCollection") or kind not in GEOMETRY_TYPES:
        hint = "; send the feature's 'geometry' member" if kind == "Feature" else ""
        expected = ", ".join(t for t in GEOMETRY_TYPES if t in allowed)
        return [GeometryProblem("type", f"wrong GeoJSON type {kind!r}: expected one of {expected}{hint}")]
    if kind not in allowed:
        expected = ", ".join(t for t in GEOMETRY_TYPES if t in allowed)
        return [GeometryProblem("type", f"wrong geometry type {kind!r} here: expected {expected}")]
    if "coordinates" not in obj:
        return [GeometryProblem("coordinates", "missing 'coordinates'")]
    coords = obj["coordinates"]
    if isinstance(coords, list) and not coords:
        return [GeometryProblem("coordinates", f"empty geometry: the {kind} has no positions")]
    count = _count_positions(coords)
    if count > max_positions:
        return [GeometryProblem("coordinates", f"too many positions: {count} (at most {max_positions})")]
    problems: list[GeometryProblem] = []
    check = _STRUCTURE[kind]
    check(coords, "coordinates", problems)
    if problems or kind in ("Point", "LineString", "MultiLineString"):
        # Lines may cross themselves: a convoy can go out and back along the same road.
        return problems
    return _polygon_validity(kind, coords)


def _count_positions(value: Any) -> int:
    if isinstance(value, list) and value and isinstance(value[0], list):
        return sum(_count_positions(v) for v in value)
    return 1


def _position(value: Any, path: str, problems: list[GeometryProblem]) -> tuple[float, float] | None:
    if not isinstance(value, list) or len(value) not in (2, 3):
        problems.append(GeometryProblem(path, f"a position must be [longitude, latitude], got {value!r}"))
        return None
    for i, number in enumerate(value):
        if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number):
            problems.append(
                GeometryProblem(f"{path}[{i}]", f"coordinate must be a finite number, got {number!r}")
            )
            return None
    lon, lat = float(value[0]), float(value[1])
    ok = True
    if not -180 <= lon <= 180:
        problems.append(GeometryProblem(path, f"longitude {lon:g} is out of range (-180..180)"))
        ok = False
    if not -90 <= lat <= 90:
        swapped = " (are longitude and latitude swapped?)" if -90 <= lon <= 90 and -180 <= lat <= 180 else ""
        problems.append(GeometryProblem(path, f"latitude {lat:g} is out of range (-90..90){swapped}"))
        ok = False
    return (lon, lat) if ok else None


def _positions(value: Any, path: str, problems: list[GeometryProblem]) -> list[tuple[float, float]] | None:
    if not isinstance(value, list):
        problems.append(GeometryProblem(path, f"expected a list of positions, got {type(value).__name__}"))
        return None
    before = len(problems)
    out = [_position(p, f"{path}[{i}]", problems) for i, p in enumerate(value)]
    if len(problems) > before:
        return None
    return [p for p in out if p is not None]


def _point(value: Any, path: str, problems: list[GeometryProblem]) -> None:
    _position(value, path, problems)


def _line(value: Any, path: str, problems: list[GeometryProblem]) -> None:
    points = _positions(value, path, problems)
    if points is None:
        return
    if len(points) < 2:
        problems.append(
            GeometryProblem(path, f"too few points: a line needs at least 2 positions, got {len(points)}")
        )
    elif len(set(points)) < 2:
        problems.append(
            GeometryProblem(path, "too few points: all positions of the line are the same", points[0])
        )


def _polygon(value: Any, path: str, problems: list[GeometryProblem]) -> None:
    if not isinstance(value, list) or not value:
        problems.append(GeometryProblem(path, "a polygon needs at least one ring (a list of positions)"))
        return
    for r, ring in enumerate(value):
        ring_path = f"{path}[{r}]"
        name = "outer ring" if r == 0 else f"hole {r}"
        points = _positions(ring, ring_path, problems)
        if points is None:
            continue
        if len(points) < 4:
            problems.append(
                GeometryProblem(
                    ring_path,
                    f"too few points: the {name} has {len(points)} positions, a ring needs at least 4",
                )
            )
        elif points[0] != points[-1]:
            problems.append(
                GeometryProblem(
                    ring_path,
                    f"unclosed polygon ring: the {name} starts at {list(points[0])} but ends at "
                    f"{list(points[-1])}; repeat the first position at the end",
                    points[-1],
                )
            )
        elif len(set(points)) < 3:
            problems.append(
                GeometryProblem(ring_path, f"too few points: the {name} has fewer than 3 distinct positions")
            )
        elif _on_one_line(points):
            problems.append(
                GeometryProblem(ring_path, f"the {name} has no area: its positions lie on one line")
            )


def _on_one_line(points: list[tuple[float, float]]) -> bool:
    (x0, y0), (x1, y1) = points[0], next(p for p in points if p != points[0])
    return all((x - x0) * (y1 - y0) == (y - y0) * (x1 - x0) for x, y in points)


def _multi(part: Any) -> Any:
    def check(value: Any, path: str, problems: list[GeometryProblem]) -> None:
        if not isinstance(value, list):
            problems.append(GeometryProblem(path, f"expected a list of parts, got {type(value).__name__}"))
            return
        for i, item in enumerate(value):
            part(item, f"{path}[{i}]", problems)

    return check


_STRUCTURE = {
    "Point": _point,
    "LineString": _line,
    "Polygon": _polygon,
    "MultiLineString": _multi(_line),
    "MultiPolygon": _multi(_polygon),
}

_REASON = re.compile(r"^(?P<reason>[^\[]+?)\s*(?:\[(?P<x>\S+)\s+(?P<y>\S+)(?:\s+\S+)?\])?$")
_MESSAGES = {
    "Self-intersection": "self-intersection: the polygon's boundary crosses itself",
    "Ring Self-intersection": "self-intersection: a ring touches itself",
    "Hole lies outside shell": "a hole lies outside the outer ring",
    "Holes are nested": "a hole lies inside another hole",
    "Interior is disconnected": "the interior is disconnected: holes cut the polygon in two",
    "Nested shells": "a polygon of the MultiPolygon lies inside another",
    "Duplicate Rings": "two rings are the same",
    "Too few points": "too few points: a ring collapses to a line or a point",
}


def _describe(reason: str, overlap: bool = False) -> tuple[str, tuple[float, float] | None]:
    """A message and a place from GEOS's validity reason, e.g. ``Self-intersection[34.4 31.4]``."""
    match = _REASON.match(reason.strip())
    if not match:
        return reason, None
    text = _MESSAGES.get(match["reason"], match["reason"].lower())
    if overlap and match["reason"] == "Self-intersection":
        text = "the polygons of the MultiPolygon overlap"
    if match["x"] is None:
        return text, None
    where = (float(match["x"]), float(match["y"]))
    return f"{text} at lon {where[0]:.6f}, lat {where[1]:.6f}", where


def _polygon_validity(kind: str, coords: list) -> list[GeometryProblem]:
    parts = (
        [("coordinates", coords)]
        if kind == "Polygon"
        else [(f"coordinates[{i}]", p) for i, p in enumerate(coords)]
    )
    problems = []
    for path, rings in parts:
        flat = [[position[:2] for position in ring] for ring in rings]
        reason = shapely.is_valid_reason(Polygon(flat[0], flat[1:]))
        if reason != "Valid Geometry":
            message, where = _describe(reason)
            problems.append(GeometryProblem(path, message, where))
    if problems or kind == "Polygon":
        return problems
    reason = shapely.is_valid_reason(shape({"type": kind, "coordinates": coords}))
    if reason != "Valid Geometry":
        message, where = _describe(reason, overlap=True)
        problems.append(GeometryProblem("coordinates", message, where))
    return problems
