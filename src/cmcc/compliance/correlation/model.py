"""Input records, links and incident summaries of the correlation engine (plain data, no database)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

CATEGORIES = (
    "fire_across_line",
    "incursion",
    "armed_presence",
    "attack_on_civilians",
    "attack_on_humanitarian",
    "looting",
    "detention",
    "demolition",
    "missed_commitment",
    "restriction_of_monitors",
    "uxo",
    "live_fire_exercise",
    "other",
)
PRECISIONS = (1, 2, 3)
FIELDS = (
    "id",
    "text",
    "lang",
    "lat",
    "lon",
    "geo_precision",
    "occurred_at",
    "time_precision",
    "category",
    "source",
    "origin",
)


class ReportError(ValueError):
    """A record that cannot be read; names the field (and the line when the caller knows it)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Report:
    """An allegation as the engine sees it. ``origin`` None means the report is its own origin."""

    id: str
    text: str
    occurred_at: datetime
    category: str
    lang: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int = 1
    time_precision: int = 1
    source: str | None = None
    origin: str | None = None
    date_only: bool = False  # occurred_at gave a day, not a time of day

    @property
    def origin_key(self) -> str:
        return f"origin:{self.origin}" if self.origin else f"report:{self.id}"

    @classmethod
    def from_dict(cls, data: Any) -> Report:
        """Validate one input record (JSON object); raises ``ReportError`` naming the bad field."""
        if not isinstance(data, dict):
            raise ReportError("record", "expected a JSON object")
        report_id = data.get("id")
        if isinstance(report_id, bool) or not isinstance(report_id, str | int) or str(report_id) == "":
            raise ReportError("id", "required, a non-empty string")
        text = data.get("text")
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise ReportError("text", "must be a string")
        lang = _optional_str(data, "lang")
        lat, lon = _coordinate(data, "lat", 90.0), _coordinate(data, "lon", 180.0)
        if (lat is None) != (lon is None):
            raise ReportError(
                "lat" if lat is None else "lon", "lat and lon must both be given or both be null"
            )
        occurred_at, date_only = parse_time(data.get("occurred_at"))
        category = _category(data.get("category"))
        return cls(
            id=str(report_id),
            text=text,
            occurred_at=occurred_at,
            category=category,
            lang=lang,
            lat=lat,
            lon=lon,
            geo_precision=_precision(data, "geo_precision"),
            time_precision=_precision(data, "time_precision"),
            source=_optional_str(data, "source"),
            origin=_optional_str(data, "origin"),
            date_only=date_only,
        )


def _optional_str(data: dict, name: str) -> str | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ReportError(name, "must be a string or null")
    return str(value)


def _category(value: Any) -> str:
    """A category code; written as a label ("Fire across line", "fire-across-line") it is the same."""
    if isinstance(value, str):
        code = "_".join(value.strip().lower().replace("-", " ").split())
        if code in CATEGORIES:
            return code
    raise ReportError("category", f"must be one of {', '.join(CATEGORIES)}")


def _number(value: Any) -> Any:
    """A number written as JSON text ("31.52") is the number; anything else is returned as it is."""
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return value
    return value


def _coordinate(data: dict, name: str, limit: float) -> float | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    value = _number(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ReportError(name, "must be a number or null")
    if not -limit <= value <= limit:
        raise ReportError(name, f"out of range (-{limit:g}..{limit:g})")
    return float(value)


def _precision(data: dict, name: str) -> int:
    value = data.get(name, 1)
    if value is None or value == "":
        return 3  # unknown precision: assume the vaguest
    value = _number(value)
    if isinstance(value, bool) or value not in PRECISIONS:
        raise ReportError(name, "must be 1, 2 or 3")
    return int(value)


MIDNIGHT = time(0, 0)


def parse_time(value: Any) -> tuple[datetime, bool]:
    """ISO 8601 date or date-time -> aware UTC datetime and whether only the day was given.

    A date-time at exactly midnight (``2025-10-21T00:00:00``, in any offset) is read as the date
    alone: spreadsheets and exports write a day that way, and a report that knew the minute of an
    event at midnight is rarer than one that knew only its day."""
    if not isinstance(value, str) or not value.strip():
        raise ReportError("occurred_at", "required, an ISO 8601 date or date-time")
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, 12, tzinfo=UTC), True
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ReportError("occurred_at", f"not an ISO 8601 date or date-time: {text!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if parsed.time() == MIDNIGHT:  # how exports write a date alone: that day, in its own offset
        return parsed.replace(hour=12).astimezone(UTC), True
    return parsed.astimezone(UTC), False


@dataclass(frozen=True, slots=True)
class Constraints:
    """Analysts' decisions: pairs of report ids that must be, or must never be, in one incident."""

    must_link: tuple[tuple[str, str], ...] = ()
    cannot_link: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_records(cls, records: list[Any]) -> Constraints:
        must: list[tuple[str, str]] = []
        cannot: list[tuple[str, str]] = []
        for record in records:
            if not isinstance(record, dict):
                raise ReportError("record", "expected a JSON object")
            kind, a, b = record.get("type"), record.get("a"), record.get("b")
            if kind not in ("must_link", "cannot_link"):
                raise ReportError("type", "must be must_link or cannot_link")
            if not isinstance(a, str | int) or not isinstance(b, str | int) or str(a) == str(b):
                raise ReportError("a" if not isinstance(a, str | int) else "b", "two different report ids")
            (must if kind == "must_link" else cannot).append((str(a), str(b)))
        return cls(tuple(must), tuple(cannot))


@dataclass(frozen=True, slots=True)
class Link:
    """Where one report went and why. ``reasons`` is empty for a report that opened an incident."""

    report_id: str
    incident_id: str
    new_incident: bool
    score: float | None = None
    matched: str | None = None  # the incident's representative report the link was scored against
    reasons: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.report_id,
            "incident": self.incident_id,
            "new_incident": self.new_incident,
            "score": None if self.score is None else round(self.score, 2),
            "representative": self.matched,
            "reasons": list(self.reasons),
        }


@dataclass(slots=True)
class IncidentSummary:
    id: str
    category: str
    report_ids: list[str]
    independent_origins: int
    sources: list[str]
    lat: float | None
    lon: float | None
    first_at: datetime
    last_at: datetime
    places: list[str] = field(default_factory=list)

    @property
    def corroborated(self) -> bool:
        """At least two independent origins: the threshold for Admiralty credibility 1."""
        return self.independent_origins >= 2
