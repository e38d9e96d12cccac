"""GeoJSON (RFC 7946) helpers shared by every map layer and export."""

from __future__ import annotations

from typing import Any


def feature(geometry: dict | None, properties: dict[str, Any], feature_id: str | None = None) -> dict:
    out: dict[str, Any] = {"type": "Feature", "geometry": geometry, "properties": properties}
    if feature_id is not None:
        out["id"] = feature_id
    return out


def point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


def feature_collection(features: list[dict], **members: Any) -> dict:
    """A FeatureCollection; extra foreign members (e.g. ``attribution``) are allowed by RFC 7946 §6.1."""
    return {"type": "FeatureCollection", "features": features, **members}
