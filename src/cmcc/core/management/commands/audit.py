"""``cmcc audit verify``: walk the hash chain; exit 1 naming the first bad entry."""

from cmcc.core import audit
from cmcc.core.cli import Command as BaseCommand


class Command(BaseCommand):
    help = "Audit trail tools. 'verify' checks that no entry was edited, deleted or reordered."

    def add_arguments(self, parser):
        sub = self.add_subparsers(parser)
        sub.add_parser("verify", help="check the hash chain of the whole trail")

    def handle(self, *args, action: str, **options):
        checked, problem = audit.verify()
        if problem is not None:
            self.stderr.write(f"cmcc: audit trail broken at {problem} ({checked} entries verified before it)")
            raise SystemExit(1)
        self.stdout.write(f"audit trail intact: {checked} entries verified")
