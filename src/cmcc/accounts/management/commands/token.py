"""``cmcc token create USERNAME``: prints only the new token on stdout."""

from cmcc.accounts import services
from cmcc.accounts.selectors import user_by_username
from cmcc.core.cli import OPERATOR, UsageError
from cmcc.core.cli import Command as BaseCommand


class Command(BaseCommand):
    help = "Manage personal API tokens."

    def add_arguments(self, parser):
        sub = self.add_subparsers(parser)
        create = sub.add_parser("create", help="create a token and print it (shown only once)")
        create.add_argument("username")
        create.add_argument("--name", default="API token")

    def handle(self, *args, action: str, **options):
        user = user_by_username(options["username"])
        if user is None:
            raise UsageError(f"no user named '{options['username']}'")
        _, clear = services.token_create(actor=OPERATOR, user=user, name=options["name"])
        self.stdout.write(clear)
