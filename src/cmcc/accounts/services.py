"""Writes for accounts: people, API tokens, sign-in throttling. Passwords are never logged."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone

from cmcc.core import access, audit
from cmcc.core.access import GRANTABLE_ACTIONS, Actor, Role
from cmcc.core.errors import Conflict, ValidationFailed

from .models import ApiToken, LoginFailure, User

TOKEN_PREFIX = "cmcc_"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    org,
    role: str,
    password: str | None = None,
    full_name: str = "",
    email: str = "",
    extra_actions: list[str] | None = None,
) -> User:
    """Create a person in ``org``. The centre's administrators create anyone; an organisation's
    administrators create people in their own organisation."""
    if not (actor.is_centre_admin or (actor.can(access.Action.ADMINISTER) and actor.org_id == org.pk)):
        access.require_centre_admin(actor)
    errors: dict[str, str] = {}
    if role not in Role.values:
        errors["role"] = f"Must be one of: {', '.join(Role.values)}."
    bad = sorted(set(extra_actions or []) - {a.value for a in GRANTABLE_ACTIONS})
    if bad:
        errors["extra_actions"] = (
            f"Only {', '.join(sorted(GRANTABLE_ACTIONS))} can be granted; not {', '.join(bad)}."
        )
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(f"A user named '{username}' already exists.")
    user = User(
        username=username,
        org=org,
        role=role,
        full_name=full_name,
        email=email,
        extra_actions=sorted(set(extra_actions or [])),
    )
    if password is not None:
        try:
            validate_password(password, user)
        except DjangoValidationError as exc:
            errors["password"] = " ".join(exc.messages)
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except DjangoValidationError as exc:
        errors.update({k: " ".join(v) for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationFailed(errors)
    user.save()
    audit.record(actor=actor, action="accounts.user.created", obj=user, message=f"role {role}")
    return user


@transaction.atomic
def user_set_password(*, actor: Actor, user: User, password: str) -> User:
    if not (actor.is_system or actor.user_id == user.pk):
        access.require_centre_admin(actor)
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed({"password": " ".join(exc.messages)}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor=actor, action="accounts.user.password_changed", obj=user, before=None, after=None)
    return user


@transaction.atomic
def token_create(*, actor: Actor, user: User, name: str = "API token") -> tuple[ApiToken, str]:
    """Create a personal token; the clear token is returned once and only its hash is kept."""
    if not (actor.is_system or actor.user_id == user.pk):
        raise access.PermissionDenied("Only the account holder can create their own API tokens.")
    if not user.is_active:
        raise ValidationFailed({"username": "This account is disabled."})
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100] or "API token", prefix=clear[:12], key_hash=_hash_token(clear)
    )
    audit.record(actor=actor, action="accounts.token.created", obj=token, message=token.name)
    return token, clear


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if not (actor.is_system or actor.user_id == token.user_id):
        raise access.NotFound()
    if token.revoked_at is None:
        before = audit.snapshot(token)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="accounts.token.revoked", obj=token, before=before)
    return token


def token_authenticate(*, token: str) -> User | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = (
        ApiToken.objects.select_related("user", "user__org")
        .filter(key_hash=_hash_token(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)  # usage stamp, not a change of record
    return row.user


# -- sign-in throttling ------------------------------------------------------------------------


def login_blocked(*, username: str, address: str) -> bool:
    since = timezone.now() - dt.timedelta(seconds=settings.CMCC_LOGIN_WINDOW_SECONDS)
    limit = settings.CMCC_LOGIN_MAX_FAILURES
    recent = LoginFailure.objects.filter(at__gte=since)
    return recent.filter(username__iexact=username).count() >= limit or (
        bool(address) and recent.filter(address=address).count() >= limit * 4
    )


def login_failed(*, username: str, address: str) -> None:
    LoginFailure.objects.create(username=username[:150], address=address[:64], at=timezone.now())


def login_succeeded(*, user: User) -> None:
    LoginFailure.objects.filter(username__iexact=user.username).delete()
