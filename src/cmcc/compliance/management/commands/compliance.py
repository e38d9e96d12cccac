"""``cmcc compliance correlate INPUT.jsonl --output OUT.jsonl [--reasons R.jsonl] [--constraints C.jsonl]``.

``correlate`` groups the reports of a JSON Lines file into incidents with the correlation engine,
without the database: one output line ``{"id", "incident"}`` per input line, in the same order.
``--reasons`` also writes each report's link and the reasons for it; ``--constraints`` reads
analysts' decisions, one ``{"type": "must_link" | "cannot_link", "a": ID, "b": ID}`` per line.
A bad argument or input line gives one line on stderr and exit status 2, and writes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tqdm import tqdm

from cmcc.compliance import cli as database_commands
from cmcc.compliance.correlation.jsonl import InputError, run
from cmcc.core.cli import Command as BaseCommand
from cmcc.core.cli import UsageError


class Command(BaseCommand):
    help = "Compliance: correlate report files into incidents (more subcommands to come)."

    def add_arguments(self, parser):
        sub = self.add_subparsers(parser)
        correlate = sub.add_parser("correlate", help="group the reports of a JSON Lines file into incidents")
        correlate.add_argument("input", type=Path, help="reports, one JSON object per line")
        correlate.add_argument("--output", type=Path, required=True, help='one {"id", "incident"} per line')
        correlate.add_argument("--reasons", type=Path, help="also write each link and its reasons")
        correlate.add_argument("--constraints", type=Path, help="analysts' must_link / cannot_link pairs")
        database_commands.add_parsers(sub)  # import, verify-evidence

    def handle(self, *args, action: str, **options):
        if action == "correlate":
            self.correlate(options)
        else:
            database_commands.run(self, action, options)

    def correlate(self, options: dict) -> None:
        bar = tqdm(unit=" reports", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)

        def set_total(total: int) -> None:
            bar.reset(total=total)

        try:
            result = run(
                options["input"],
                options["output"],
                reasons_path=options.get("reasons"),
                constraints_path=options.get("constraints"),
                progress=bar.update,
                on_total=set_total,
            )
        except InputError as exc:
            raise UsageError(f"cmcc compliance correlate: {exc}") from None
        finally:
            bar.close()
        self.stdout.write(
            f"{result.reports} report(s) -> {result.incidents} incident(s), "
            f"{result.corroborated} with two or more independent origins"
        )
