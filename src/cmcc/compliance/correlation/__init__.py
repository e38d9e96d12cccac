"""Report correlation: group allegations from many sources and languages into incidents.

Pure Python, no database. ``Correlator.add`` places one report incrementally; ``correlate`` runs a
batch. Both honour analysts' must-link / cannot-link constraints and record why each link was made.
"""

from .engine import Correlator, correlate
from .gazetteer import Gazetteer, default_gazetteer
from .model import CATEGORIES, Constraints, IncidentSummary, Link, Report, ReportError
from .scoring import Params

__all__ = [
    "CATEGORIES",
    "Constraints",
    "Correlator",
    "Gazetteer",
    "IncidentSummary",
    "Link",
    "Params",
    "Report",
    "ReportError",
    "correlate",
    "default_gazetteer",
]
