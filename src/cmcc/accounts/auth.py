"""How a request says who it is: a bearer token, a browser session (with CSRF), or nobody."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from cmcc.core.access import ANONYMOUS, Actor, actor_for_user
from cmcc.core.errors import NotAuthenticated, PermissionDenied

from . import services

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class RequestAuth(HttpBearer):
    """Bearer token if sent (a bad one is 401, never a fallback), else the session, else anonymous.

    Anonymous callers reach only public records: every endpoint filters through ``core.access``.
    """

    def __call__(self, request: HttpRequest) -> Actor:
        header = request.headers.get("Authorization")
        if header:
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise NotAuthenticated("Use the header 'Authorization: Bearer <token>'.")
            return self.authenticate(request, token.strip())
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if request.method in UNSAFE and check_csrf(request) is not None:
                raise PermissionDenied(
                    "CSRF check failed: send the X-CSRFToken header with the session cookie."
                )
            return actor_for_user(user)
        return ANONYMOUS

    def authenticate(self, request: HttpRequest, token: str) -> Actor:
        user = services.token_authenticate(token=token)
        if user is None:
            raise NotAuthenticated(
                "The API token is not valid (unknown, revoked or its account is disabled)."
            )
        request.user = user
        return actor_for_user(user)


request_auth = RequestAuth()
