"""``cmcc logistics import FILE [--format cmcc|unrwa] [--dry-run] [--skip-invalid] --owner SLUG``
and ``cmcc logistics template``.

A file with errors imports nothing: every error is listed (row, column, reason) and the exit
status is 1. With ``--skip-invalid`` the valid consignments are imported and every skipped row
is listed. Re-importing a file creates no duplicates. Bad arguments: one line, exit status 2.
"""

import sys
from pathlib import Path

from cmcc.core.choices import Releasability
from cmcc.core.cli import OPERATOR, UsageError
from cmcc.core.cli import Command as BaseCommand
from cmcc.logistics import services
from cmcc.logistics.bulk import parsing
from cmcc.logistics.choices import ImportFormat
from cmcc.partners import selectors as partner_selectors

TICK = 1000


class Command(BaseCommand):
    help = "Aid delivery pipeline: import consignments, print the import template."

    def add_arguments(self, parser):
        sub = self.add_subparsers(parser)
        imp = sub.add_parser("import", help="import consignments from a CSV or XLSX file")
        imp.add_argument("file")
        imp.add_argument(
            "--format", choices=ImportFormat.values, default=None, help="default: detected from the header"
        )
        imp.add_argument("--owner", required=True, help="slug of the organisation that owns the consignments")
        imp.add_argument("--dry-run", action="store_true", help="check the file and report; write nothing")
        imp.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid consignments, report the skipped rows",
        )
        imp.add_argument("--releasability", choices=Releasability.values, default=Releasability.ORG)
        imp.add_argument(
            "--shared-with", action="append", default=[], help="with 'named': organisation slug or community"
        )
        imp.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
        sub.add_parser("template", help="print the import template (CSV, one example row)")

    def handle(self, *args, action: str, **options):
        if action == "template":
            self.stdout.write(parsing.template_csv(), ending="")
            return
        self._import(**options)

    def _import(
        self, *, file, format, owner, dry_run, skip_invalid, releasability, shared_with, no_progress, **_
    ):
        path = Path(file)
        if not path.is_file():
            raise UsageError(f"cmcc logistics import: no such file: {file}")
        org = partner_selectors.organisation_by_slug(owner)
        if org is None:
            raise UsageError(f"cmcc logistics import: unknown organisation {owner!r}")
        data = path.read_bytes()
        reading = writing = None
        tick = progress = None
        if not no_progress:
            from tqdm import tqdm

            total = data.count(b"\n") if not path.suffix.lower().startswith(".xls") else None
            reading = tqdm(total=total, unit=" rows", desc="reading", file=sys.stderr, leave=False)
            counter = [0]

            def tick():
                counter[0] += 1
                if counter[0] % TICK == 0:
                    reading.update(TICK)

            def progress(n):
                nonlocal writing
                if writing is None:
                    reading.close()
                    writing = tqdm(unit=" consignments", desc="writing", file=sys.stderr, leave=False)
                writing.update(n)

        try:
            report, run = services.consignments_import_file(
                actor=OPERATOR,
                data=data,
                filename=path.name,
                format=format,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                releasability=releasability,
                shared_with=shared_with,
                owner_org_id=org.pk,
                tick=tick,
                progress=progress,
            )
        finally:
            for bar in (reading, writing):
                if bar is not None:
                    bar.close()
        self._report(report, run, dry_run=dry_run, skip_invalid=skip_invalid)

    def _report(self, report, run, *, dry_run: bool, skip_invalid: bool) -> None:
        for error in report.errors:
            sys.stderr.write(f"row {error.row}, column {error.column or '-'}: {error.reason}\n")
        if report.errors and not (skip_invalid or dry_run):
            self.fail(
                f"{len(report.errors)} error(s) in {len(report.skipped_rows) or 1} row(s); nothing was "
                "imported (fix the file, or use --skip-invalid to import the valid consignments)",
                status=1,
            )
        if report.skipped_rows:
            shown = ", ".join(str(r) for r in report.skipped_rows)
            sys.stderr.write(f"skipped rows ({len(report.skipped_rows)}): {shown}\n")
        verb = "would import" if dry_run else "imported"
        self.stdout.write(
            f"format {report.format}: {report.rows} rows; {verb} {report.consignments} consignments with "
            f"{report.lines} lines; {report.already_imported} already imported; "
            f"{len(report.skipped_rows)} rows skipped"
        )
        if run is not None:
            self.stdout.write(f"import {run.pk}")
