"""What the movements API modules share: resolving referenced organisations and preparing records."""

import uuid

from django.http import HttpRequest

from cmcc.core.api_base import prepare_records, referenced
from cmcc.core.errors import ValidationFailed
from cmcc.partners import selectors as partner_selectors


def org(actor, field: str, org_id):
    if org_id is None:
        return None
    return referenced(field, partner_selectors.organisation_get, actor=actor, org_id=org_id)


def orgs(actor, field: str, ids: list[uuid.UUID]) -> list:
    found = list(partner_selectors.organisations_by_ids(actor=actor, ids=ids))
    missing = sorted(str(i) for i in set(ids) - {o.pk for o in found})
    if missing:
        raise ValidationFailed({field: f"Unknown or not visible to you: {', '.join(missing)}."})
    return found


def one(request: HttpRequest, record, action: str = "read"):
    prepare_records([record], request, action=action)
    return record
