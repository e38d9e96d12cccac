"""Partners API: the directory, onboarding, contacts, registrations, participation."""

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from cmcc.core.access import ANONYMOUS
from cmcc.core.api_base import Page, RecordOut, SharingIn, actor_of, prepare_records, referenced, require_user
from cmcc.core.choices import Community, Releasability
from cmcc.core.errors import ValidationFailed

from . import selectors, services
from .models import Capability, MembershipStatus, OrgType, RegistrationStatus

router = Router(tags=["partners"])

Slug = Field(
    ..., pattern=r"^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$", description="3–50 lowercase letters, digits, hyphens"
)


class OrganisationOut(Schema):
    id: uuid.UUID
    slug: str
    name: str
    short_name: str
    type: OrgType
    community: Community
    country: str
    description: str
    website: str
    membership_status: MembershipStatus
    capabilities: list[str]

    @staticmethod
    def resolve_capabilities(obj) -> list[str]:
        return sorted(c.code for c in obj.capabilities.all())


class OrganisationIn(Schema):
    slug: str = Slug
    name: str = Field(..., min_length=2, max_length=200)
    type: OrgType
    community: Community
    country: str = Field("", pattern=r"^([A-Za-z]{2})?$", description="ISO 3166 alpha-2")
    short_name: str = Field("", max_length=40)
    description: str = ""
    website: str = ""
    capabilities: list[Capability] = Field(default_factory=list)
    joined_on: dt.date | None = None


class OrganisationFilter(FilterSchema):
    community: Community | None = None
    type: OrgType | None = None
    status: MembershipStatus | None = None
    country: str | None = None
    capability: Capability | None = None
    q: str | None = Field(None, description="Search in name, short name and slug")


@router.get("/organisations", response=list[OrganisationOut], summary="The partner directory")
@paginate(Page)
def organisation_list(request: HttpRequest, filters: Query[OrganisationFilter]):
    return selectors.organisation_list(actor=actor_of(request), **filters.model_dump())


@router.post(
    "/organisations", response={201: OrganisationOut}, summary="Admit a member organisation (centre admins)"
)
def organisation_create(request: HttpRequest, payload: OrganisationIn):
    org = services.organisation_create(actor=require_user(request), **payload.model_dump())
    return Status(201, org)


@router.get("/organisations/{org_id}", response=OrganisationOut, summary="One organisation")
def organisation_get(request: HttpRequest, org_id: uuid.UUID):
    return selectors.organisation_get(actor=actor_of(request), org_id=org_id)


