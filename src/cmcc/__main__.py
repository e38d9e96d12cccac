"""The ``cmcc`` command: every operator task is a management command behind it."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmcc.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["cmcc", *argv])
    args[0] = "cmcc"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
