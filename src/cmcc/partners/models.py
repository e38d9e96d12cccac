"""Organisations, their membership of the centre over time, onboarding, registrations."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmcc.core.choices import Community, Releasability
from cmcc.core.models import BaseModel, SharedRecord


class OrgType(models.TextChoices):
    DELEGATION = "delegation", _("State delegation")
    MILITARY = "military", _("Military")
    UN_AGENCY = "un_agency", _("UN agency")
    INGO = "ingo", _("International NGO")
    NNGO = "nngo", _("National NGO")
    RED_CROSS = "red_cross", _("Red Cross / Red Crescent")
    PARTY_AUTHORITY = "party_authority", _("Party authority")
    DONOR = "donor", _("Donor")
    PRIVATE = "private", _("Private sector")


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    IN_REVIEW = "in_review", _("In review")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    LEFT = "left", _("Left")
    DECLINED = "declined", _("Declined")


class Capability(models.TextChoices):
    LOGISTICS = "logistics", _("Logistics and transport")
    WAREHOUSING = "warehousing", _("Warehousing")
    FOOD = "food", _("Food assistance")
    NUTRITION = "nutrition", _("Nutrition")
    HEALTH = "health", _("Health and medical")
    WASH = "wash", _("Water, sanitation and hygiene")
    SHELTER = "shelter", _("Shelter and non-food items")
    PROTECTION = "protection", _("Protection")
    EDUCATION = "education", _("Education")
    FUEL = "fuel", _("Fuel supply")
    TELECOM = "telecom", _("Emergency telecommunications")
    ENGINEERING = "engineering", _("Engineering and repair")
    SEARCH_RECOVERY = "search_recovery", _("Search and recovery")
    UXO = "uxo", _("Explosive ordnance disposal")
    MEDEVAC = "medevac", _("Medical evacuation")
    SECURITY = "security", _("Security")
    POLICE_TRAINING = "police_training", _("Police training")
    MONITORING = "monitoring", _("Monitoring and verification")
    FUNDING = "funding", _("Funding")
    TRANSLATION = "translation", _("Interpretation and translation")


slug_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$",
    _("Use 3–50 lowercase letters, digits and hyphens, not starting or ending with a hyphen."),
)
country_validator = RegexValidator(r"^[A-Z]{2}$", _("Use a two-letter ISO 3166 country code, e.g. NO."))


class Organisation(BaseModel):
    """A partner of the centre. Its community decides what it may see (BRIEF §4)."""

    ACCESS_POLICY = "directory"

    slug = models.CharField(max_length=50, unique=True, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True, default="")
    type = models.CharField(_("type"), max_length=20, choices=OrgType.choices)
    community = models.CharField(_("community"), max_length=16, choices=Community.choices)
    country = models.CharField(
        _("country"), max_length=2, blank=True, default="", validators=[country_validator]
    )
    description = models.TextField(_("description"), blank=True, default="")
    website = models.URLField(_("website"), blank=True, default="")
    membership_status = models.CharField(
        _("membership"), max_length=16, choices=MembershipStatus.choices, default=MembershipStatus.APPLIED
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["community", "membership_status"], name="partners_org_comm_status")]

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple:
        """Changes to an organisation are visible to every member of the centre."""
        return (self.pk, self.community, Releasability.CMCC)


class OrgCapability(BaseModel):
    ACCESS_PARENT = "org"

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="capabilities")
    code = models.CharField(max_length=30, choices=Capability.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "code"], name="partners_capability_unique")]
        ordering = ["code"]

    def __str__(self) -> str:
        return self.get_code_display()


class MembershipChange(BaseModel):
    """One dated step of an organisation's membership: the timeline behind the participation chart."""

    ACCESS_PARENT = "org"

    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="membership_changes")
    status = models.CharField(max_length=16, choices=MembershipStatus.choices)
    effective_on = models.DateField()
    reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["effective_on", "created_at"]
        indexes = [models.Index(fields=["effective_on"], name="partners_change_date")]

    def __str__(self) -> str:
        return f"{self.org} {self.status} {self.effective_on}"


class Contact(SharedRecord):
    """A contact or liaison officer of an organisation; personal data, released like any record."""

    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("function"), max_length=200, blank=True, default="")
    email = models.EmailField(_("e-mail"), blank=True, default="")
    phone = models.CharField(_("phone"), max_length=40, blank=True, default="")
    languages = models.CharField(_("languages"), max_length=100, blank=True, default="")
    is_liaison_officer = models.BooleanField(_("liaison officer"), default=False)

    class Meta(SharedRecord.Meta):
        ordering = ["-is_liaison_officer", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.org})"


class SharingTerms(BaseModel):
    """A version of the data-sharing agreement every member accepts before becoming active."""

    ACCESS_POLICY = "public"

    version = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    text = models.TextField()
    effective_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["-effective_on", "-version"]
        verbose_name_plural = "sharing terms"

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class TermsAcceptance(BaseModel):
    ACCESS_PARENT = "org"

    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="terms_acceptances")
    terms = models.ForeignKey(SharingTerms, on_delete=models.PROTECT, related_name="acceptances")
    accepted_by = models.CharField(max_length=200)
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "terms"], name="partners_terms_once")]

    def __str__(self) -> str:
        return f"{self.org} accepted {self.terms}"


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    REGISTERED = "registered", _("Registered")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


class Registration(SharedRecord):
    """An organisation's registration or eligibility with an authority (it decides who may deliver)."""

    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="registrations")
    authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="registrations_granted", null=True, blank=True
    )
    authority_name = models.CharField(max_length=200, blank=True, default="")
    status = models.CharField(max_length=16, choices=RegistrationStatus.choices)
    reference = models.CharField(max_length=100, blank=True, default="")
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, default="")
    source = models.CharField(max_length=300, blank=True, default="")

    class Meta(SharedRecord.Meta):
        ordering = ["org__name", "-valid_from"]
        constraints = [
            *SharedRecord.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="partners_registration_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} with {self.authority or self.authority_name}"

    def effective_status(self, on=None) -> str:
        on = on or timezone.localdate()
        if self.status == RegistrationStatus.REGISTERED and self.valid_until and self.valid_until < on:
            return "expired"
        return self.status
