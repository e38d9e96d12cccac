"""Writes for partners: organisations, onboarding, membership timeline, contacts, registrations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone

from cmcc.core import access, audit, sharing
from cmcc.core.access import Action, Actor
from cmcc.core.choices import Community, Releasability
from cmcc.core.errors import Conflict, ValidationFailed

from . import rules
from .models import (
    Capability,
    Contact,
    MembershipChange,
    MembershipStatus,
    Organisation,
    OrgCapability,
    OrgType,
    Registration,
    RegistrationStatus,
    SharingTerms,
    TermsAcceptance,
)


def _clean(obj, exclude: Iterable[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except DjangoValidationError as exc:
        raise ValidationFailed.from_django(exc) from None


def _check_choices(**values: tuple[str, Iterable[str]]) -> None:
    errors = {
        field: f"'{value}' is not one of: {', '.join(allowed)}."
        for field, (value, allowed) in values.items()
        if value not in allowed
    }
    if errors:
        raise ValidationFailed(errors)


def _set_capabilities(org: Organisation, codes: Iterable[str]) -> None:
    codes = sorted(set(codes))
    bad = [c for c in codes if c not in Capability.values]
    if bad:
        raise ValidationFailed({"capabilities": f"Unknown capability: {', '.join(bad)}."})
    org.capabilities.exclude(code__in=codes).delete()
    have = set(org.capabilities.values_list("code", flat=True))
    OrgCapability.objects.bulk_create([OrgCapability(org=org, code=c) for c in codes if c not in have])


def _change(org: Organisation, status: str, on: dt.date, reason: str = "") -> None:
    org.membership_status = status
    org.save(update_fields=["membership_status", "updated_at"])
    MembershipChange.objects.create(org=org, status=status, effective_on=on, reason=reason)


def _new_org(
    *,
    slug: str,
    name: str,
    type: str,
    community: str,
    country: str,
    short_name: str,
    description: str,
    website: str,
) -> Organisation:
    _check_choices(type=(type, OrgType.values), community=(community, Community.values))
    if Organisation.objects.filter(slug=slug).exists():
        raise Conflict(f"An organisation with slug '{slug}' already exists.")
    org = Organisation(
        slug=slug,
        name=name.strip(),
        type=type,
        community=community,
        country=(country or "").upper(),
        short_name=short_name,
        description=description,
        website=website,
    )
    _clean(org)
    return org


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    slug: str,
    name: str,
    type: str,
    community: str,
    country: str = "",
    short_name: str = "",
    description: str = "",
    website: str = "",
    capabilities: Iterable[str] = (),
    joined_on: dt.date | None = None,
) -> Organisation:
    """The centre admits a member directly (the operator's ``cmcc org create``)."""
    access.require_centre_admin(actor)
    org = _new_org(
        slug=slug,
        name=name,
        type=type,
        community=community,
        country=country,
        short_name=short_name,
        description=description,
        website=website,
    )
    org.membership_status = MembershipStatus.ACTIVE
    org.save()
    _set_capabilities(org, capabilities)
    MembershipChange.objects.create(
        org=org,
        status=MembershipStatus.ACTIVE,
        effective_on=joined_on or timezone.localdate(),
        reason="Admitted directly by the centre",
    )
    audit.record(actor=actor, action="partners.organisation.created", obj=org)
    return org


@transaction.atomic
def organisation_apply(
    *,
    actor: Actor,
    slug: str,
    name: str,
    type: str,
    community: str,
    contact_name: str,
    contact_email: str,
    accepts_terms: bool,
    country: str = "",
    description: str = "",
    website: str = "",
    capabilities: Iterable[str] = (),
    applied_on: dt.date | None = None,
) -> Organisation:
    """An organisation applies to join; anyone may apply. The current data-sharing terms must be
    accepted by a named person."""
    terms = current_terms()
    errors: dict[str, str] = {}
    if not accepts_terms:
        errors["accepts_terms"] = "The data-sharing terms must be accepted to apply."
    if not contact_name.strip():
        errors["contact_name"] = "Name the person applying on the organisation's behalf."
    if terms is None:
        errors["accepts_terms"] = "The centre has not published data-sharing terms yet."
    if errors or terms is None:
        raise ValidationFailed(errors)
    org = _new_org(
        slug=slug,
        name=name,
        type=type,
        community=community,
        country=country,
        short_name="",
        description=description,
        website=website,
    )
    org.membership_status = MembershipStatus.APPLIED
    org.save()
    _set_capabilities(org, capabilities)
    on = applied_on or timezone.localdate()
    MembershipChange.objects.create(
        org=org, status=MembershipStatus.APPLIED, effective_on=on, reason="Application"
    )
    TermsAcceptance.objects.create(org=org, terms=terms, accepted_by=contact_name.strip())
    contact = Contact(
        org=org,
        owner_org=org,
        name=contact_name.strip(),
        email=contact_email,
        title="Applicant",
        releasability=Releasability.ORG,
    )
    _clean(contact)
    contact.save()
    audit.record(
        actor=actor, action="partners.organisation.applied", obj=org, message=f"terms v{terms.version}"
    )
    return org


@transaction.atomic
def organisation_transition(
    *, actor: Actor, org: Organisation, event: str, reason: str = "", on: dt.date | None = None
) -> Organisation:
    """Move an organisation through onboarding and membership (review, approve, suspend, …)."""
    access.require_centre_admin(actor)
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    new_status = rules.MEMBERSHIP.next(org.membership_status, event)
    if event in rules.REASON_REQUIRED and not reason.strip():
        raise ValidationFailed({"reason": f"A reason is required to {event.replace('_', ' ')}."})
    if event == rules.Event.APPROVE:
        terms = current_terms()
        if terms is None or not org.terms_acceptances.filter(terms=terms).exists():
            raise Conflict("The organisation has not accepted the current data-sharing terms.")
    before = audit.snapshot(org)
    _change(org, new_status, on or timezone.localdate(), reason)
    audit.record(actor=actor, action=f"partners.organisation.{event}", obj=org, before=before, message=reason)
    return org


@transaction.atomic
def organisation_update(
    *, actor: Actor, org: Organisation, capabilities: Iterable[str] | None = None, **fields
) -> Organisation:
    """Edit an organisation's profile: its own administrators or the centre's."""
    if not (actor.is_centre_admin or (actor.org_id == org.pk and actor.can(Action.ADMINISTER))):
        access.require(actor, Action.VIEW, org)
        raise access.PermissionDenied("Only the organisation's administrators or the centre can edit it.")
    allowed = {"name", "short_name", "country", "description", "website"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationFailed(dict.fromkeys(unknown, "This field cannot be changed here."))
    before = audit.snapshot(org)
    for key, value in fields.items():
        setattr(org, key, value.upper() if key == "country" else value)
    _clean(org)
    org.save()
    if capabilities is not None:
        _set_capabilities(org, capabilities)
    audit.record(actor=actor, action="partners.organisation.updated", obj=org, before=before)
    return org


@transaction.atomic
def terms_accept(*, actor: Actor, org: Organisation, accepted_by: str) -> TermsAcceptance:
    terms = current_terms()
    if terms is None:
        raise Conflict("The centre has not published data-sharing terms yet.")
    if not (actor.is_centre_admin or (actor.org_id == org.pk and actor.can(Action.ADMINISTER))):
        raise access.PermissionDenied("Only the organisation's administrators can accept terms for it.")
    acceptance, created = TermsAcceptance.objects.get_or_create(
        org=org, terms=terms, defaults={"accepted_by": accepted_by}
    )
    if created:
        audit.record(
            actor=actor,
            action="partners.terms.accepted",
            obj=org,
            message=f"v{terms.version} by {accepted_by}",
        )
    return acceptance


@transaction.atomic
def terms_publish(
    *, actor: Actor, version: str, title: str, text: str, effective_on: dt.date
) -> SharingTerms:
    access.require_centre_admin(actor)
    if SharingTerms.objects.filter(version=version).exists():
        raise Conflict(f"Terms version {version} already exists; publish a new version.")
    terms = SharingTerms(version=version, title=title, text=text, effective_on=effective_on)
    _clean(terms)
    terms.save()
    audit.record(actor=actor, action="partners.terms.published", obj=terms)
    return terms


def current_terms(on: dt.date | None = None) -> SharingTerms | None:
    return (
        SharingTerms.objects.filter(effective_on__lte=on or timezone.localdate())
        .order_by("-effective_on")
        .first()
    )


# -- contacts and registrations (shareable records) --------------------------------------------


@transaction.atomic
def contact_create(
    *,
    actor: Actor,
    org: Organisation,
    name: str,
    title: str = "",
    email: str = "",
    phone: str = "",
    languages: str = "",
    is_liaison_officer: bool = False,
    releasability: str = Releasability.CMCC,
    shared_with: Iterable[str] = (),
    protected: bool = False,
) -> Contact:
    access.require(actor, Action.CREATE)
    if not actor.is_system and actor.org_id != org.pk:
        raise access.PermissionDenied("Contacts are recorded by their own organisation.")
    contact = Contact(
        org=org,
        owner_org=org,
        name=name,
        title=title,
        email=email,
        phone=phone,
        languages=languages,
        is_liaison_officer=is_liaison_officer,
    )
    sharing.apply_sharing(contact, releasability=releasability, protected=protected, shared_with=shared_with)
    _clean(contact)
    contact.save()
    sharing.save_shares(contact)
    access.ensure_visible_after_write(actor, contact)
    audit.record(actor=actor, action="partners.contact.created", obj=contact)
    return contact


@transaction.atomic
def registration_record(
    *,
    actor: Actor,
    org: Organisation,
    status: str,
    authority: Organisation | None = None,
    authority_name: str = "",
    reference: str = "",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    decision_reason: str = "",
    source: str = "",
    releasability: str = Releasability.CMCC,
    shared_with: Iterable[str] = (),
    protected: bool = False,
) -> Registration:
    """Record an organisation's registration status with an authority (who may deliver)."""
    access.require(actor, Action.CREATE)
    _check_choices(status=(status, RegistrationStatus.values))
    if authority is None and not authority_name.strip():
        raise ValidationFailed({"authority": "Name the registering authority."})
    owner_id = org.pk if actor.is_system or actor.org_id is None else actor.org_id
    reg = Registration(
        org=org,
        owner_org_id=owner_id,
        authority=authority,
        authority_name=authority_name,
        status=status,
        reference=reference,
        valid_from=valid_from,
        valid_until=valid_until,
        decision_reason=decision_reason,
        source=source,
    )
    sharing.apply_sharing(reg, releasability=releasability, protected=protected, shared_with=shared_with)
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationFailed({"valid_until": "Must not be before valid_from."})
    _clean(reg)
    reg.save()
    sharing.save_shares(reg)
    access.ensure_visible_after_write(actor, reg)
    audit.record(actor=actor, action="partners.registration.recorded", obj=reg)
    return reg
