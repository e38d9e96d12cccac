"""Helpers the logistics endpoints share: resolving ids and slugs given in a request."""

import uuid

from django.http import HttpRequest, HttpResponse

from cmcc.core.api_base import prepare_records, referenced
from cmcc.core.errors import NotFound, ValidationFailed
from cmcc.partners import selectors as partner_selectors

from .. import selectors


def one(request: HttpRequest, record):
    prepare_records([record], request)
    return record


def org(actor, field: str, org_id: uuid.UUID | None):
    if org_id is None:
        return None
    return referenced(field, partner_selectors.organisation_get, actor=actor, org_id=org_id)


def crossing(field: str, slug: str | None):
    if not slug:
        return None
    try:
        return selectors.crossing_get(slug=slug)
    except NotFound:
        raise ValidationFailed({field: f"Unknown crossing {slug!r}."}) from None


def corridor(field: str, slug: str | None):
    if not slug:
        return None
    found = selectors.corridors().filter(slug=slug).first()
    if found is None:
        raise ValidationFailed({field: f"Unknown corridor {slug!r}."})
    return found


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
