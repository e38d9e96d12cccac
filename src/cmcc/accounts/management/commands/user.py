"""``cmcc user create USERNAME --org SLUG --role ROLE`` (password from stdin when not a TTY)."""

import getpass
import sys

from django.db import transaction

from cmcc.accounts import services
from cmcc.core.access import Role
from cmcc.core.cli import OPERATOR, UsageError
from cmcc.core.cli import Command as BaseCommand
from cmcc.partners.selectors import organisation_by_slug


def read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise UsageError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


class Command(BaseCommand):
    help = "Manage people's accounts."

    def add_arguments(self, parser):
        sub = self.add_subparsers(parser)
        create = sub.add_parser("create", help="create a person in an organisation")
        create.add_argument("username")
        create.add_argument("--org", required=True, help="organisation slug")
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--grant", action="append", default=[], choices=["verify", "decide"])
        create.add_argument("--email", default="")
        create.add_argument("--name", default="", help="full name")
        create.add_argument("--no-password", action="store_true", help="create without a password (API only)")

    def handle(self, *args, action: str, **options):
        org = organisation_by_slug(options["org"])
        if org is None:
            raise UsageError(f"no organisation with slug '{options['org']}'")
        password = None if options["no_password"] else read_password()
        if password is not None and not password:
            raise UsageError("empty password (give one on stdin, or --no-password)")
        with transaction.atomic():
            user = services.user_create(
                actor=OPERATOR,
                username=options["username"],
                org=org,
                role=options["role"],
                password=password,
                email=options["email"],
                full_name=options["name"],
                extra_actions=options["grant"],
            )
        self.stdout.write(str(user.pk))
