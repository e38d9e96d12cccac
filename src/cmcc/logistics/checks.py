"""Checks the logistics services share: validation with the field and the reason (422), the owner
of a record, the time of a step. No writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone

from cmcc.core import access
from cmcc.core.access import Actor
from cmcc.core.errors import ValidationFailed

SHARING_FIELDS = {"releasability", "shared_with", "protected"}
CLOCK_SKEW = dt.timedelta(minutes=5)


def clean(obj, exclude: Sequence[str] = ()) -> None:
    try:
        obj.full_clean(exclude=["owner_org", *exclude], validate_unique=False, validate_constraints=False)
    except DjangoValidationError as exc:
        raise ValidationFailed.from_django(exc) from None


def owner_id(actor: Actor, owner_org_id=None):
    """Records belong to the actor's organisation; only the system (CLI, demo) names another."""
    if actor.is_system:
        if owner_org_id is None:
            raise ValidationFailed({"owner_org": "The system must name the owner organisation."})
        return owner_org_id
    return actor.org_id


def when(field: str, value: dt.datetime | None, *, not_before: dt.datetime | None = None) -> dt.datetime:
    now = timezone.now()
    if value is None:
        return now if not_before is None or now >= not_before else not_before
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    if value > now + CLOCK_SKEW:
        raise ValidationFailed({field: "Cannot be in the future."})
    if not_before is not None and value < not_before:
        raise ValidationFailed(
            {field: f"Cannot be before the previous step ({not_before:%Y-%m-%d %H:%M} UTC)."}
        )
    return value


def text(field: str, value: str, *, required: bool = True, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed({field: "This field is required."})
    if max_length and len(value) > max_length:
        raise ValidationFailed({field: f"At most {max_length} characters."})
    return value


def choice(field: str, value: str, choices, *, blank: bool = False) -> str:
    if blank and not value:
        return ""
    if value not in choices.values:
        raise ValidationFailed({field: f"Must be one of: {', '.join(choices.values)}."})
    return value


def require_reference_writer(actor: Actor) -> None:
    """Shared reference data (crossing status, capacity, classification, targets) is kept by the
    centre's coordination staff."""
    access.require_centre_admin(actor)
