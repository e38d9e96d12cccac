"""The one access module (BRIEF §4, CONVENTIONS rule 3).

It decides three things, and nothing else in the code base decides them:

1. what a person's role lets them do (``ROLE_ACTIONS``, plus per-person grants of ``verify``/``decide``);
2. which records an organisation may see (owner + releasability + ``named`` grants);
3. the hard rule: ``protected`` records reach only the owner and organisations it names outside
   the military and party communities, whatever the releasability says.

Lists start from :func:`visible`; single records are fetched through it too, so a record the
actor may not see is indistinguishable from a missing one (404).
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .choices import RESTRICTED_COMMUNITIES, Community, Releasability
from .errors import NotAuthenticated, NotFound, PermissionDenied


class Action(enum.StrEnum):
    VIEW = "view"
    CREATE = "create"
    EDIT = "edit"
    DECIDE = "decide"
    VERIFY = "verify"
    ADMINISTER = "administer"


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    MEMBER = "member", _("Member")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Administrator")


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.VIEWER: frozenset({Action.VIEW}),
    Role.MEMBER: frozenset({Action.VIEW, Action.CREATE, Action.EDIT}),
    Role.MANAGER: frozenset({Action.VIEW, Action.CREATE, Action.EDIT, Action.DECIDE}),
    Role.ADMIN: frozenset({Action.VIEW, Action.CREATE, Action.EDIT, Action.DECIDE, Action.ADMINISTER}),
}
# Actions a person may be granted on top of their role (an analyst who verifies, a party
# liaison who decides on requests addressed to their authority).
GRANTABLE_ACTIONS = frozenset({Action.VERIFY, Action.DECIDE})

ACTIVE = "active"
DIRECTORY_STATUSES = ("active", "suspended", "left")


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in person, an anonymous visitor, or the system (CLI, demo loader)."""

    kind: str  # "user" | "anonymous" | "system"
    name: str
    user_id: uuid.UUID | None = None
    org_id: uuid.UUID | None = None
    org_name: str = ""
    community: str = ""
    role: str = ""
    actions: frozenset[str] = frozenset()
    active_member: bool = False
    user: Any = field(default=None, compare=False, repr=False)

    @property
    def is_anonymous(self) -> bool:
        return self.kind == "anonymous"

    @property
    def is_system(self) -> bool:
        return self.kind == "system"

    @property
    def is_authenticated(self) -> bool:
        return self.kind != "anonymous"

    def can(self, action: str) -> bool:
        return self.is_system or action in self.actions

    @property
    def is_centre_admin(self) -> bool:
        """CMCC staff who run the centre: administrators of a coordination-community member."""
        return self.is_system or (
            self.active_member
            and self.community == Community.COORDINATION
            and Action.ADMINISTER in self.actions
        )

    @property
    def may_see_protected_of_others(self) -> bool:
        return self.community not in RESTRICTED_COMMUNITIES

    def __bool__(self) -> bool:  # ninja treats a falsy auth result as "not authenticated"
        return True


ANONYMOUS = Actor(kind="anonymous", name="anonymous")


def system_actor(name: str = "system") -> Actor:
    return Actor(kind="system", name=name, actions=frozenset(Action))


