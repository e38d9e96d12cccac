"""Base for ``cmcc`` commands: bad arguments give one line on stderr and exit status 2;
domain errors too, and nothing is written (every command runs its change in one transaction)."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from .access import system_actor
from .context import new_request_id, request_id_var
from .errors import DomainError, ValidationFailed

OPERATOR = system_actor("operator (command line)")


class UsageError(Exception):
    pass


class _Parser(CommandParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


class Command(BaseCommand):
    """Subclasses implement ``handle`` and may raise ``UsageError`` or any ``DomainError``."""

    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = _Parser  # one-line usage errors (subparsers: see add_subparsers)
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        token = request_id_var.set(new_request_id())
        try:
            super().run_from_argv(argv)
        except UsageError as exc:
            self.fail(str(exc))
        except ValidationFailed as exc:
            self.fail("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.errors.items()))
        except DomainError as exc:
            self.fail(exc.message)
        finally:
            request_id_var.reset(token)

    def fail(self, message: str, status: int = 2) -> NoReturn:
        text = " ".join(message.split())
        sys.stderr.write(text + "\n" if text.startswith("cmcc") else f"cmcc: {text}\n")
        sys.exit(status)

    def add_subparsers(self, parser: CommandParser, dest: str = "action"):
        return parser.add_subparsers(dest=dest, required=True, parser_class=_Parser)
