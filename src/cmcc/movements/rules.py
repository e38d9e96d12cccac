"""Pure rules of movements: the notification workflow, notice periods, site expiry states, the
summary of party decisions, the constraint taxonomy and the sources of every vocabulary. No ORM."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from cmcc.core.workflow import Workflow

from .models import (
    ConstraintCategory,
    ConstraintDetail,
    DecisionKind,
    ImpededResult,
    MovementStatus,
    Outcome,
    Purpose,
    Sector,
    SiteFunction,
    ZoneKind,
)


class Event:
    SUBMIT = "submit"
    RECORD_OUTCOME = "record_outcome"


NOTIFICATION = Workflow(
    {
        (MovementStatus.DRAFT, Event.SUBMIT): MovementStatus.SUBMITTED,
        (MovementStatus.SUBMITTED, Event.RECORD_OUTCOME): MovementStatus.CLOSED,
        (MovementStatus.CLOSED, Event.RECORD_OUTCOME): MovementStatus.CLOSED,  # a correction
    }
)

# Outcomes after which the movement did not (or will not) take place: it no longer conflicts with others.
NOT_TAKING_PLACE = frozenset({Outcome.DENIED, Outcome.CANCELLED, Outcome.POSTPONED})


# -- notice ------------------------------------------------------------------------------------


def notice_hours_required(emergency: bool, *, normal: int, emergency_hours: int) -> int:
    return emergency_hours if emergency else normal


def is_late(*, sent_at: dt.datetime, window_start: dt.datetime, hours_required: int) -> bool:
    """Late when the window starts less than the notice period after the notification was sent.
    A late notification is flagged, never refused."""
    return window_start - sent_at < dt.timedelta(hours=hours_required)


# -- notified sites ----------------------------------------------------------------------------


class SiteState:
    ACTIVE = "active"
    EXPIRING = "expiring_soon"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


SITE_STATE_LABELS = {
    SiteState.ACTIVE: _("Current"),
    SiteState.EXPIRING: _("Expiring soon"),
    SiteState.EXPIRED: _("Stale: expired, not reconfirmed"),
    SiteState.WITHDRAWN: _("Withdrawn"),
}


def site_state(
    *, valid_until: dt.datetime, withdrawn_at: dt.datetime | None, now: dt.datetime, warning_days: int
) -> str:
    if withdrawn_at is not None and withdrawn_at <= now:
        return SiteState.WITHDRAWN
    if valid_until <= now:
        return SiteState.EXPIRED
    if valid_until - now <= dt.timedelta(days=warning_days):
        return SiteState.EXPIRING
    return SiteState.ACTIVE


# -- party decisions ---------------------------------------------------------------------------


class Clearance:
    NOT_REQUIRED = "not_required"
    AWAITING = "awaiting_decision"
    APPROVED = "approved"
    APPROVED_WITH_CHANGES = "approved_with_changes"
    DENIED = "denied"
    NO_RESPONSE = "no_response"


CLEARANCE_LABELS = {
    Clearance.NOT_REQUIRED: _("No coordination required"),
    Clearance.AWAITING: _("Awaiting decision"),
    Clearance.APPROVED: _("Approved by every party concerned"),
    Clearance.APPROVED_WITH_CHANGES: _("Approved with changes"),
    Clearance.DENIED: _("Denied by a party"),
    Clearance.NO_RESPONSE: _("No response from a party"),
}


def clearance(coordination_required: bool, decisions: Iterable[str]) -> str:
    """One word for the decisions of the parties concerned (receipts play no part in it)."""
    decisions = list(decisions)
    if not coordination_required:
        return Clearance.NOT_REQUIRED
    if DecisionKind.DENIED in decisions:
        return Clearance.DENIED
    if DecisionKind.NO_RESPONSE in decisions:
        return Clearance.NO_RESPONSE
    if not decisions or "" in decisions:
        return Clearance.AWAITING
    if DecisionKind.APPROVED_WITH_CHANGES in decisions:
        return Clearance.APPROVED_WITH_CHANGES
    return Clearance.APPROVED


# -- access constraints ------------------------------------------------------------------------

# The AMRF categories each Gaza-specific detail may be filed under (the first is the usual one).
DETAIL_CATEGORIES: dict[str, tuple[str, ...]] = {
    ConstraintDetail.REGISTRATION: (ConstraintCategory.ENTRY, ConstraintCategory.INTERFERENCE),
    ConstraintDetail.ITEM_REJECTION: (ConstraintCategory.ENTRY,),
    ConstraintDetail.CROSSING_CLOSURE: (ConstraintCategory.ENTRY, ConstraintCategory.MOVEMENT),
    ConstraintDetail.ROUTE_ORDER: (ConstraintCategory.MOVEMENT,),
    ConstraintDetail.EVACUATION_ORDER: (ConstraintCategory.MILITARY, ConstraintCategory.POPULATION),
    ConstraintDetail.LOOTING: (ConstraintCategory.VIOLENCE, ConstraintCategory.INTERFERENCE),
    ConstraintDetail.CHECKPOINT_DELAY: (ConstraintCategory.MOVEMENT,),
    ConstraintDetail.STOPPED: (ConstraintCategory.MOVEMENT,),
    ConstraintDetail.FIRED_UPON: (ConstraintCategory.VIOLENCE, ConstraintCategory.MILITARY),
    ConstraintDetail.DETENTION: (ConstraintCategory.VIOLENCE,),
    ConstraintDetail.ROAD_DAMAGE: (ConstraintCategory.ENVIRONMENT, ConstraintCategory.EXPLOSIVES),
}


def constraint_category_problem(category: str, detail: str) -> str:
    """Why ``detail`` cannot be filed under ``category`` ('' when it can)."""
    if not detail:
        return ""
    allowed = DETAIL_CATEGORIES.get(detail, ())
    if category in allowed:
        return ""
    return f"'{detail}' is filed under {' or '.join(allowed)}, not '{category}'."


def iso_week(moment: dt.datetime | dt.date) -> str:
    """ISO week label, e.g. 2025-W43 (OCHA publishes access snapshots by week)."""
    year, week, _day = moment.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(moment: dt.date) -> dt.date:
    return moment - dt.timedelta(days=moment.weekday())


# -- reference data and where it comes from ----------------------------------------------------

OCHA_OUTCOMES = (
    "OCHA oPt, Humanitarian Access Snapshot – Gaza Strip (movement coordination outcomes), "
    "https://www.ochaopt.org/content/humanitarian-access-snapshot-gaza-strip-end-january-2024"
)
AMRF = (
    "OCHA Access Monitoring and Reporting Framework incident categories, "
    "https://knowledge.base.unocha.org/wiki/pages/viewpage.action?pageId=1410072577"
)
HNS = (
    "Humanitarian Notification System standard operating procedure (Yemen, 2021), "
    "https://reliefweb.int/report/yemen/humanitarian-notification-system-hns-standard-operation-procedure-march-2021"
)
PURPOSES = (
    "Mission purposes recorded in OCHA Gaza access reporting (fuel delivery, staff rotation, collection "
    "at crossings, nutrition stock retrieval, road repair, patient evacuation, body retrieval, assessment)"
)
SECTORS = "Sector and commodity codes of the aid pipeline (BRIEF §5.3)"

VOCABULARIES = {
    "outcomes": (Outcome, OCHA_OUTCOMES),
    "impeded_results": (ImpededResult, OCHA_OUTCOMES),
    "constraint_categories": (ConstraintCategory, AMRF),
    "constraint_details": (
        ConstraintDetail,
        "Gaza-specific administrative constraints and incidents on the way (OCHA oPt access reporting)",
    ),
    "purposes": (Purpose, PURPOSES),
    "sectors": (Sector, SECTORS),
    "site_functions": (SiteFunction, HNS),
    "zone_kinds": (ZoneKind, "Deconfliction practice: restricted areas, lines, areas needing coordination"),
    "decisions": (DecisionKind, "Party decisions on movement requests (domain research §2.1)"),
}
