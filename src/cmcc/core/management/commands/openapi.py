"""``cmcc openapi [--output FILE] [--check]``: print, write or check the OpenAPI document."""

from pathlib import Path

from cmcc.core import openapi
from cmcc.core.cli import Command as BaseCommand


class Command(BaseCommand):
    help = "Print the OpenAPI document, write it to a file, or check a file is current."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="write to this file instead of stdout")
        parser.add_argument("--check", metavar="FILE", help="exit 1 if FILE differs from the current API")

    def handle(self, *args, output=None, check=None, **options):
        text = openapi.render()
        if check:
            if Path(check).read_text(encoding="utf-8") != text:
                self.stderr.write(f"cmcc: {check} is out of date; run `make openapi` and review the change")
                raise SystemExit(1)
            self.stdout.write(f"{check} is current")
        elif output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
