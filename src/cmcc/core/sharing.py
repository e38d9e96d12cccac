"""Reading and writing ``named`` grants and validating a record's sharing settings.

Services call :func:`apply_sharing` inside their transaction; the API and forms take and return
``shared_with`` as a list of organisation ids (or slugs) and community names.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .choices import PROTECTED_RELEASABILITY, Community, Releasability
from .errors import ValidationFailed
from .models import Share, SharedRecord

COMMUNITY_VALUES = {c.value for c in Community}


def _org_model() -> type[models.Model]:
    return Share._meta.get_field("org").related_model  # type: ignore[return-value]


def parse_shared_with(values: Iterable[str] | None) -> tuple[list[uuid.UUID], list[str]]:
    """Split ``shared_with`` into organisation ids and community names; unknown entries are a 422."""
    org_ids: list[uuid.UUID] = []
    communities: list[str] = []
    unknown: list[str] = []
    Organisation = _org_model()
    for raw in values or []:
        value = str(raw).strip()
        if not value:
            continue
        if value in COMMUNITY_VALUES:
            communities.append(value)
            continue
        org: models.Model | None
        try:
            org = Organisation._default_manager.get(pk=uuid.UUID(value))
        except (ValueError, Organisation.DoesNotExist):  # type: ignore[attr-defined]
            org = Organisation._default_manager.filter(slug=value).first()
        if org is None:
            unknown.append(value)
        else:
            org_ids.append(org.pk)
    if unknown:
        raise ValidationFailed(
            {
                "shared_with": (
                    f"Unknown organisation or community: {', '.join(unknown)}. Use organisation ids or "
                    f"slugs, or one of: {', '.join(sorted(COMMUNITY_VALUES))}."
                )
            }
        )
    return sorted(set(org_ids), key=str), sorted(set(communities))


def validate_sharing(
    *, releasability: str, protected: bool, org_ids: list[uuid.UUID], communities: list[str]
) -> None:
    errors: dict[str, str] = {}
    if releasability not in Releasability.values:
        errors["releasability"] = f"Must be one of: {', '.join(Releasability.values)}."
    elif protected and releasability not in PROTECTED_RELEASABILITY:
        errors["releasability"] = (
            f"A protected record cannot be released to '{releasability}'; use 'org' or 'named'."
        )
    elif releasability == Releasability.NAMED and not (org_ids or communities):
        errors["shared_with"] = "Releasability 'named' needs at least one organisation or community."
    elif releasability != Releasability.NAMED and (org_ids or communities):
        errors["shared_with"] = "shared_with is only used with releasability 'named'."
    if protected and communities and not errors:
        errors["shared_with"] = "A protected record can be named to organisations only, not communities."
    if errors:
        raise ValidationFailed(errors)


def apply_sharing(
    obj: SharedRecord, *, releasability: str, protected: bool, shared_with: Iterable[str] | None
) -> None:
    """Validate and set releasability, protection and grants on ``obj`` (saved by the caller)."""
    org_ids, communities = parse_shared_with(shared_with)
    validate_sharing(
        releasability=releasability, protected=protected, org_ids=org_ids, communities=communities
    )
    obj.releasability = releasability
    obj.protected = protected
    obj._pending_shares = (org_ids, communities)  # type: ignore[attr-defined]


def save_shares(obj: SharedRecord) -> None:
    """Write the grants staged by :func:`apply_sharing` once ``obj`` has a row."""
    pending = getattr(obj, "_pending_shares", None)
    if pending is None:
        return
    org_ids, communities = pending
    ct = ContentType.objects.get_for_model(type(obj))
    Share.objects.filter(content_type=ct, object_id=obj.pk).delete()
    Share.objects.bulk_create(
        [Share(content_type=ct, object_id=obj.pk, org_id=o) for o in org_ids]
        + [Share(content_type=ct, object_id=obj.pk, community=c) for c in communities]
    )
    del obj._pending_shares  # type: ignore[attr-defined]


def shared_with(obj: SharedRecord) -> list[str]:
    """The grants of one record: organisation ids and community names."""
    rows = Share.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)
    return sorted(str(r.org_id) if r.org_id else r.community for r in rows)


def shared_with_many(objs: Iterable[SharedRecord]) -> dict[uuid.UUID, list[str]]:
    """Grants for a page of records in one query (no N+1 in lists)."""
    objs = list(objs)
    result: dict[uuid.UUID, list[str]] = {o.pk: [] for o in objs}
    if not objs:
        return result
    ct = ContentType.objects.get_for_model(type(objs[0]))
    for r in Share.objects.filter(content_type=ct, object_id__in=list(result)):
        result[r.object_id].append(str(r.org_id) if r.org_id else r.community)
    for v in result.values():
        v.sort()
    return result
