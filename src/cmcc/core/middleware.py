"""Request ids, and domain errors mapped to HTTP for the web pages."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .context import new_request_id, request_id_var
from .errors import DomainError, NotAuthenticated

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id (or keep a sane incoming ``X-Request-ID``); echo it back."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else new_request_id()
        token = request_id_var.set(request_id)
        request.request_id = request_id  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class DomainErrorMiddleware:
    """Pages raise the same domain errors as services; show them as proper error pages."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, DomainError):
            return None
        if isinstance(exc, NotAuthenticated) and not request.path.startswith("/api/"):
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if request.path.startswith("/api/"):
            return JsonResponse(exc.payload(), status=exc.status)
        return render(request, "core/error.html", {"error": exc}, status=exc.status)
