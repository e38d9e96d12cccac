"""Reads for accounts, through the access module."""

from __future__ import annotations

from django.db.models import QuerySet

from cmcc.core import access
from cmcc.core.access import Actor

from .models import ApiToken, User


def user_list(*, actor: Actor) -> QuerySet[User]:
    return access.visible(User.objects.select_related("org"), actor).order_by("username")


def user_by_username(username: str) -> User | None:
    """Operator lookup for the command line (the system actor sees every account)."""
    return User.objects.select_related("org").filter(username=username).first()


def tokens_of(*, actor: Actor) -> QuerySet[ApiToken]:
    if actor.user_id is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=actor.user_id).order_by("-created_at")


def token_get(*, actor: Actor, token_id) -> ApiToken:
    return access.get_visible(tokens_of(actor=actor), actor, token_id)


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, organisation, what they do) for the demo users; empty unless this is a demo."""
    from cmcc.core.scenario import DEMO_ROLES
    from cmcc.core.selectors import is_demo_instance

    if not is_demo_instance():
        return []
    users = {u.username: u for u in User.objects.select_related("org").filter(username__in=list(DEMO_ROLES))}
    rows = []
    for name, label in DEMO_ROLES.items():
        user = users.get(name)
        if user is not None and user.org is not None:
            rows.append((name, user.org.name, label))
    return rows
