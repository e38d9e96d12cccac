"""Reading report files: the cmcc format (JSON, JSON Lines or CSV) and KoBoToolbox / ODK Central
JSON exports. Pure: text in, normalised rows and per-row errors out; no database.

A normalised row has the keyword arguments of ``report_create`` (strings, numbers, datetimes)
plus ``row`` (its 1-based number in the file) and ``casualties`` (a list of claims).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cmcc.core.errors import ValidationFailed

from ..vocab import (
    ActorType,
    CasualtyKind,
    Category,
    GeoPrecision,
    ObservationMode,
    Population,
    SourceType,
    TimePrecision,
)

FORMATS = ("cmcc", "kobo")
MAX_ROWS = 50_000
ARABIC = re.compile(r"[\u0600-\u06FF]")
# Columns of the cmcc format besides the casualty shorthands (``killed``, ``injured``, …).
COLUMNS = (
    "external_id",
    "title",
    "text",
    "lang",
    "category",
    "occurred_at",
    "time_precision",
    "lat",
    "lon",
    "geo_precision",
    "place_name",
    "observation_mode",
    "source_type",
    "source_name",
    "origin",
    "means",
    "perpetrator",
    "perpetrator_type",
    "victim",
    "victim_type",
    "casualties",
)
ALIASES = {
    "id": "external_id",
    "source": "source_name",
    "description": "text",
    "account": "text",
    "date": "occurred_at",
    "latitude": "lat",
    "longitude": "lon",
    "location": "place_name",
    "place": "place_name",
    "mode": "observation_mode",
}


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.field}: {self.message}"


class ImportFailed(ValidationFailed):
    """Rows that cannot be imported, each with its field and reason. Nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        self.row_errors = errors
        super().__init__({f"row {e.row}.{e.field}": e.message for e in errors})

    def payload(self) -> dict:
        return {
            "detail": [
                {"loc": ["file", f"row {e.row}", e.field], "row": e.row, "field": e.field, "msg": e.message,
                 "type": "validation_failed"}
                for e in self.row_errors
            ]
        }  # fmt: skip


class FileUnreadable(ValidationFailed):
    def __init__(self, message: str) -> None:
        super().__init__({"file": message})


def detect_lang(text: str) -> str:
    return "ar" if ARABIC.search(text or "") else "en"


# -- reading files -----------------------------------------------------------------------------


