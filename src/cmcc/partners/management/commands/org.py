"""``cmcc org create SLUG --name NAME --type TYPE --community COMMUNITY [--country ISO2]``."""

from cmcc.core.choices import Community
from cmcc.core.cli import OPERATOR
from cmcc.core.cli import Command as BaseCommand
from cmcc.partners import selectors, services
from cmcc.partners.models import OrgType


class Command(BaseCommand):
    help = "Manage member organisations."

    def add_arguments(self, parser):
        sub = self.add_subparsers(parser)
        create = sub.add_parser("create", help="create an active member organisation")
        create.add_argument("slug")
        create.add_argument("--name", required=True)
        create.add_argument("--type", required=True, choices=OrgType.values)
        create.add_argument("--community", required=True, choices=Community.values)
        create.add_argument("--country", default="", help="ISO 3166 alpha-2 code")
        create.add_argument("--capability", action="append", default=[], help="capability code (repeatable)")
        sub.add_parser("list", help="list organisations")

    def handle(self, *args, action: str, **options):
        if action == "create":
            org = services.organisation_create(
                actor=OPERATOR,
                slug=options["slug"],
                name=options["name"],
                type=options["type"],
                community=options["community"],
                country=options["country"],
                capabilities=options["capability"],
            )
            self.stdout.write(str(org.pk))
        else:
            for org in selectors.organisation_list(actor=OPERATOR):
                self.stdout.write(
                    f"{org.slug}\t{org.community}\t{org.type}\t{org.membership_status}\t{org.name}"
                )