class ApplicationIn(Schema):
    slug: str = Slug
    name: str = Field(..., min_length=2, max_length=200)
    type: OrgType
    community: Community
    country: str = Field("", pattern=r"^([A-Za-z]{2})?$")
    description: str = ""
    website: str = ""
    capabilities: list[Capability] = Field(default_factory=list)
    contact_name: str = Field(..., min_length=2, max_length=200)
    contact_email: str = Field(..., pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    accepts_terms: bool


class ApplicationOut(Schema):
    id: uuid.UUID
    slug: str
    membership_status: MembershipStatus


@router.post(
    "/applications",
    auth=None,
    response={201: ApplicationOut},
    summary="Apply to join the centre (no sign-in needed)",
)
def application_create(request: HttpRequest, payload: ApplicationIn):
    org = services.organisation_apply(actor=ANONYMOUS, **payload.model_dump())
    return Status(201, org)


class TransitionIn(Schema):
    event: str = Field(..., description="start_review, approve, decline, suspend, reinstate, leave, reapply")
    reason: str = ""
    on: dt.date | None = None


@router.post(
    "/organisations/{org_id}/membership",
    response=OrganisationOut,
    summary="Move an organisation through onboarding and membership (centre admins)",
)
def organisation_transition(request: HttpRequest, org_id: uuid.UUID, payload: TransitionIn):
    actor = require_user(request)
    org = selectors.organisation_get(actor=actor, org_id=org_id)
    return services.organisation_transition(actor=actor, org=org, **payload.model_dump())


class MembershipChangeOut(Schema):
    status: MembershipStatus
    effective_on: dt.date
    reason: str


@router.get(
    "/organisations/{org_id}/membership", response=list[MembershipChangeOut], summary="Membership timeline"
)
def organisation_timeline(request: HttpRequest, org_id: uuid.UUID):
    actor = actor_of(request)
    org = selectors.organisation_get(actor=actor, org_id=org_id)
    return list(selectors.membership_timeline(actor=actor, org=org))


class ParticipationOut(Schema):
    days: list[dt.date]
    series: dict[str, list[int]]


@router.get("/participation", response=ParticipationOut, summary="Active members per community per day")
def participation(request: HttpRequest, start: dt.date | None = None, end: dt.date | None = None):
    if start and end and start > end:
        raise ValidationFailed({"start": "Must not be after end."})
    return selectors.participation(actor=actor_of(request), start=start, end=end)


# -- contacts ----------------------------------------------------------------------------------


class ContactOut(RecordOut):
    org_id: uuid.UUID
    name: str
    title: str
    email: str
    phone: str
    languages: str
    is_liaison_officer: bool


class ContactIn(SharingIn):
    name: str = Field(..., min_length=2, max_length=200)
    title: str = ""
    email: str = ""
    phone: str = ""
    languages: str = ""
    is_liaison_officer: bool = False
    releasability: Releasability = Releasability.CMCC


@router.get(
    "/organisations/{org_id}/contacts", response=list[ContactOut], summary="Contacts and liaison officers"
)
def contact_list(request: HttpRequest, org_id: uuid.UUID):
    actor = actor_of(request)
    org = selectors.organisation_get(actor=actor, org_id=org_id)
    return prepare_records(list(selectors.contact_list(actor=actor, org=org)), request)


@router.post(
    "/organisations/{org_id}/contacts", response={201: ContactOut}, summary="Add a contact (own organisation)"
)
def contact_create(request: HttpRequest, org_id: uuid.UUID, payload: ContactIn):
    actor = require_user(request)
    org = selectors.organisation_get(actor=actor, org_id=org_id)
    return Status(201, services.contact_create(actor=actor, org=org, **payload.model_dump()))


# -- registrations -----------------------------------------------------------------------------


class RegistrationOut(RecordOut):
    org_id: uuid.UUID
    authority_id: uuid.UUID | None
    authority_name: str
    status: RegistrationStatus
    effective_status: str
    reference: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    decision_reason: str
    source: str

    @staticmethod
    def resolve_effective_status(obj) -> str:
        return obj.effective_status()


class RegistrationIn(SharingIn):
    org_id: uuid.UUID
    authority_id: uuid.UUID | None = None
    authority_name: str = ""
    status: RegistrationStatus
    reference: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    decision_reason: str = ""
    source: str = ""
    releasability: Releasability = Releasability.CMCC


class RegistrationFilter(FilterSchema):
    org_id: uuid.UUID | None = None
    status: RegistrationStatus | None = None
    expiring_within_days: int | None = Field(None, ge=0, le=3650)


@router.get(
    "/registrations", response=list[RegistrationOut], summary="Registrations and eligibility per authority"
)
@paginate(Page)
def registration_list(request: HttpRequest, filters: Query[RegistrationFilter]):
    actor = actor_of(request)
    data = filters.model_dump()
    org_id = data.pop("org_id")
    org = selectors.organisation_get(actor=actor, org_id=org_id) if org_id else None
    return selectors.registration_list(actor=actor, org=org, **data)


@router.post("/registrations", response={201: RegistrationOut}, summary="Record a registration")
def registration_create(request: HttpRequest, payload: RegistrationIn):
    actor = require_user(request)
    data = payload.model_dump()
    org = referenced("org_id", selectors.organisation_get, actor=actor, org_id=data.pop("org_id"))
    authority_id = data.pop("authority_id")
    authority = None
    if authority_id:
        authority = referenced("authority_id", selectors.organisation_get, actor=actor, org_id=authority_id)
    return Status(201, services.registration_record(actor=actor, org=org, authority=authority, **data))
