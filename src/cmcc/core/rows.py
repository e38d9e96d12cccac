"""Multi-row ``INSERT`` of prepared database values, for bulk writers that have outgrown the ORM.

Callers (the audit writer, bulk imports) are responsible for validation, access and audit; this
only sends rows, many per statement, as ``bulk_create`` does, up to the driver's limit on bound
values (SQLite's is a compile-time setting; Django assumes 999 unless the library says).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from django.db import connection, models

ROWS_PER_INSERT = 500


def rows_per_insert(width: int) -> int:
    """Rows per ``INSERT … VALUES (…), (…)`` for rows of ``width`` values."""
    limit = connection.features.max_query_params or 65_535
    raw = connection.connection
    if connection.vendor == "sqlite" and hasattr(raw, "getlimit"):
        limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(ROWS_PER_INSERT, limit // width))


def insert_rows(model: type[models.Model], fields: Sequence[str], values: list[Any]) -> None:
    """``INSERT`` rows given as one flat list of database values, ``len(fields)`` per row."""
    if not values:
        return
    width = len(fields)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(f).column) for f in fields)  # type: ignore[union-attr,arg-type]
    row = "(" + ", ".join(["%s"] * width) + ")"
    per = rows_per_insert(width)
    step = per * width
    full = len(values) // step * step
    # table and column names come from the model; every value is a bound parameter
    into = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608
    with connection.cursor() as cursor:
        if full:
            cursor.executemany(
                into + ", ".join([row] * per), [values[i : i + step] for i in range(0, full, step)]
            )
        if full < len(values):
            cursor.execute(into + ", ".join([row] * ((len(values) - full) // width)), values[full:])
