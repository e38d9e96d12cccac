"""Pure rules of verification: the workflow table and who may drive each event, the
credibility-1 rule, the corroboration summary and the spread of casualty claims. No ORM."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cmcc.core.access import Action
from cmcc.core.workflow import Workflow

from .vocab import Determination
from .vocab import Status as S

CONFIRMED = 1
# Credibility grades that do not lend support to another report ("doubtful", "improbable").
NOT_CORROBORATING = frozenset({4, 5})
MIN_CORROBORATING = 2


class Event:
    TRIAGE = "triage"
    START_REVIEW = "start_review"
    TASK = "task"
    DRAFT_FINDINGS = "draft_findings"
    REVIEW = "review"
    REWORK = "rework"
    CONSULT_PARTIES = "consult_parties"
    DETERMINE = "determine"
    OUTSIDE_MANDATE = "outside_mandate"
    ESCALATE = "escalate"
    PUBLISH = "publish"
    FOLLOW_UP = "follow_up"
    REOPEN = "reopen"
    MERGE = "merge"


E = Event
AFTER_DETERMINATION = (S.DETERMINED, S.ESCALATED, S.PUBLISHED, S.FOLLOW_UP)
OPEN_STATES = tuple(s for s in S if s not in (S.MERGED, *AFTER_DETERMINATION))

INCIDENT = Workflow(
    {
        (S.RECEIVED, E.TRIAGE): S.TRIAGED,
        (S.TRIAGED, E.START_REVIEW): S.PRELIMINARY_REVIEW,
        (S.PRELIMINARY_REVIEW, E.TASK): S.TASKED,
        (S.PRELIMINARY_REVIEW, E.DRAFT_FINDINGS): S.FINDINGS_DRAFTED,
        (S.TASKED, E.DRAFT_FINDINGS): S.FINDINGS_DRAFTED,
        (S.FINDINGS_DRAFTED, E.REVIEW): S.REVIEWED,
        (S.REVIEWED, E.REWORK): S.FINDINGS_DRAFTED,
        (S.REVIEWED, E.CONSULT_PARTIES): S.PARTIES_CONSULTED,
        (S.PARTIES_CONSULTED, E.DETERMINE): S.DETERMINED,
        (S.TRIAGED, E.OUTSIDE_MANDATE): S.DETERMINED,
        (S.PRELIMINARY_REVIEW, E.OUTSIDE_MANDATE): S.DETERMINED,
        (S.DETERMINED, E.ESCALATE): S.ESCALATED,
        (S.DETERMINED, E.PUBLISH): S.PUBLISHED,
        (S.ESCALATED, E.PUBLISH): S.PUBLISHED,
        (S.DETERMINED, E.FOLLOW_UP): S.FOLLOW_UP,
        (S.ESCALATED, E.FOLLOW_UP): S.FOLLOW_UP,
        (S.PUBLISHED, E.FOLLOW_UP): S.FOLLOW_UP,
        **{(state, E.REOPEN): S.PRELIMINARY_REVIEW for state in AFTER_DETERMINATION},
        **{(state, E.MERGE): S.MERGED for state in S if state != S.MERGED},
    }
)

# Analysts of the verification cell (``verify``) move an incident through verification; the
# decision-makers of the cell (``decide``) determine, escalate, publish, follow up and reopen.
GATES: dict[str, Action] = {
    E.TRIAGE: Action.VERIFY,
    E.START_REVIEW: Action.VERIFY,
    E.TASK: Action.VERIFY,
    E.DRAFT_FINDINGS: Action.VERIFY,
    E.REVIEW: Action.VERIFY,
    E.REWORK: Action.VERIFY,
    E.CONSULT_PARTIES: Action.VERIFY,
    E.MERGE: Action.VERIFY,
    E.DETERMINE: Action.DECIDE,
    E.OUTSIDE_MANDATE: Action.DECIDE,
    E.ESCALATE: Action.DECIDE,
    E.PUBLISH: Action.DECIDE,
    E.FOLLOW_UP: Action.DECIDE,
    E.REOPEN: Action.DECIDE,
}
# Events with their own endpoint and service (they need more than a reason).
SPECIAL_EVENTS = frozenset({E.PUBLISH, E.MERGE})
DETERMINATIONS = tuple(d for d in Determination.values if d)


def gate(event: str) -> Action:
    return GATES.get(event, Action.DECIDE)


def allowed_events(status: str, actions: Iterable[str]) -> list[str]:
    """Events an actor holding ``actions`` may fire from ``status`` (for buttons and the API)."""
    held = set(actions)
    return [e for e in INCIDENT.allowed_events(status) if e != E.MERGE and gate(e) in held]


def stage_order() -> list[str]:
    return [s.value for s in S if s != S.MERGED]


# --------------------------------------------------------------------------------------------
# Corroboration and the credibility-1 rule
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One report of an incident, as the corroboration rules see it."""

    report_id: str
    origin_key: str
    credibility: int | None = None
    reliability: str = ""
    source: str = ""


