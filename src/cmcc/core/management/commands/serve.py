"""``cmcc serve [--host H] [--port P]``: serve the platform with gunicorn (WSGI)."""

import os

from cmcc.core.cli import Command as BaseCommand
from cmcc.core.cli import UsageError


class Command(BaseCommand):
    help = "Serve the web UI and API (gunicorn, WSGI)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("CMCC_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("CMCC_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("CMCC_WORKERS", "2")))

    def handle(self, *args, host: str, port: int, workers: int, **options):
        if not 0 < port < 65536:
            raise UsageError(f"--port must be between 1 and 65535, not {port}")
        if workers < 1:
            raise UsageError("--workers must be at least 1")
        from cmcc.accounts.selectors import demo_logins

        try:
            from gunicorn.app.base import BaseApplication
        except ImportError:  # platforms without gunicorn: Django's own server
            from django.core.management import call_command

            self._banner(host, port, demo_logins())
            call_command("runserver", f"{host}:{port}", "--noreload")
            return

        from cmcc.wsgi import application

        class Server(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", f"{host}:{port}")
                self.cfg.set("workers", workers)
                self.cfg.set("accesslog", "-")
                if "control_socket_disable" in self.cfg.settings:  # gunicorn ≥ 25 writes one under $HOME
                    self.cfg.set("control_socket_disable", True)

            def load(self):
                return application

        self._banner(host, port, demo_logins())
        Server().run()

    def _banner(self, host: str, port: int, logins: list[tuple[str, str, str]]) -> None:
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(f"\ncmcc is serving on http://{shown}:{port}/  (API docs: /api/v1/docs)")
        if logins:
            from cmcc.core.scenario import DEMO_PASSWORD

            self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'):")
            for username, org, role in logins:
                self.stdout.write(f"  {username:<14} {role:<28} {org}")
        self.stdout.write("")
