"""``cmcc movements remind [--days N] [--dry-run]`` and ``cmcc movements recheck``.

``remind`` lists the notified sites that lapse within N days unless reconfirmed (default: the
warning period) and records a reminder on each, once per confirmation; ``recheck`` recomputes the
derived fields of every open movement notification (after a change of corridor width, say).
"""

from django.utils import timezone

from cmcc.core.cli import OPERATOR, UsageError
from cmcc.core.cli import Command as BaseCommand
from cmcc.movements import conf, selectors, services


class Command(BaseCommand):
    help = "Movements: reminders for notified sites about to lapse, and re-checking movements."

    def add_arguments(self, parser):
        sub = self.add_subparsers(parser)
        remind = sub.add_parser("remind", help="remind owners of notified sites lapsing soon")
        remind.add_argument("--days", type=int, default=None, help="lapsing within this many days")
        remind.add_argument("--dry-run", action="store_true", help="list only; record nothing")
        sub.add_parser(
            "recheck", help="recompute zones crossed, coordination and conflicts of open movements"
        )

    def handle(self, *args, action: str, **options):
        if action == "recheck":
            count = services.movements_recheck(actor=OPERATOR, reason="re-checked by the operator")
            self.stdout.write(f"{count} movement notification(s) re-checked")
            return
        days = options["days"] if options["days"] is not None else conf.site_warning_days()
        if days < 0 or days > 365:
            raise UsageError("cmcc movements remind: --days must be between 0 and 365")
        now = timezone.now()
        sites = list(selectors.sites_to_remind(within_days=days, now=now))
        for site in sites:
            if not options["dry_run"]:
                services.site_remind(actor=OPERATOR, site=site, at=now)
            fields = [f"{site.valid_until:%Y-%m-%d %H:%M}", site.owner_org.slug, site.function, site.name]
            self.stdout.write("\t".join(fields))
        verb = "would be reminded" if options["dry_run"] else "reminded"
        self.stdout.write(f"{len(sites)} site(s) lapsing within {days} day(s) {verb}")
