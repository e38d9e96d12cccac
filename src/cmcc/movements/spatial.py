"""Geometry at the edge of the app: GeoJSON in, validated by the deconfliction engine (a bad geometry
is a 422 naming the problem), and the governorates a point lies in or a route crosses."""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from typing import Any

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from cmcc.core import selectors as core_selectors
from cmcc.core.errors import ValidationFailed

from . import deconfliction

SITE_TYPES = ("Point", "Polygon", "MultiPolygon")
ZONE_TYPES = ("Polygon", "MultiPolygon", "LineString", "MultiLineString")
ROUTE_TYPES = ("LineString",)
MAX_WAYPOINTS = 500


def parse(field: str, value: Any, allowed: Collection[str]) -> BaseGeometry:
    """A shapely geometry from GeoJSON, or ``ValidationFailed`` on ``field`` naming each problem."""
    try:
        return deconfliction.parse_geometry(value, allowed=allowed)
    except deconfliction.GeometryError as exc:
        raise ValidationFailed({field: exc.message}) from None


def to_geojson(geom: BaseGeometry) -> dict:
    return dict(mapping(geom)) | {"coordinates": _lists(mapping(geom)["coordinates"])}


def _lists(value: Any) -> Any:
    if isinstance(value, list | tuple) and value and isinstance(value[0], list | tuple):
        return [_lists(v) for v in value]
    if isinstance(value, list | tuple):
        return [float(v) for v in value]
    return value


def route_from(route: dict | None, waypoints: Sequence[dict] | None) -> tuple[dict, list[dict]]:
    """The route as a GeoJSON LineString and its named waypoints, from either a LineString or a list
    of waypoints ``{"lon", "lat", "name"}`` (two at least)."""
    if route is None and not waypoints:
        raise ValidationFailed({"route": "Give the route as a GeoJSON LineString or as waypoints."})
    if route is not None:
        geom = parse("route", route, ROUTE_TYPES)
        coords = list(geom.coords)
        names = [str((w or {}).get("name") or "")[:200] for w in waypoints or []]
        if len(names) != len(coords):  # names are matched to the route's vertices by position
            names = [""] * len(coords)
        points = [{"lon": x, "lat": y, "name": n} for (x, y), n in zip(coords, names, strict=True)]
        return to_geojson(geom), points
    waypoints = list(waypoints or [])
    if len(waypoints) > MAX_WAYPOINTS:
        raise ValidationFailed(
            {"waypoints": f"Too many waypoints: {len(waypoints)} (at most {MAX_WAYPOINTS})."}
        )
    coords = []
    for i, w in enumerate(waypoints):
        if not isinstance(w, dict) or "lon" not in w or "lat" not in w:
            raise ValidationFailed({"waypoints": f"waypoints[{i}]: give 'lon' and 'lat'."})
        coords.append([w["lon"], w["lat"]])
    geom = parse("waypoints", {"type": "LineString", "coordinates": coords}, ROUTE_TYPES)
    points = [
        {"lon": float(w["lon"]), "lat": float(w["lat"]), "name": str(w.get("name") or "")[:200]}
        for w in waypoints
    ]
    return to_geojson(geom), points


def point_of(geom: BaseGeometry) -> tuple[float, float]:
    """A point inside the geometry (the point itself, or a representative point of an area)."""
    p = geom if geom.geom_type == "Point" else geom.representative_point()
    return float(p.x), float(p.y)


@functools.lru_cache(maxsize=1)
def _governorates() -> tuple[tuple[str, BaseGeometry], ...]:
    found = []
    for place in core_selectors.governorates():
        if place.geometry:
            geom = shape(place.geometry)
            shapely.prepare(geom)
            found.append((place.pcode, geom))
    return tuple(found)


def projection() -> deconfliction.LocalProjection | None:
    """A fixed metric projection centred on the governorates, so findings do not shift with the data
    checked together (None without governorates: the engine centres on the data)."""
    areas = _governorates()
    if not areas:
        return None
    xmin, ymin, xmax, ymax = shapely.total_bounds([geom for _, geom in areas])
    return deconfliction.LocalProjection.at((xmin + xmax) / 2, (ymin + ymax) / 2)


def governorate_at(lon: float, lat: float) -> str:
    """The P-code of the governorate containing the point ('' outside the governorates)."""
    point = shapely.Point(lon, lat)
    for pcode, geom in _governorates():
        if geom.covers(point):
            return pcode
    return ""


def governorates_crossed(geom: BaseGeometry) -> list[str]:
    return [pcode for pcode, area in _governorates() if area.intersects(geom)]


def governorate_pcodes() -> dict[str, str]:
    """P-code → English name of every governorate."""
    return {p.pcode: p.name_en for p in core_selectors.governorates()}
