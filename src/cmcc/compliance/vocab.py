"""Vocabularies of ceasefire compliance (BRIEF §5.5, domain research §3.6 and §4): categories,
ACLED precision codes, observation modes, source types, the Admiralty scale, verification states,
determinations and attributions. Codes are stable; labels are translatable."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    FIRE_ACROSS_LINE = "fire_across_line", _("Fire or strike across the line")
    INCURSION = "incursion", _("Incursion or crossing of the line")
    ARMED_PRESENCE = "armed_presence", _("Armed presence in a restricted zone")
    ATTACK_ON_CIVILIANS = "attack_on_civilians", _("Attack on civilians")
    ATTACK_ON_HUMANITARIAN = (
        "attack_on_humanitarian",
        _("Attack on or obstruction of humanitarian operations"),
    )
    LOOTING = "looting", _("Looting or interception of aid")
    DETENTION = "detention", _("Detention or abduction")
    DEMOLITION = "demolition", _("Demolition or destruction of property")
    MISSED_COMMITMENT = "missed_commitment", _("Missed commitment")
    RESTRICTION_OF_MONITORS = "restriction_of_monitors", _("Restriction of monitors")
    UXO = "uxo", _("Unexploded ordnance or mines")
    LIVE_FIRE_EXERCISE = "live_fire_exercise", _("Live-fire exercise (not a violation)")
    OTHER = "other", _("Other")


class TimePrecision(models.IntegerChoices):
    """ACLED ``time_precision``: how well the date is known."""

    DAY = 1, _("1 — the day is known")
    WEEK = 2, _("2 — within a week")
    MONTH = 3, _("3 — within a month")


class GeoPrecision(models.IntegerChoices):
    """ACLED ``geo_precision``: how well the place is known."""

    POINT = 1, _("1 — the spot or the town")
    NEAR = 2, _("2 — near a town, or part of a region")
    REGION = 3, _("3 — only the governorate or a larger region")


class ObservationMode(models.TextChoices):
    SEEN = "seen", _("Seen")
    HEARD = "heard", _("Heard")
    IMAGERY = "imagery", _("Imagery")
    SENSOR = "sensor", _("Sensor")
    SECOND_HAND = "second_hand", _("Second-hand")


class SourceType(models.TextChoices):
    PARTY = "party", _("Party to the ceasefire")
    PUBLIC = "public", _("Member of the public")
    NGO = "ngo", _("NGO")
    UN = "un", _("UN agency or Red Cross/Crescent")
    MEDIA = "media", _("Media")
    OWN_OBSERVATION = "own_observation", _("The centre's own observation")
    MILITARY = "military", _("Military delegation")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    API = "api", _("API")
    FILE = "file", _("Bulk file")
    KOBO = "kobo", _("KoBo/ODK export")


class Reliability(models.TextChoices):
    """Admiralty (NATO) source reliability."""

    A = "A", _("A — completely reliable")
    B = "B", _("B — usually reliable")
    C = "C", _("C — fairly reliable")
    D = "D", _("D — not usually reliable")
    E = "E", _("E — unreliable")
    F = "F", _("F — reliability cannot be judged")


class Credibility(models.IntegerChoices):
    """Admiralty (NATO) information credibility, graded per report."""

    CONFIRMED = 1, _("1 — confirmed by independent sources")
    PROBABLE = 2, _("2 — probably true")
    POSSIBLE = 3, _("3 — possibly true")
    DOUBTFUL = 4, _("4 — doubtful")
    IMPROBABLE = 5, _("5 — improbable")
    UNKNOWN = 6, _("6 — truth cannot be judged")


class CasualtyKind(models.TextChoices):
    KILLED = "killed", _("Killed")
    INJURED = "injured", _("Injured")
    DETAINED = "detained", _("Detained")
    MISSING = "missing", _("Missing")


class Population(models.TextChoices):
    CIVILIAN = "civilian", _("Civilians")
    AID_WORKER = "aid_worker", _("Aid workers")
    COMBATANT = "combatant", _("Combatants")
    UNKNOWN = "unknown", _("Unknown")


class ActorType(models.IntegerChoices):
    """ACLED ``inter`` codes, for the alleged perpetrator and victim (interoperability)."""

    STATE = 1, _("1 — state forces")
    REBEL = 2, _("2 — rebel group")
    POLITICAL_MILITIA = 3, _("3 — political militia")
    IDENTITY_MILITIA = 4, _("4 — identity militia")
    RIOTERS = 5, _("5 — rioters")
    PROTESTERS = 6, _("6 — protesters")
    CIVILIANS = 7, _("7 — civilians")
    EXTERNAL = 8, _("8 — external or other forces")


class Status(models.TextChoices):
    """Verification stages of an incident (domain research §3.6)."""

    RECEIVED = "received", _("Received")
    TRIAGED = "triaged", _("Triaged")
    PRELIMINARY_REVIEW = "preliminary_review", _("Preliminary review")
    TASKED = "tasked", _("Tasked")
    FINDINGS_DRAFTED = "findings_drafted", _("Findings drafted")
    REVIEWED = "reviewed", _("Reviewed")
    PARTIES_CONSULTED = "parties_consulted", _("Parties consulted")
    DETERMINED = "determined", _("Determined")
    ESCALATED = "escalated", _("Escalated")
    PUBLISHED = "published", _("Published")
    FOLLOW_UP = "follow_up", _("Follow-up")
    MERGED = "merged", _("Merged into another incident")


class Determination(models.TextChoices):
    NONE = "", _("Not determined")
    SUBSTANTIATED = "substantiated", _("Substantiated")
    NOT_SUBSTANTIATED = "not_substantiated", _("Not substantiated")
    INCONCLUSIVE = "inconclusive", _("Inconclusive")
    OUTSIDE_MANDATE = "outside_mandate", _("Outside mandate")


class Attribution(models.TextChoices):
    NONE = "", _("Not assessed")
    ATTRIBUTED = "attributed", _("Attributed")
    NOT_ATTRIBUTED = "not_attributed", _("Not attributed")
    DISPUTED = "disputed", _("Disputed")


class LinkMethod(models.TextChoices):
    ENGINE = "engine", _("Correlation engine")
    ANALYST = "analyst", _("Analyst")


class ConstraintKind(models.TextChoices):
    MUST_LINK = "must_link", _("Same incident")
    CANNOT_LINK = "cannot_link", _("Different incidents")


class EvidenceKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")


class Integrity(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked yet")
    INTACT = "intact", _("Intact")
    TAMPERED = "tampered", _("Does not match its hash")
    MISSING = "missing", _("File missing")


class CustodyAction(models.TextChoices):
    COLLECTED = "collected", _("Collected")
    UPLOADED = "uploaded", _("Uploaded (original stored)")
    LINKED = "linked", _("Linked")
    COPIED = "copied", _("Working copy made")
    DERIVED = "derived", _("Created as a working copy")
    TRANSFERRED = "transferred", _("Transferred")
    ACCESSED = "accessed", _("Original downloaded")
    VERIFIED = "verified", _("Integrity verified")
    TAMPER_DETECTED = "tamper_detected", _("Integrity check failed")
    NOTE = "note", _("Note")


class ThreadStatus(models.TextChoices):
    OPEN = "open", _("Awaiting reply")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Side(models.TextChoices):
    CENTRE = "centre", _("Centre")
    PARTY = "party", _("Party")
