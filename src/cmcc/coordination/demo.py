"""Demo step: two weeks of the coordination cycle with mixed releasability."""

from __future__ import annotations

import datetime as dt

from cmcc.core.scenario import Scenario

from . import services

AGENDA = [
    "Crossings status and yesterday's throughput",
    "Movement notifications for the next 48 hours",
    "Reports received in the last 24 hours",
    "Partner onboarding",
    "Open action items",
]

# title, text, decided by, deciding org, authority, releasability, named, owner, protected
DECISIONS = [
    (
        "Daily coordination meeting at 09:00",
        "The coordination meeting takes place every day at 09:00 in the common "
        "floor briefing room, with remote attendance for field teams.",
        "Chair of the coordination meeting",
        "cmcc-staff",
        "Centre standing procedures §2",
        "public",
        [],
        "cmcc-staff",
        False,
    ),
    (
        "Notification lead time for convoys",
        "Humanitarian convoys notify movements at least 48 hours in advance, 24 "
        "hours for emergencies; a late notification is recorded as late, not refused.",
        "Coordination meeting",
        "cmcc-staff",
        "Humanitarian notification arrangement",
        "cmcc",
        [],
        "cmcc-staff",
        False,
    ),
    (
        "Fuel allocation priority",
        "Fuel entering through the main goods crossing is allocated first to hospitals and "
        "water desalination plants for the next seven days.",
        "Health and WASH cluster coordinators",
        "un-ocha",
        "Inter-cluster coordination group",
        "community",
        [],
        "un-ocha",
        False,
    ),
    (
        "Escort arrangements for the northern corridor",
        "Convoys on the northern corridor travel without armed escort; "
        "deconfliction is through notification only.",
        "Humanitarian Coordinator",
        "un-ocha",
        "IASC guidelines on armed escorts (last resort)",
        "cmcc",
        [],
        "un-ocha",
        False,
    ),
    (
        "Engineering support for road repair",
        "Delegation engineering teams repair the coastal access road segment "
        "after UXO clearance is confirmed.",
        "Security working group",
        "del-gb",
        "Security working group terms of reference",
        "community",
        [],
        "del-gb",
        False,
    ),
    (
        "Recovery team access to the central site",
        "The recovery team is granted access to the central site for three "
        "days; identities of the team and of any remains are handled under the protection protocol.",
        "Head of delegation",
        "icrc-demo",
        "Mandate under international humanitarian law",
        "named",
        ["un-ocha"],
        "icrc-demo",
        True,
    ),
    (
        "Joint assessment of water network",
        "A joint assessment of the southern water network is scheduled with the "
        "municipal utility and two partners.",
        "WASH cluster coordinator",
        "unicef",
        "WASH cluster",
        "named",
        ["water-without-borders", "youth-water-initiative"],
        "unicef",
        False,
    ),
    (
        "Warehouse capacity sharing",
        "Logistics Cluster common storage in Deir Al-Balah is open to all humanitarian "
        "partners on a first-come basis.",
        "Logistics Cluster coordinator",
        "wfp-logcluster",
        "Logistics Cluster service agreement",
        "public",
        [],
        "wfp-logcluster",
        False,
    ),
    (
        "Internal: staffing of the verification cell",
        "The verification cell runs two shifts from next week.",
        "Chief of staff",
        "cmcc-staff",
        "Centre standing procedures §5",
        "org",
        [],
        "cmcc-staff",
        False,
    ),
]

ACTIONS = [
    ("Publish updated crossing hours", "wfp-logcluster", 2, "done"),
    ("Share the convoy notification template in Arabic", "un-ocha", 3, "done"),
    ("Collect fuel needs of hospitals", "who", 4, "open"),
    ("Confirm UXO clearance of the coastal road", "unmas", 5, "open"),
    ("Draft onboarding guide for new partners", "cmcc-staff", 6, "done"),
    ("Map water points needing repair", "water-without-borders", 7, "open"),
    ("Reconcile truck counts with the 2720 dashboard", "unops-2720", 3, "open"),
    ("Propose agenda for donor round-table", "stabilization-fund", 8, "dropped"),
    ("Update liaison contact list", "cmcc-staff", 1, "done"),
    ("Assess shelter needs in Khan Younis", "shelter-now", 9, "open"),
]


def load(s: Scenario) -> None:
    staff = s.orgs["cmcc-staff"]
    start = s.days - 14
    meetings = []
    for n in range(start, s.days):
        attendees = [o for o in s.orgs.values() if o.membership_status == "active" and s.rng.random() < 0.55]
        meetings.append(
            services.meeting_create(
                actor=s.actor,
                owner_org_id=staff.pk,
                title="Daily coordination meeting",
                starts_at=s.at(n, 9),
                location="Common floor, briefing room",
                agenda="\n".join(AGENDA),
                chair_org=staff,
                attendees=attendees,
                releasability="cmcc",
                minutes="Crossings reviewed; notifications for the next 48 hours confirmed; open items followed up."
                if n < s.days - 1
                else "",
            )
        )
        if (n - start) % 7 == 2:
            services.meeting_create(
                actor=s.actor,
                owner_org_id=s.orgs["del-gb"].pk,
                title="Security working group",
                starts_at=s.at(n, 14),
                location="Security floor",
                agenda="Deconfliction\nEngineering tasks",
                chair_org=s.orgs["del-gb"],
                attendees=[o for o in s.orgs.values() if o.community == "military"][:8],
                releasability="community",
            )
            services.meeting_create(
                actor=s.actor,
                owner_org_id=s.orgs["un-ocha"].pk,
                title="Humanitarian access working group",
                starts_at=s.at(n, 11),
                location="Common floor",
                agenda="Access constraints\nImpediments this week",
                chair_org=s.orgs["un-ocha"],
                attendees=[o for o in s.orgs.values() if o.community == "humanitarian"][:12],
                releasability="community",
            )
    decisions = []
    for i, (title, text, by, by_org, authority, rel, named, owner, protected) in enumerate(DECISIONS):
        meeting = meetings[min(i, len(meetings) - 1)]
        decisions.append(
            services.decision_create(
                actor=s.actor,
                owner_org_id=s.orgs[owner].pk,
                meeting=meeting if rel in ("cmcc", "public") else None,
                title=title,
                text=text,
                decided_by=by,
                decided_by_org=s.orgs[by_org],
                authority=authority,
                decided_on=meeting.starts_at.date(),
                releasability=rel,
                shared_with=[str(s.orgs[n].pk) for n in named],
                protected=protected,
            )
        )
    for i, (title, assignee, due_in, final) in enumerate(ACTIONS):
        meeting = meetings[i % len(meetings)]
        item = services.action_item_create(
            actor=s.actor,
            owner_org_id=staff.pk,
            title=title,
            assigned_org=s.orgs[assignee],
            meeting=meeting,
            decision=decisions[i % 2],
            due_on=meeting.starts_at.date() + dt.timedelta(days=due_in),
            releasability="cmcc",
        )
        services.action_item_follow_up(
            actor=s.actor, item=item, text="Discussed at the daily meeting; on track."
        )
        if final == "done":
            services.action_item_transition(
                actor=s.actor, item=item, event="complete", note="Completed and reported."
            )
        elif final == "dropped":
            services.action_item_transition(
                actor=s.actor, item=item, event="drop", note="Superseded by a new plan."
            )