def corroborating_origins(target: Item, items: Iterable[Item]) -> set[str]:
    """Origins, other than the target's own, of reports that support it: each origin counts once,
    and reports graded doubtful or improbable do not lend support."""
    return {
        i.origin_key
        for i in items
        if i.report_id != target.report_id
        and i.origin_key != target.origin_key
        and i.credibility not in NOT_CORROBORATING
    }


def confirm_refusal(target: Item, items: Iterable[Item]) -> str | None:
    """Why credibility 1 may not be given to ``target`` (None when it may)."""
    origins = corroborating_origins(target, items)
    if len(origins) >= MIN_CORROBORATING:
        return None
    same = sum(1 for i in items if i.report_id != target.report_id and i.origin_key == target.origin_key)
    reason = (
        f"Credibility 1 (confirmed) needs at least {MIN_CORROBORATING} independent corroborating "
        f"reports in the same incident; there {'is' if len(origins) == 1 else 'are'} {len(origins)}."
    )
    if same:
        reason += f" {same} other report(s) derive from the same origin and do not count."
    return reason


@dataclass
class Corroboration:
    reports: int
    independent_origins: int
    origins: dict[str, list[str]] = field(default_factory=dict)  # origin key -> report ids
    grades: dict[str, int] = field(default_factory=dict)  # "B2" -> count
    level: str = "single"

    @property
    def corroborated(self) -> bool:
        return self.independent_origins >= MIN_CORROBORATING

    @property
    def repeated_rumour(self) -> bool:
        """Many reports that all trace back to fewer than two origins."""
        return self.reports >= 3 and self.independent_origins < MIN_CORROBORATING


LEVELS = ("single", "uncorroborated", "corroborated", "well_corroborated")


def corroboration_level(reports: int, origins: int) -> str:
    if origins >= 4:
        return "well_corroborated"
    if origins >= MIN_CORROBORATING:
        return "corroborated"
    return "single" if reports <= 1 else "uncorroborated"


def corroboration(items: Iterable[Item]) -> Corroboration:
    items = list(items)
    origins: dict[str, list[str]] = {}
    grades: dict[str, int] = {}
    for i in items:
        origins.setdefault(i.origin_key, []).append(i.report_id)
        grade = f"{i.reliability or '?'}{i.credibility or '?'}"
        grades[grade] = grades.get(grade, 0) + 1
    return Corroboration(
        reports=len(items),
        independent_origins=len(origins),
        origins=origins,
        grades=dict(sorted(grades.items())),
        level=corroboration_level(len(items), len(origins)),
    )


# --------------------------------------------------------------------------------------------
# Casualty claims: side by side, with their spread; never summed
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    kind: str
    population: str
    count: int
    count_max: int | None
    claimed_by: str
    report_id: str = ""

    @property
    def high(self) -> int:
        return self.count_max if self.count_max is not None else self.count

    @property
    def figure(self) -> str:
        return f"{self.count}–{self.count_max}" if self.count_max is not None else str(self.count)


@dataclass
class Spread:
    kind: str
    population: str
    low: int
    high: int
    claims: list[Claim]

    @property
    def agreed(self) -> bool:
        return self.low == self.high

    @property
    def text(self) -> str:
        return str(self.low) if self.agreed else f"{self.low}–{self.high}"


def casualty_spread(claims: Iterable[Claim]) -> list[Spread]:
    """Per kind and population: the lowest and highest figure claimed, and every claim.
    Different sources describe the same dead and injured: adding their figures would count
    people several times, so the claims are shown side by side and never summed."""
    groups: dict[tuple[str, str], list[Claim]] = {}
    for c in claims:
        groups.setdefault((c.kind, c.population), []).append(c)
    order = {"killed": 0, "injured": 1, "detained": 2, "missing": 3}
    return [
        Spread(
            kind, pop, min(c.count for c in cs), max(c.high for c in cs), sorted(cs, key=lambda c: c.count)
        )
        for (kind, pop), cs in sorted(groups.items(), key=lambda kv: (order.get(kv[0][0], 9), kv[0][1]))
    ]


def conservative_fatalities(claims: Iterable[Claim]) -> int | None:
    """ACLED's practice for its single ``fatalities`` column: the most conservative figure any one
    report gives (a report's own figures for different populations are disjoint; figures of
    different reports are not added). None when no report claims any killed."""
    per_report: dict[str, int] = {}
    for c in claims:
        if c.kind == "killed":
            per_report[c.report_id] = per_report.get(c.report_id, 0) + c.count
    return min(per_report.values()) if per_report else None
