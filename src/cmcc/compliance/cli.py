"""Subcommands of ``cmcc compliance`` that work on the database:

- ``import FILE --format cmcc|kobo [--owner ORG]``: reports from a file, all rows or none, with a
  progress bar on stderr, each bad row reported as ``row N, field: reason`` (exit status 2);
  re-imports skip the external ids already imported.
- ``verify-evidence``: re-hash every stored evidence file and check each chain of custody; any
  tampering or missing file is listed and the exit status is 1.

The command module adds these parsers and calls :func:`run`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from cmcc.core.cli import OPERATOR, UsageError

from . import services
from .intake import importers
from .intake.selectors import cell_org


def add_parsers(sub: Any) -> None:
    parser = sub.add_parser("import", help="import reports from a cmcc (JSON/CSV) or KoBo/ODK JSON file")
    parser.add_argument("file", help="the file to import ('-' reads standard input)")
    parser.add_argument("--format", required=True, choices=importers.FORMATS, help="cmcc or kobo")
    parser.add_argument(
        "--owner",
        default="",
        help="slug of the organisation the reports come from (default: the verification cell)",
    )
    parser.add_argument(
        "--releasability", default="named", help="default: named (to the coordination community)"
    )
    parser.add_argument(
        "--shared-with", default="coordination", help="comma-separated organisation slugs or communities"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    sub.add_parser("verify-evidence", help="re-hash stored evidence files and check their chains of custody")


def run(command: Any, action: str, options: dict) -> None:
    if action == "import":
        import_file(command, options)
    elif action == "verify-evidence":
        verify_evidence(command)


def _owner(slug: str):
    from cmcc.partners.selectors import organisation_by_slug

    if not slug:
        cell = cell_org()
        if cell is None:
            raise UsageError(
                "no verification cell (an active coordination-community organisation); use --owner"
            )
        return cell
    org = organisation_by_slug(slug)
    if org is None:
        raise UsageError(f"unknown organisation '{slug}'")
    return org


def import_file(command: Any, options: dict) -> None:
    path = options["file"]
    if path == "-":
        data = sys.stdin.buffer.read()
        name = ""
    else:
        file = Path(path)
        if not file.is_file():
            raise UsageError(f"no such file: {path}")
        data, name = file.read_bytes(), file.name
    owner = _owner(options.get("owner") or "")
    fmt = options["format"]
    records = importers.read(data, fmt, name)
    rows, errors = importers.rows(records, fmt)
    quiet = options.get("quiet")

    def progress(items):
        return tqdm(items, desc="importing", unit="report", file=sys.stderr, disable=quiet or None)

    try:
        result = services.reports_import(
            actor=OPERATOR,
            rows=rows,
            row_errors=errors,
            channel="kobo" if fmt == "kobo" else "file",
            owner_org_id=owner.pk,
            releasability=options.get("releasability") or "named",
            shared_with=[s.strip() for s in (options.get("shared_with") or "").split(",") if s.strip()],
            progress=progress,
        )
    except importers.ImportFailed as exc:
        for line in importers.iter_errors(exc.row_errors):
            sys.stderr.write(f"cmcc: {line}\n")
        sys.stderr.write(f"cmcc: nothing imported ({len(exc.row_errors)} problem(s) in {len(rows)} rows)\n")
        sys.exit(2)
    command.stdout.write(result.summary)


def verify_evidence(command: Any) -> None:
    checks = services.evidence_verify(actor=OPERATOR)
    bad = [c for c in checks if not c.ok]
    for check in bad:
        command.stdout.write(str(check))
    command.stdout.write(f"evidence: {len(checks)} stored files checked, {len(bad)} with problems")
    if bad:
        sys.exit(1)
