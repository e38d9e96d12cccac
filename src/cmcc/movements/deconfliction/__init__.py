"""Deconfliction of notified movements against zones in force, notified sites and each other.

Pure Python and shapely, no database and no web framework: the services and the API call ``check``
with plain dataclasses and map ``GeometryError`` to their own errors. See docs/deconfliction.md.
"""

from .engine import check, zones_in_force
from .geometry import (
    GEOMETRY_TYPES,
    GeometryError,
    GeometryProblem,
    LocalProjection,
    parse_geometry,
    validate_geometry,
)
from .model import COORDINATION_KINDS, Conflict, ConflictKind, Movement, Result, Site, Zone
from .naive import check_naive

__all__ = [
    "COORDINATION_KINDS",
    "GEOMETRY_TYPES",
    "Conflict",
    "ConflictKind",
    "GeometryError",
    "GeometryProblem",
    "LocalProjection",
    "Movement",
    "Result",
    "Site",
    "Zone",
    "check",
    "check_naive",
    "parse_geometry",
    "validate_geometry",
    "zones_in_force",
]