def actor_for_user(user: Any) -> Actor:
    """Build the actor for a Django user (duck-typed: ``org``, ``role``, ``extra_actions``)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    org = getattr(user, "org", None)
    actions = set(ROLE_ACTIONS.get(user.role, frozenset()))
    actions |= {Action(a) for a in (user.extra_actions or []) if a in GRANTABLE_ACTIONS}
    return Actor(
        kind="user",
        name=user.get_username(),
        user_id=user.pk,
        org_id=org.pk if org else None,
        org_name=org.name if org else "",
        community=org.community if org else "",
        role=user.role,
        actions=frozenset(actions),
        active_member=bool(org and org.membership_status == ACTIVE),
        user=user,
    )


# --------------------------------------------------------------------------------------------
# The visibility rule, written once as a pure predicate and once as a query. A test checks that
# both agree on every combination of community, releasability, protection and grant.
# --------------------------------------------------------------------------------------------


def can_see(
    actor: Actor,
    *,
    owner_org_id: uuid.UUID | None,
    owner_community: str,
    releasability: str,
    protected: bool,
    share_org_ids: Iterable[uuid.UUID] = (),
    share_communities: Iterable[str] = (),
) -> bool:
    if actor.is_system:
        return True
    if actor.is_anonymous:
        return releasability == Releasability.PUBLIC and not protected
    if actor.org_id is not None and owner_org_id == actor.org_id:
        return True
    if protected:
        return (
            actor.active_member
            and actor.may_see_protected_of_others
            and releasability == Releasability.NAMED
            and actor.org_id in set(share_org_ids)
        )
    if releasability == Releasability.PUBLIC:
        return True
    if not actor.active_member:
        return False
    if releasability == Releasability.CMCC:
        return True
    if releasability == Releasability.COMMUNITY:
        return owner_community == actor.community
    if releasability == Releasability.NAMED:
        return actor.org_id in set(share_org_ids) or actor.community in set(share_communities)
    return False


def _grant_exists(actor: Actor, ct: Any, obj: Any, *, orgs_only: bool) -> Exists:
    from .models import Share

    who = Q(org_id=actor.org_id) if orgs_only else Q(org_id=actor.org_id) | Q(community=actor.community)
    return Exists(Share.objects.filter(who, content_type=ct, object_id=obj))


def visibility_q(
    actor: Actor,
    *,
    ct: Any,
    obj: Any,
    owner: str = "owner_org_id",
    owner_community: str = "owner_org__community",
    releasability: str = "releasability",
    protected: str = "protected",
) -> Q:
    """The query form of :func:`can_see` over the named columns."""
    if actor.is_system:
        return Q()
    public = Q(**{releasability: Releasability.PUBLIC, protected: False})
    if actor.is_anonymous:
        return public
    q: Any = public
    if actor.org_id is not None:
        q |= Q(**{owner: actor.org_id})
    if not actor.active_member:
        return q
    broadcast = (
        Q(**{releasability: Releasability.CMCC})
        | Q(**{releasability: Releasability.COMMUNITY, owner_community: actor.community})
        | (Q(**{releasability: Releasability.NAMED}) & _grant_exists(actor, ct, obj, orgs_only=False))
    )
    q |= Q(**{protected: False}) & broadcast
    if actor.may_see_protected_of_others:
        q |= Q(**{protected: True, releasability: Releasability.NAMED}) & _grant_exists(
            actor, ct, obj, orgs_only=True
        )
    return q


def _is_shared_record(model: type[models.Model]) -> bool:
    from .models import SharedRecord

    return issubclass(model, SharedRecord)


def visible(qs: QuerySet, actor: Actor, action: str = Action.VIEW) -> QuerySet:
    """Restrict ``qs`` to what ``actor`` may see (``VIEW``) or change (any other action)."""
    from .models import AuditEntry

    model = qs.model
    if action != Action.VIEW:
        if not actor.can(action):
            return qs.none()
        if actor.is_system:
            return qs
        if _is_shared_record(model):
            return qs.filter(owner_org_id=actor.org_id) if actor.active_member else qs.none()
    if model is AuditEntry:
        return _visible_audit(qs, actor)
    if _is_shared_record(model):
        ct = ContentType.objects.get_for_model(model)
        return qs.filter(visibility_q(actor, ct=ct.pk, obj=OuterRef("pk")))
    parent = getattr(model, "ACCESS_PARENT", None)
    if parent:
        parent_model = model._meta.get_field(parent).related_model
        return qs.filter(
            **{f"{parent}__in": visible(parent_model._default_manager.all(), actor).values("pk")}
        )
    policy = getattr(model, "ACCESS_POLICY", None)
    if policy == "directory":
        return _visible_directory(qs, actor)
    if policy == "people":
        return _visible_people(qs, actor)
    if policy == "public":
        return qs
    raise TypeError(f"{model.__name__} declares no access rule; add it to core.access")


def _visible_directory(qs: QuerySet, actor: Actor) -> QuerySet:
    """Organisations: members of the centre see the directory; applicants only themselves."""
    if actor.is_system or actor.is_centre_admin:
        return qs
    if actor.is_anonymous:
        return qs.none()
    own = Q(pk=actor.org_id)
    if actor.active_member:
        return qs.filter(own | Q(membership_status__in=DIRECTORY_STATUSES))
    return qs.filter(own)


def _visible_people(qs: QuerySet, actor: Actor) -> QuerySet:
    """Accounts: colleagues in one's own organisation; the centre's administrators see all."""
    if actor.is_system or actor.is_centre_admin:
        return qs
    if actor.is_anonymous:
        return qs.none()
    return qs.filter(org_id=actor.org_id)


def _visible_audit(qs: QuerySet, actor: Actor) -> QuerySet:
    """An audit entry is readable when its scope (the narrowest sharing state of the record
    across that change) is visible to the actor, and the record itself still is."""
    if actor.is_system:
        return qs
    q = visibility_q(
        actor,
        ct=OuterRef("object_ct_id"),
        obj=OuterRef("object_id"),
        owner="scope_owner_org_id",
        owner_community="scope_community",
        releasability="scope_releasability",
        protected="scope_protected",
    )
    return qs.filter(q, _audit_object_visible(actor))


def _audit_object_visible(actor: Actor) -> Q:
    from django.apps import apps

    q = Q(object_ct__isnull=True) & Q(scope_owner_org_id=actor.org_id) if actor.org_id else Q(pk__in=[])
    for model in apps.get_models():
        if not (_is_shared_record(model) or getattr(model, "ACCESS_POLICY", None)):
            continue
        ct = ContentType.objects.get_for_model(model)
        ids = visible(model._default_manager.all(), actor).values("pk")
        q |= Q(object_ct_id=ct.pk, object_id__in=ids)
    return q


# --------------------------------------------------------------------------------------------
# Checks for single records and actions.
# --------------------------------------------------------------------------------------------


def is_visible(actor: Actor, obj: models.Model) -> bool:
    return visible(type(obj)._default_manager.filter(pk=obj.pk), actor).exists()


def get_visible(qs: QuerySet, actor: Actor, pk: Any) -> Any:
    """Fetch one record through visibility; missing and forbidden both raise ``NotFound``."""
    try:
        return visible(qs, actor).get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    except Exception as exc:  # a malformed UUID surfaces as a ValidationError from the field
        if exc.__class__.__name__ == "ValidationError":
            raise NotFound() from None
        raise


def require(actor: Actor, action: str, obj: models.Model | None = None) -> None:
    """Raise unless ``actor`` may perform ``action`` (on ``obj`` when given).

    Order matters: an invisible record is ``NotFound`` before any question of rights.
    """
    if actor.is_system:
        return
    if obj is not None and obj.pk is not None and not is_visible(actor, obj):
        raise NotFound()
    if actor.is_anonymous:
        raise NotAuthenticated()
    if action not in actor.actions:
        raise PermissionDenied(f"Your role ({actor.role}) does not allow '{action}'.")
    if action != Action.VIEW and not actor.active_member:
        raise PermissionDenied("Your organisation is not an active member of the centre.")
    if (
        obj is not None
        and action == Action.EDIT
        and _is_shared_record(type(obj))
        and obj.owner_org_id != actor.org_id  # type: ignore[attr-defined]
    ):
        raise PermissionDenied("Only members of the owner organisation can change this record.")


def require_centre_admin(actor: Actor) -> None:
    if actor.is_anonymous:
        raise NotAuthenticated()
    if not actor.is_centre_admin:
        raise PermissionDenied("Only administrators of the centre's coordination staff can do this.")


def ensure_visible_after_write(actor: Actor, obj: models.Model) -> None:
    """Re-check inside the transaction that the actor still sees what it just wrote."""
    if not is_visible(actor, obj):
        raise PermissionDenied("This change would hide the record from your own organisation.")


def actor_for_org_view(org: Any) -> Actor:
    """A stand-in for 'any member of ``org``': used to check what an organisation would see."""
    return Actor(
        kind="user",
        name=org.name,
        org_id=org.pk,
        org_name=org.name,
        community=org.community,
        role=Role.VIEWER,
        actions=frozenset({Action.VIEW}),
        active_member=org.membership_status == ACTIVE,
    )
