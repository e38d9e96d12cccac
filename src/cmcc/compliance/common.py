"""Helpers the compliance services share: validation, ownership, and the verification cell's rights."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError

from cmcc.core import access
from cmcc.core.access import Actor, system_actor
from cmcc.core.errors import PermissionDenied, ValidationFailed

# Automatic steps (correlation on intake, re-grouping) are recorded under this name in the audit
# trail, with the request id of the change that triggered them.
ENGINE = system_actor("correlation engine")


def clean(obj: Any, exclude: tuple[str, ...] = ("owner_org",)) -> None:
    try:
        obj.full_clean(exclude=list(exclude), validate_constraints=False)
    except DjangoValidationError as exc:
        raise ValidationFailed.from_django(exc) from None


def errors_of(obj: Any, exclude: tuple[str, ...] = ("owner_org",)) -> dict[str, str]:
    """The field errors ``full_clean`` finds, one message per field (for per-row import errors)."""
    try:
        obj.full_clean(exclude=list(exclude), validate_constraints=False)
    except DjangoValidationError as exc:
        if hasattr(exc, "message_dict"):
            return {k: " ".join(v) for k, v in exc.message_dict.items()}
        return {"__all__": " ".join(exc.messages)}
    return {}


def require_cell(actor: Actor, action: str, obj: Any) -> None:
    """``action`` on a record of the verification cell: the actor must see it, hold the action,
    and belong to the organisation that owns it (a party liaison holding ``decide`` for its own
    authority's requests cannot determine an incident)."""
    access.require(actor, action, obj)
    if not actor.is_system and obj.owner_org_id != actor.org_id:
        raise PermissionDenied("Only the verification cell that owns this record can do this.")


def text_required(value: str, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed({field: f"{what} is required."})
    return value
