"""The file contract of ``cmcc compliance correlate``: JSON Lines in, JSON Lines out, all or nothing.

Input: one report per line (the fields of ``model.Report``). Output: ``{"id", "incident"}`` per input
line, same order. Optional reasons: one link per line. A bad line stops the run before anything is
written, with a message naming the line and the field; outputs are written to temporary files and
renamed into place only when everything succeeded.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .engine import correlate
from .model import Constraints, Report, ReportError
from .parallel import BatchResult


class InputError(Exception):
    """A problem with the command's input; the message is one line for the operator."""


@dataclass(frozen=True)
class Result:
    reports: int
    incidents: int
    corroborated: int


def read_reports(path: Path) -> list[Report]:
    return read_reports_and_ids(path)[0]


def read_reports_and_ids(path: Path) -> tuple[list[Report], list[str | int]]:
    """The reports, and each one's id exactly as the file gave it (a number stays a number in the
    output, so a reader matching ids by value finds them)."""
    reports: list[Report] = []
    ids: list[str | int] = []
    first_line: dict[str, int] = {}
    for number, record in _records(path):
        try:
            report = Report.from_dict(record)
        except ReportError as exc:
            raise InputError(f"{path.name} line {number}: {exc.field}: {exc.message}") from None
        if report.id in first_line:
            raise InputError(
                f"{path.name} line {number}: id: duplicate id {report.id!r} "
                f"(first on line {first_line[report.id]})"
            )
        first_line[report.id] = number
        reports.append(report)
        ids.append(record["id"])  # type: ignore[index]  # from_dict checked it
    return reports, ids


def read_constraints(path: Path) -> Constraints:
    records = []
    for number, record in _records(path):
        try:
            records.append(Constraints.from_records([record]))
        except ReportError as exc:
            raise InputError(f"{path.name} line {number}: {exc.field}: {exc.message}") from None
    return Constraints(
        must_link=tuple(p for c in records for p in c.must_link),
        cannot_link=tuple(p for c in records for p in c.cannot_link),
    )


def _records(path: Path) -> Iterator[tuple[int, object]]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(
                        f"{path.name} line {number}: record: not valid JSON ({exc.msg})"
                    ) from None
        except UnicodeDecodeError:
            raise InputError(f"{path.name}: not UTF-8 text") from None


@contextmanager
def atomic_writer(path: Path) -> Iterator[IO[str]]:
    """A temporary file beside ``path``; renamed onto it only if the block finishes."""
    directory = path.resolve().parent
    if not directory.is_dir():
        raise InputError(f"cannot write {path}: no such directory")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(
    input_path: Path,
    output_path: Path,
    *,
    reasons_path: Path | None = None,
    constraints_path: Path | None = None,
    progress: Callable[[int], object] | None = None,
    on_total: Callable[[int], object] | None = None,
) -> Result:
    reports, given_ids = read_reports_and_ids(input_path)
    constraints = read_constraints(constraints_path) if constraints_path else Constraints()
    if on_total is not None:
        on_total(len(reports))
    try:
        workers = min(2, os.cpu_count() or 1)
        mapping, correlator = correlate(
            reports, constraints, progress=progress, workers=workers, keep_links=reasons_path is not None
        )
        if progress is not None and isinstance(correlator, BatchResult):
            progress(len(reports))  # worker processes do not report progress
    except ValueError as exc:  # contradictory constraints
        raise InputError(str(exc)) from None
    with atomic_writer(output_path) as out:
        for report, given in zip(reports, given_ids, strict=True):
            out.write(json.dumps({"id": given, "incident": mapping[report.id]}, ensure_ascii=False) + "\n")
        if reasons_path is not None:
            with atomic_writer(reasons_path) as why:
                for report in reports:
                    why.write(json.dumps(correlator.links[report.id].as_dict(), ensure_ascii=False) + "\n")
    summaries = correlator.summaries()
    return Result(len(reports), len(summaries), sum(1 for s in summaries if s.corroborated))
