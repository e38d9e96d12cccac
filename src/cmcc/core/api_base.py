"""Shared API machinery: error mapping (one place), the list page, sharing fields in schemas."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination

from . import audit
from .access import Actor
from .choices import Releasability
from .errors import DomainError, NotAuthenticated
from .models import SharedRecord
from .sharing import shared_with, shared_with_many


def install_error_handlers(api: NinjaAPI) -> None:
    """Domain errors → 401/403/404/409/422 with a reason; input errors → 422 naming the field."""

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError):
        return api.create_response(request, exc.payload(), status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError):
        detail = [
            {"loc": list(e.get("loc", [])), "msg": e.get("msg", "invalid"), "type": e.get("type", "invalid")}
            for e in exc.errors
        ]
        return api.create_response(request, {"detail": detail}, status=422)

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError):
        return api.create_response(request, NotAuthenticated().payload(), status=401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError):
        return api.create_response(request, {"detail": str(exc), "code": "error"}, status=exc.status_code)


def actor_of(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined,return-value]


def require_user(request: HttpRequest) -> Actor:
    actor = actor_of(request)
    if actor.is_anonymous:
        raise NotAuthenticated()
    return actor


class Page(LimitOffsetPagination):
    """Limit/offset page. Loads the grants of the page in one query and logs reads of protected
    records on it (BRIEF §3)."""

    def paginate_queryset(self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any):
        result = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(result["items"])
        prepare_records(items, request)
        result["items"] = items
        return result


def prepare_records(items: list, request: HttpRequest, action: str = "read") -> list:
    """Attach grants to shared records (one query) and audit protected reads."""
    shared = [o for o in items if isinstance(o, SharedRecord)]
    if shared:
        grants = shared_with_many(shared)
        for o in shared:
            o._shared_with = grants[o.pk]  # type: ignore[attr-defined]
        audit.record_reads(actor=actor_of(request), objs=shared, action=action)
    return items


class SharingIn(Schema):
    """Sharing fields every shareable record takes."""

    releasability: Releasability = Field(
        Releasability.ORG, description="org, community, named, cmcc or public (BRIEF §4)."
    )
    shared_with: list[str] = Field(
        default_factory=list,
        description="With releasability 'named': organisation ids (or slugs) and/or community names.",
    )
    protected: bool = Field(
        False,
        description="Personal, beneficiary, remains or identity data: never shown to military or party.",
    )


class RecordOut(Schema):
    """Fields every shareable record returns."""

    id: uuid.UUID
    owner_org_id: uuid.UUID
    owner_org_name: str
    releasability: Releasability
    shared_with: list[str]
    protected: bool
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_owner_org_name(obj) -> str:
        return obj.owner_org.name

    @staticmethod
    def resolve_shared_with(obj) -> list[str]:
        cached = getattr(obj, "_shared_with", None)
        return cached if cached is not None else shared_with(obj)


class Message(Schema):
    detail: str


def referenced(field: str, getter, *args, **kwargs):
    """Resolve an id given in a request body: an unknown or invisible one is a 422 on that field."""
    from .errors import NotFound, ValidationFailed

    try:
        return getter(*args, **kwargs)
    except NotFound:
        raise ValidationFailed({field: "Unknown or not visible to you."}) from None
