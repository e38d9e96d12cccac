"""``cmcc demo [--if-empty]``: load the synthetic demo scenario."""

from cmcc.core import scenario as demo
from cmcc.core.cli import Command as BaseCommand
from cmcc.core.cli import UsageError
from cmcc.core.selectors import has_data


class Command(BaseCommand):
    help = "Load the synthetic demo scenario (a month of a coordination centre on real geography)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if the database already has data"
        )
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument(
            "--days", type=int, default=demo.DAYS, help="length of the scenario in days (14–90)"
        )

    def handle(self, *args, if_empty: bool, seed: int, days: int, **options):
        if not 14 <= days <= 90:
            raise UsageError("--days must be between 14 and 90")
        if has_data():
            if if_empty:
                self.stdout.write("demo: the database already has data; nothing loaded")
                return
            raise UsageError("the database already has data; the demo loads only into an empty database")
        scenario = demo.load(demo.Scenario(seed=seed, days=days), progress=self.stdout.write)
        self.stdout.write(f"demo: loaded {days} days from {scenario.day0} (seed {seed})")
