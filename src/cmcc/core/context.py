"""Per-request (or per-command) context: request id. Set by middleware, the CLI and tasks alike."""

from __future__ import annotations

import contextvars
import uuid

from django.conf import settings
from django.http import HttpRequest

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("cmcc_request_id", default="")


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str:
    return request_id_var.get()


def platform(request: HttpRequest) -> dict:
    """Template context every page gets: demo flag, language direction, tile settings."""
    from .selectors import is_demo_instance

    return {
        "DEMO": is_demo_instance(),
        "TILE_URL": settings.CMCC_TILE_URL,
        "TILE_ATTRIBUTION": settings.CMCC_TILE_ATTRIBUTION,
    }