def read(data: bytes, fmt: str, filename: str = "") -> list[dict]:
    """Parse a whole file into raw records (dicts), in file order."""
    if fmt not in FORMATS:
        raise FileUnreadable(f"Unknown format '{fmt}'; use one of: {', '.join(FORMATS)}.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileUnreadable("The file is not UTF-8 text.") from None
    records = _kobo_records(_json(text)) if fmt == "kobo" else _cmcc_records(text, filename)
    if len(records) > MAX_ROWS:
        raise FileUnreadable(f"Too many rows ({len(records)}); import at most {MAX_ROWS} per file.")
    return records


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileUnreadable(f"Not valid JSON (line {exc.lineno}: {exc.msg}).") from None


def _cmcc_records(text: str, filename: str) -> list[dict]:
    stripped = text.lstrip()
    if filename.lower().endswith(".csv") or (stripped and stripped[0] not in "[{"):
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames:
            raise FileUnreadable("The CSV file has no header row.")
        return [{k.strip(): v for k, v in row.items() if k} for row in reader]
    if filename.lower().endswith(".jsonl") or (stripped.startswith("{") and "\n{" in stripped):
        records = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise FileUnreadable(f"Line {n} is not valid JSON ({exc.msg}).") from None
        return records
    data = _json(text)
    if isinstance(data, dict) and isinstance(data.get("reports"), list):
        data = data["reports"]
    if not isinstance(data, list):
        raise FileUnreadable('Expected a JSON list of reports (or {"reports": [...]}).')
    return data


def _kobo_records(data: Any) -> list[dict]:
    """KoBo API/export JSON (``results``), ODK Central OData (``value``) or a bare list."""
    if isinstance(data, dict):
        for key in ("results", "value", "data"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if not isinstance(data, list):
        raise FileUnreadable("Expected a KoBo or ODK JSON export: a list of submissions.")
    return [_flatten(d) if isinstance(d, dict) else d for d in data]


def _flatten(record: dict, prefix: str = "") -> dict:
    """Group paths ``group/field`` (KoBo) and nested groups (ODK) become the last path segment;
    system fields keep their names."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict) and key not in ("__system",) and "coordinates" not in value:
            out.update(_flatten(value, f"{prefix}{key}/"))
            continue
        out[key] = value
        short = key.rsplit("/", 1)[-1]
        if short not in out or key == short:
            out.setdefault(short, value)
    return out


# -- normalising rows --------------------------------------------------------------------------


def rows(records: list[dict], fmt: str) -> tuple[list[dict], list[RowError]]:
    """Normalise raw records; collect every problem with its row and field."""
    out: list[dict] = []
    errors: list[RowError] = []
    for n, record in enumerate(records, 1):
        if not isinstance(record, dict):
            errors.append(RowError(n, "row", "expected an object with the report's fields"))
            continue
        raw = _kobo_fields(record) if fmt == "kobo" else _cmcc_fields(record)
        row, problems = normalise(raw, strict=fmt != "kobo")
        errors += [RowError(n, f, m) for f, m in problems.items()]
        row["row"] = n
        out.append(row)
    return out, errors


def _cmcc_fields(record: dict) -> dict:
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = ALIASES.get(str(key).strip().lower(), str(key).strip().lower())
        out[name] = value
    return out


def _kobo_fields(record: dict) -> dict:
    out = _cmcc_fields({k: v for k, v in record.items() if not str(k).startswith("_") and "/" not in str(k)})
    external = record.get("_uuid") or record.get("meta/instanceID") or record.get("instanceID")
    external = external or record.get("__id") or record.get("_id")
    if external is not None and not out.get("external_id"):
        out["external_id"] = str(external).removeprefix("uuid:")
    if not out.get("lat") and isinstance(record.get("_geolocation"), list):
        geo = record["_geolocation"]
        if len(geo) == 2 and all(isinstance(v, int | float) for v in geo):
            out["lat"], out["lon"] = geo
    for key in ("geopoint", "gps", "location_gps", "coordinates"):
        value = out.pop(key, None)
        if value and not out.get("lat"):
            out["lat"], out["lon"] = _geopoint(value)
    if not out.get("occurred_at") and out.get("occurred_on"):
        day, time = out.pop("occurred_on"), out.pop("occurred_time", None)
        out["occurred_at"] = f"{day}T{time}" if time else str(day)
    return out


def _geopoint(value: Any) -> tuple[Any, Any]:
    """ODK geopoint: 'lat lon [alt acc]' (KoBo) or GeoJSON Point (ODK Central)."""
    if isinstance(value, dict) and value.get("type") == "Point":
        coords = value.get("coordinates") or []
        return (coords[1], coords[0]) if len(coords) >= 2 else ("bad", "bad")
    parts = str(value).split()
    return (parts[0], parts[1]) if len(parts) >= 2 else ("bad", "bad")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any, limit: int | None = None) -> str:
    text = "" if value is None else str(value).strip()
    return text[:limit] if limit else text


def _number(value: Any, field: str, problems: dict) -> float | None:
    if _blank(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        problems[field] = f"not a number: {value!r}"
        return None
    if not math.isfinite(number):
        problems[field] = "not a finite number"
        return None
    return number


def _code(value: Any, field: str, choices: list, problems: dict, default: Any = None) -> Any:
    if _blank(value):
        return default
    text = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    if isinstance(choices[0], int):
        try:
            number = int(float(text))
        except ValueError:
            number = None
        if number in choices:
            return number
    elif text in choices:
        return text
    problems[field] = f"must be one of: {', '.join(str(c) for c in choices)} (got {value!r})"
    return default


def parse_when(value: Any) -> tuple[dt.datetime | None, bool, str]:
    """ISO 8601 date or date-time → (aware UTC datetime, time of day known, problem)."""
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC), True, ""
    if _blank(value):
        return None, True, "required: an ISO 8601 date or date-time"
    text = str(value).strip()
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC), False, ""
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None, True, f"not an ISO 8601 date or date-time: {text!r}"
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC), True, ""


CASUALTY_COLUMNS = {
    f"{kind}{suffix}": (kind, pop)
    for kind in CasualtyKind.values
    for suffix, pop in (("", "unknown"), ("_civilians", "civilian"), ("_aid_workers", "aid_worker"),
                        ("_combatants", "combatant"))
}  # fmt: skip


def normalise(raw: dict, strict: bool = True) -> tuple[dict, dict[str, str]]:
    """One record's values → report_create keyword arguments, and the problems found. ``strict``
    refuses unknown fields (a misspelt column); form exports carry metadata fields, so not for them."""
    problems: dict[str, str] = {}
    row: dict[str, Any] = {}
    unknown = sorted(k for k in raw if k not in COLUMNS and k not in CASUALTY_COLUMNS and not _blank(raw[k]))
    row["external_id"] = _text(raw.get("external_id"), 120)
    text = _text(raw.get("text"))
    row["text"] = text
    title = _text(raw.get("title"))
    row["title"] = (title or (text.splitlines()[0] if text else ""))[:200]
    row["lang"] = (_text(raw.get("lang"), 8) or detect_lang(f"{title} {text}")).lower()
    row["category"] = _code(raw.get("category"), "category", Category.values, problems)
    if row["category"] is None and "category" not in problems:
        problems["category"] = f"required, one of: {', '.join(Category.values)}"
    when, known, problem = parse_when(raw.get("occurred_at"))
    if problem:
        problems["occurred_at"] = problem
    row["occurred_at"], row["time_known"] = when, known
    row["time_precision"] = _code(
        raw.get("time_precision"), "time_precision", TimePrecision.values, problems, 1
    )
    row["geo_precision"] = _code(raw.get("geo_precision"), "geo_precision", GeoPrecision.values, problems, 1)
    lat, lon = _number(raw.get("lat"), "lat", problems), _number(raw.get("lon"), "lon", problems)
    if (lat is None) != (lon is None) and "lat" not in problems and "lon" not in problems:
        problems["lat" if lat is None else "lon"] = "give both latitude and longitude, or neither"
    row["lat"], row["lon"] = lat, lon
    row["place_name"] = _text(raw.get("place_name"), 200)
    row["observation_mode"] = _code(
        raw.get("observation_mode"), "observation_mode", ObservationMode.values, problems, "second_hand"
    )
    row["source_type"] = _code(raw.get("source_type"), "source_type", SourceType.values, problems, None)
    for name in ("source_name", "means", "perpetrator", "victim"):
        row[name] = _text(raw.get(name), 200)
    row["origin"] = _text(raw.get("origin"), 200)
    for name in ("perpetrator_type", "victim_type"):
        row[name] = _code(raw.get(name), name, ActorType.values, problems, None)
    row["casualties"] = _casualties(raw, problems)
    if not row["title"] and "category" not in problems and row["category"]:
        row["title"] = str(Category(row["category"]).label)
    if unknown and strict:
        problems["columns"] = f"unknown field(s): {', '.join(unknown)}"
    return row, problems


def _casualties(raw: dict, problems: dict) -> list[dict]:
    claims: list[dict] = []
    for column, (kind, population) in CASUALTY_COLUMNS.items():
        value = raw.get(column)
        if _blank(value):
            continue
        low, high = _range(value)
        if low is None:
            problems[column] = f"a whole number or a range like 3-5 (got {value!r})"
            continue
        claims.append({"kind": kind, "population": population, "count": low, "count_max": high})
    listed = raw.get("casualties")
    if isinstance(listed, str) and listed.strip():
        try:
            listed = json.loads(listed)
        except json.JSONDecodeError:
            problems["casualties"] = "a JSON list of claims"
            listed = None
    if isinstance(listed, list):
        for i, item in enumerate(listed):
            claim, problem = _claim(item)
            if problem:
                problems[f"casualties[{i}]"] = problem
            else:
                claims.append(claim)
    elif listed not in (None, ""):
        problems["casualties"] = "a JSON list of claims"
    return claims


def _range(value: Any) -> tuple[int | None, int | None]:
    text = str(value).strip()
    match = re.fullmatch(r"(\d+)\s*(?:[-–]\s*(\d+))?", text)
    if not match:
        return None, None
    low, high = int(match.group(1)), int(match.group(2)) if match.group(2) else None
    if high is not None and high < low:
        return None, None
    return low, high


def _claim(item: Any) -> tuple[dict, str]:
    if not isinstance(item, dict):
        return {}, "expected an object {kind, population, count, count_max, claimed_by}"
    kind = str(item.get("kind", "")).strip()
    population = str(item.get("population") or "unknown").strip()
    if kind not in CasualtyKind.values:
        return {}, f"kind must be one of: {', '.join(CasualtyKind.values)}"
    if population not in Population.values:
        return {}, f"population must be one of: {', '.join(Population.values)}"
    count, count_max = item.get("count"), item.get("count_max")
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        return {}, "count must be a whole number ≥ 0"
    if count_max is not None and (
        isinstance(count_max, bool) or not isinstance(count_max, int) or count_max < count
    ):
        return {}, "count_max must be a whole number ≥ count"
    return {
        "kind": kind,
        "population": population,
        "count": count,
        "count_max": count_max,
        "claimed_by": _text(item.get("claimed_by"), 200),
        "note": _text(item.get("note"), 300),
    }, ""


def iter_errors(errors: list[RowError]) -> Iterator[str]:
    for e in errors:
        yield str(e)
