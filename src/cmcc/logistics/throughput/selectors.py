"""Reads for the throughput picture (re-exported by ``logistics.selectors``).

The picture reads the consignments table once: one row of numbers per consignment active in the
window, through the access filter, straight from the cursor (no model instance, no per-value
conversion); ``throughput.compute`` does the rest in numpy.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Round
from django.utils import timezone

from cmcc.core import access
from cmcc.core.access import Actor
from cmcc.core.errors import ValidationFailed

from .. import rules, throughput
from ..choices import Channel, Status
from ..models import ClearanceLine, ClearanceRequest, Consignment, Crossing, RejectionReason, Sector, Target

MAX_WINDOW_DAYS = 366
TRUCK_TARGET = "trucks-per-day"


class EpochSeconds(Func):
    """Seconds since 1970 of a datetime column (NULL stays NULL), on SQLite and PostgreSQL."""

    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        if connection.Database.sqlite_version_info >= (3, 38):
            template = "unixepoch(%(expressions)s)"
        else:  # julianday, not strftime('%s'): a '%' would meet the driver's parameter markers
            template = "CAST(ROUND((julianday(%(expressions)s) - 2440587.5) * 86400.0) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(EXTRACT(EPOCH FROM %(expressions)s) AS BIGINT)"
        )


def window(since: dt.date | None, until: dt.date | None, days: int = 30) -> throughput.Window:
    end = until or timezone.localdate()
    start = since or (end - dt.timedelta(days=days - 1))
    if start > end:
        raise ValidationFailed({"since": "Must be on or before 'until'."})
    if (end - start).days + 1 > MAX_WINDOW_DAYS:
        raise ValidationFailed({"since": f"A picture covers at most {MAX_WINDOW_DAYS} days."})
    return throughput.Window(start, end)


def codes() -> throughput.Codes:
    crossings = list(Crossing.objects.order_by("position", "name_en").values_list("pk", "name_en"))
    sectors = list(Sector.objects.order_by("position", "code").values_list("code", "name_en"))
    return throughput.Codes(
        crossings=[str(pk) for pk, _ in crossings],
        sectors=[code for code, _ in sectors],
        channels=list(Channel.values),
        names={
            "crossing": {str(pk): name for pk, name in crossings},
            "sector": dict(sectors),
            "channel": {c.value: str(c.label) for c in Channel},
        },
    )


def _code(column: str, keys: list[Any]) -> Case:
    return Case(
        *[When(**{column: key}, then=Value(i)) for i, key in enumerate(keys)],
        default=Value(-1),
        output_field=IntegerField(),
    )


def targets_by_day(days: list[dt.date], code: str = TRUCK_TARGET) -> dict[dt.date, float | None]:
    versions = [
        rules.TargetVersion(v, d, val)
        for v, d, val in Target.objects.filter(code=code).values_list("version", "effective_from", "value")
    ]
    result: dict[dt.date, float | None] = {}
    for day in days:
        found = rules.target_in_force(versions, day)
        result[day] = found.value if found else None
    return result


def _filtered(actor: Actor, crossing: str | None, sector: str | None, channel: str | None) -> QuerySet:
    qs = access.visible(Consignment.objects.all(), actor)
    if crossing:
        qs = qs.filter(crossing__slug=crossing)
    if sector:
        qs = qs.filter(sector_id=sector)
    if channel:
        qs = qs.filter(channel=channel)
    return qs


SCAN_ABOVE = 0.2


def _scan_is_cheaper(lo: dt.datetime) -> bool:
    """On SQLite, whether reading the whole table beats the index on ``last_event_at``.

    SQLite's planner has no statistics for ranges, so it walks an index even when most rows
    match, which costs twice a plain scan; PostgreSQL's planner decides this itself. Two index
    counts (milliseconds) tell the share of rows the window touches.
    """
    if connection.vendor != "sqlite":
        return False
    total = Consignment.objects.count()
    return bool(total) and Consignment.objects.filter(last_event_at__gte=lo).count() > SCAN_ABOVE * total


# The row of a consignment goes out of the database as 7 integers instead of 16 numbers, several
# small values packed into one (mixed radix): the driver converts each value it returns to a Python
# object, and on a large window that, not the query, is most of the time. ``_unpack`` undoes it.
STAMP_RADIX = 1 << 32  # epoch seconds + 1 (0: never) until 2106
PALLET_RADIX = 1 << 31  # trucks are a positive 32-bit integer


def _packed(parts: list[tuple[Any, int]]) -> ExpressionWrapper:
    """``e0 + r0 * (e1 + r1 * (e2 + …))`` for ``(expression, radix)`` pairs, each ``0 <= e < r``."""
    expression, _radix = parts[-1]
    for part, radix in reversed(parts[:-1]):
        expression = part + Value(radix) * expression
    return ExpressionWrapper(expression, output_field=BigIntegerField())


def _digits(values: np.ndarray, radixes: list[int]) -> list[np.ndarray]:
    out = []
    for radix in radixes:
        values, digit = np.divmod(values, radix)
        out.append(digit)
    out.append(values)
    return out


def fetch(
    actor: Actor, win: throughput.Window, keys: throughput.Codes, crossing=None, sector=None, channel=None
) -> np.ndarray | dict[str, np.ndarray]:
    """The numbers of ``throughput.COLUMNS`` for each visible consignment active in the window: one
    vector per column (an empty array when there is none)."""
    lo = dt.datetime.combine(win.start, dt.time.min, tzinfo=dt.UTC)
    hi = dt.datetime.combine(win.end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    radixes = [len(keys.crossings) + 1, len(keys.sectors) + 1, len(keys.channels) + 1, 4]
    stamps = [
        Coalesce(EpochSeconds(name), Value(-1), output_field=BigIntegerField()) + Value(1)
        for name in throughput.STAMP_COLUMNS
    ]
    refused = Case(When(status=Status.REFUSED, then=Value(1)), default=Value(0), output_field=IntegerField())
    codes = [
        _code("crossing_id", keys.crossings) + Value(1),
        _code("sector_id", keys.sectors) + Value(1),
        _code("channel", keys.channels) + Value(1),
        _code("interception", ["", *throughput.INTERCEPTION_CODES]) + Value(1),
        refused,
    ]
    columns: dict[str, Any] = {
        "codes": _packed(list(zip(codes, [*radixes, 2], strict=True))),
        "load": _packed([(F("trucks"), PALLET_RADIX), (Coalesce(F("total_pallets"), Value(0)), 0)]),
        "grams": Cast(Round(Coalesce(F("total_weight_kg"), Value(0.0)) * Value(1000.0)), BigIntegerField()),
        **{
            f"stamps{i}": _packed([(stamps[i], STAMP_RADIX), (stamps[i + 1], 0)])
            for i in range(0, len(stamps), 2)
        },
    }
    qs = _filtered(actor, crossing, sector, channel).filter(first_event_at__lt=hi)
    if _scan_is_cheaper(lo):  # an expression the planner cannot answer from the index
        qs = qs.alias(active_until=Coalesce("last_event_at", "created_at")).filter(active_until__gte=lo)
    else:
        qs = qs.filter(last_event_at__gte=lo)
    qs = qs.annotate(**{f"p_{k}": v for k, v in columns.items()}).values_list(*[f"p_{k}" for k in columns])
    sql, params = qs.order_by().query.sql_with_params()
    with connection.cursor() as cursor:  # integers only: no model, no converter per value
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return throughput.empty()
    return _unpack(np.array(rows, dtype=np.int64), radixes)


def _unpack(packed: np.ndarray, radixes: list[int]) -> dict[str, np.ndarray]:
    """The ``throughput.COLUMNS`` columns from the packed integers ``fetch`` reads."""
    cross, sect, chan, interception, refused = _digits(packed[:, 0], radixes)
    trucks, pallets = _digits(packed[:, 1], [PALLET_RADIX])
    out = {
        "crossing": cross - 1,
        "sector": sect - 1,
        "channel": chan - 1,
        "trucks": trucks,
        "pallets": pallets,
        "weight_kg": packed[:, 2] / 1000.0,
        "interception": interception - 1,
        "refused": refused,
    }
    for i, name in enumerate(throughput.STAMP_COLUMNS):
        first, second = _digits(packed[:, 3 + i // 2], [STAMP_RADIX])
        out[name] = (first if i % 2 == 0 else second) - 1
    return {name: out[name].astype(np.float64) for name in throughput.COLUMNS}


def rejections(*, actor: Actor, window: throughput.Window) -> list[dict[str, Any]]:
    """Rejected requests and rejected lines decided in the window, by reason code, counting what
    the actor may see: the request itself, or the consignment it is about."""
    lo = dt.datetime.combine(window.start, dt.time.min, tzinfo=dt.UTC)
    hi = dt.datetime.combine(window.end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    decided = list(
        ClearanceRequest.objects.filter(decided_at__gte=lo, decided_at__lt=hi)
        .exclude(status="approved")
        .values_list("pk", "consignment_id", "status", "reason_id")
    )
    if not decided:
        return []
    seen_requests = set(
        access.visible(ClearanceRequest.objects.filter(pk__in=[r[0] for r in decided]), actor).values_list(
            "pk", flat=True
        )
    )
    seen_consignments = set(
        access.visible(Consignment.objects.filter(pk__in={r[1] for r in decided}), actor).values_list(
            "pk", flat=True
        )
    )
    ids = [r[0] for r in decided if r[0] in seen_requests or r[1] in seen_consignments]
    requests: dict[Any, int] = {}
    for pk, _consignment, status, reason in decided:
        if pk in ids and status == "rejected":
            requests[reason] = requests.get(reason, 0) + 1
    lines: dict[Any, int] = dict(
        ClearanceLine.objects.filter(request_id__in=ids, decision="rejected")
        .values("reason_id")
        .annotate(n=Count("pk"))
        .values_list("reason_id", "n")
    )
    labels = dict(RejectionReason.objects.values_list("code", "label_en"))
    return [
        {
            "reason": code,
            "label": labels.get(code, code),
            "requests": requests.get(code, 0),
            "lines": lines.get(code, 0),
        }
        for code in labels
        if requests.get(code) or lines.get(code)
    ]


def picture(
    *,
    actor: Actor,
    since: dt.date | None = None,
    until: dt.date | None = None,
    crossing: str | None = None,
    sector: str | None = None,
    channel: str | None = None,
) -> throughput.Picture:
    """Trucks, pallets and tonnes per day by crossing, sector and channel against the target in
    force; the funnel and where it leaks; time in each stage; rejections by reason."""
    win = window(since, until)
    keys = codes()
    data = fetch(actor, win, keys, crossing, sector, channel)
    result = throughput.compute(win, data, keys, targets_by_day(win.days))
    result.rejections = rejections(actor=actor, window=win)
    return result


def throughput_rows(
    *,
    actor: Actor,
    since: dt.date | None = None,
    until: dt.date | None = None,
    crossing: str | None = None,
    sector: str | None = None,
    channel: str | None = None,
) -> tuple[throughput.Window, list[dict[str, Any]]]:
    """Trucks, pallets and weight that entered per day × crossing × sector × channel."""
    win = window(since, until)
    keys = codes()
    data = fetch(actor, win, keys, crossing, sector, channel)
    return win, throughput.throughput(win, data, keys, {})["rows"]
