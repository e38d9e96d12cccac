"""Demo step: a month of ceasefire compliance. About three hundred reports in English and Arabic
from parties, the public, NGOs, UN agencies, media and the centre's own monitors, correlated by the
engine into incidents at every stage of verification — including a rumour repeated by many sources
that all trace back to one post — with evidence and its custody, right-of-reply threads answered
by the parties, and a few published findings. Everything goes through the services.

All events, texts, figures and sources here are invented for the demo; only the places are real.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import random
import struct
import zlib
from dataclasses import dataclass

from cmcc.core.access import Actor, actor_for_user
from cmcc.core.errors import Conflict
from cmcc.core.scenario import Scenario

from . import selectors, services
from .correlation.gazetteer import Place, default_gazetteer

PARTY_A, PARTY_B = "Party A forces", "Party B armed group"
# category: (English, Arabic, perpetrator side, killed/injured kind, base figure)
TEXTS: dict[str, tuple[str, str, str, str, int]] = {
    "fire_across_line": (
        "Artillery shells landed east of {place}; {k} people injured",
        "سقطت قذائف مدفعية شرق {place}، وأصيب {k} أشخاص",
        PARTY_A,
        "injured",
        4,
    ),
    "incursion": (
        "Armoured vehicles crossed the line near {place} and withdrew after two hours",
        "توغلت آليات عسكرية قرب {place} ثم انسحبت بعد ساعتين",
        PARTY_A,
        "",
        0,
    ),
    "armed_presence": (
        "Armed men seen in the restricted zone near {place}",
        "مسلحون شوهدوا في المنطقة المحظورة قرب {place}",
        PARTY_B,
        "",
        0,
    ),
    "attack_on_civilians": (
        "Civilians fired on near {place}; {k} killed",
        "إطلاق نار على مدنيين قرب {place} ومقتل {k}",
        PARTY_A,
        "killed",
        2,
    ),
    "attack_on_humanitarian": (
        "Aid convoy shot at near {place}; two vehicles damaged",
        "إطلاق نار على قافلة مساعدات قرب {place} وتضرر مركبتين",
        PARTY_B,
        "injured",
        1,
    ),
    "looting": (
        "Aid trucks looted near {place} by armed men",
        "نهب شاحنات مساعدات قرب {place} على يد مسلحين",
        PARTY_B,
        "",
        0,
    ),
    "detention": (
        "{k} fishermen detained off {place}",
        "اعتقال {k} صيادين قبالة {place}",
        PARTY_A,
        "detained",
        3,
    ),
    "demolition": (
        "Houses demolished near {place}",
        "هدم منازل قرب {place}",
        PARTY_A,
        "",
        0,
    ),
    "missed_commitment": (
        "The crossing did not open as agreed; trucks waiting near {place}",
        "لم يفتح المعبر كما اتفق عليه والشاحنات تنتظر قرب {place}",
        PARTY_A,
        "",
        0,
    ),
    "restriction_of_monitors": (
        "Monitoring team stopped at a checkpoint near {place} and turned back",
        "منع فريق المراقبة عند حاجز قرب {place} وإعادته",
        PARTY_B,
        "",
        0,
    ),
    "uxo": (
        "Unexploded shell found near a school in {place}",
        "العثور على قذيفة غير منفجرة قرب مدرسة في {place}",
        "",
        "",
        0,
    ),
    "live_fire_exercise": (
        "Announced live-fire exercise heard near {place}",
        "سماع تدريبات بالذخيرة الحية قرب {place}",
        PARTY_A,
        "",
        0,
    ),
    "other": (
        "Drone flying low over {place} for several hours",
        "طائرة مسيرة تحلق على ارتفاع منخفض فوق {place} لساعات",
        PARTY_A,
        "",
        0,
    ),
}
LEADS_EN = ("", "Residents report: ", "Update: ", "Eyewitness: ", "Statement: ")
LEADS_AR = ("", "عاجل: ", "مصادر محلية: ", "شهود عيان: ")

# Where reports come from: (label, source type, who files it, source name as stated)
CHANNELS = [
    ("hotline", "public", "analyst", "Residents' hotline"),
    ("tv", "media", "analyst", "Al-Sahel TV"),
    ("agency", "media", "analyst", "Coastal News Agency"),
    ("party-a", "party", "party-a", ""),
    ("party-b", "party", "party-b", ""),
    ("ngo", "ngo", "ngo", ""),
    ("un", "un", "humanitarian", ""),
    ("monitors", "own_observation", "analyst", ""),
    ("military", "military", "military", ""),
    ("community", "ngo", "gaza-community-aid", ""),
]
SOURCES = [
    # name, type, reliability, re-rated to (or None), why
    ("Residents' hotline", "public", "C", None, ""),
    ("Al-Sahel TV", "media", "C", "D", "Two reports this month relayed claims without checking them."),
    ("Coastal News Agency", "media", "B", None, ""),
    ("Gaza Voices channel (social media)", "media", "F", "E", "The looting post of day 12 was false."),
    ("UNMAS field team", "un", "A", None, ""),
]
# The stage each event is taken to: cycled over the events, oldest first.
PLAN = [
    "determined:substantiated",
    "published",
    "follow_up",
    "escalated",
    "determined:inconclusive",
    "parties_consulted",
    "reviewed",
    "findings_drafted",
    "tasked",
    "preliminary_review",
    "determined:not_substantiated",
    "triaged",
    "determined:outside_mandate",
    "triaged",
]
FINDINGS = {
    "substantiated": "The centre finds the allegation substantiated: {title}. Independent reports, a site visit "
    "and imagery agree; the parties' replies are recorded.",
    "inconclusive": "The centre could not establish what happened ({title}): the reports disagree and the site "
    "could not be visited in time.",
    "not_substantiated": "The allegation was not substantiated ({title}).",
    "outside_mandate": "The event falls outside the centre's mandate ({title}).",
}
ORDER = [
    "received",
    "triaged",
    "preliminary_review",
    "tasked",
    "findings_drafted",
    "reviewed",
    "parties_consulted",
    "determined",
    "escalated",
    "published",
    "follow_up",
]


@dataclass
class Event:
    n: int
    category: str
    place: Place
    at: dt.datetime
    size: int
    stage: str


def _png(rgb: tuple[int, int, int], size: int = 24) -> bytes:
    """A small real PNG (a solid square), standing in for a photo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


class Loader:
    def __init__(self, s: Scenario) -> None:
        self.s = s
        self.rng = random.Random(s.seed * 7 + 5)
        self.orgs = s.orgs
        self.cell = s.orgs["cmcc-staff"]
        self.actors: dict[str, Actor] = {name: actor_for_user(user) for name, user in s.users.items()}
        # places with a point of their own: a quarter only borrows its town's
        places = [
            p
            for p in default_gazetteer().places.values()
            if p.kind not in ("governorate", "crossing", "quarter")
        ]
        self.places = sorted(places, key=lambda p: p.id)
        self.analyst, self.chief = self.actors["analyst"], self.actors["coordinator"]

    # -- reports ---------------------------------------------------------------------------

    def actor_for(self, who: str) -> tuple[Actor, object]:
        if who in self.actors:
            return self.actors[who], None
        return self.s.actor, self.orgs[who].pk

    def report_data(self, event: Event, channel: tuple, k: int, origin: str = "", lead: int = 0) -> dict:
        """One report of ``event`` as ``channel`` tells it, as report_create keyword arguments."""
        label, source_type, _who, source_name = channel
        en, ar, side, kind, _base = TEXTS[event.category]
        arabic = (k + event.n) % 3 == 0 or label in ("party-b", "community")
        place = event.place
        figure = max(1, k)
        if arabic:
            title = LEADS_AR[lead % len(LEADS_AR)] + ar.format(place=place.name_ar, k=figure)
        else:
            title = LEADS_EN[lead % len(LEADS_EN)] + en.format(place=place.name_en, k=figure)
        precise = k % 4 != 3
        jitter = (self.rng.uniform(-0.002, 0.002), self.rng.uniform(-0.002, 0.002))
        perpetrator = side
        if label == "party-a" and side == PARTY_A:
            perpetrator = ""  # a party does not report itself
        casualties = []
        if kind:
            claimed = max(1, figure + (-1 if label == "party-a" else 1 if label == "party-b" else 0))
            population = "civilian" if kind in ("killed", "detained") else "unknown"
            casualties.append({"kind": kind, "population": population, "count": claimed})
        return {
            "title": title[:200],
            "text": title + ("." if not arabic else ""),
            "category": event.category,
            "occurred_at": event.at + dt.timedelta(minutes=self.rng.randint(-20, 20) if precise else 0),
            "time_known": precise,
            "time_precision": 1 if k % 7 != 6 else 2,
            "lat": place.lat + jitter[0] if precise else None,
            "lon": place.lon + jitter[1] if precise else None,
            "geo_precision": 1 if precise else 2,
            "place_name": place.name_ar if arabic else place.name_en,
            "observation_mode": ("seen", "heard", "imagery", "second_hand")[k % 4]
            if label != "monitors"
            else "seen",
            "source_type": source_type,
            "source_name": source_name,
            "origin": origin,
            "perpetrator": perpetrator,
            "perpetrator_type": 1 if perpetrator == PARTY_A else 3 if perpetrator else None,
            "victim": "civilians" if kind in ("killed", "injured", "detained") else "",
            "victim_type": 7 if kind in ("killed", "injured", "detained") else None,
            "casualties": casualties,
            "received_at": event.at + dt.timedelta(hours=1 + k),
        }

    def file(self, event: Event, items: list[tuple[tuple, int, str, int]]) -> list:
        """File an event's reports: members submit theirs on the form or the API; the cell enters
        what reached it by phone, media or its monitors in one import (KoBo for the monitors)."""
        reports: list = []
        batches: dict[str, list[dict]] = {}
        for channel, k, origin, lead in items:
            data = self.report_data(event, channel, k, origin, lead)
            who = channel[2]
            if who == "analyst":
                data["external_id"] = f"demo-{event.n}-{k}"
                batches.setdefault("kobo" if channel[0] == "monitors" else "file", []).append(data)
                continue
            actor, owner = self.actor_for(who)
            channel_code = "web" if who in self.actors else "api"
            reports.append(
                services.report_create(actor=actor, owner_org_id=owner, channel=channel_code, **data)
            )
        for channel_code, rows in sorted(batches.items()):
            result = services.reports_import(actor=self.analyst, rows=rows, channel=channel_code)
            reports += result.created
        return reports

    def events(self) -> list[Event]:
        categories = list(TEXTS)
        out = []
        count = 52
        sizes = [7, 5, 3, 9, 2, 6, 1, 8, 4, 5, 2, 7, 10, 4]
        for n in range(count):
            day = 1 + n * (self.s.days - 3) // count
            out.append(
                Event(
                    n=n,
                    category=categories[n % len(categories)],
                    place=self.places[(n * 7) % len(self.places)],
                    at=self.s.at(day, 6 + (n * 5) % 12, 30),
                    size=sizes[n % len(sizes)],
                    stage="received" if n >= count - 4 else PLAN[n % len(PLAN)],
                )
            )
        return out

    # -- workflow --------------------------------------------------------------------------

    def incident_of(self, report):
        return selectors.assessment_for(actor=self.s.actor, report=report).incident

    def step(self, incident, event: str, actor: Actor | None = None, **kw):
        incident = selectors.incident_get(actor=self.s.actor, incident_id=incident.pk)
        return services.incident_transition(
            actor=actor or self.analyst, incident=incident, event=event, version=incident.version, **kw
        )

    def grade(self, incident, confirm: bool) -> None:
        rows = list(selectors.assessments(actor=self.s.actor, incident=incident))
        for i, a in enumerate(rows):
            credibility = 2 if a.report.observation_mode in ("seen", "imagery") else 3
            services.report_grade(actor=self.analyst, report=a.report, credibility=credibility, note="")
            if confirm and i == 0 and incident.origin_count >= 3:
                with contextlib.suppress(Conflict):  # not enough independent corroboration: stays 2 or 3
                    services.report_grade(
                        actor=self.analyst,
                        report=a.report,
                        credibility=1,
                        note="confirmed by independent reports",
                    )

    def party_for(self, side: str):
        return self.orgs["party-a"] if side == PARTY_A else self.orgs["party-b"]

    def consult(self, incident, side: str, answer: bool) -> None:
        party = self.party_for(side or PARTY_A)
        thread = services.thread_open(
            actor=self.analyst,
            incident=incident,
            party_org=party,
            summary=f"Reports allege: {incident.title}.",
            question="Do you have information on this event? Were your forces or members present?",
        )
        if answer:
            liaison = self.actors["party-a" if party == self.orgs["party-a"] else "party-b"]
            reply = (
                "Our units responded to an immediate threat; no civilians were targeted."
                if (incident.category in ("fire_across_line", "attack_on_civilians"))
                else "We have no record of any activity of our forces there at that time."
            )
            services.thread_post(actor=liaison, thread=thread, text=reply)

    def advance(self, incident, event: Event) -> None:
        target, _, outcome = event.stage.partition(":")
        goal = ORDER.index(target)
        side = TEXTS[event.category][2]
        if goal >= 1:
            self.grade(incident, confirm=outcome == "substantiated" or target in ("published", "follow_up"))
            if event.category == "live_fire_exercise" or outcome == "outside_mandate":
                incident = self.step(incident, "triage")
                self.step(
                    incident, "outside_mandate", self.chief, reason="Announced exercise: not a violation."
                )
                return
            incident = self.step(incident, "triage")
        if goal >= 2:
            incident = self.step(incident, "start_review")
        if goal >= 3:
            incident = self.step(incident, "task", reason="Field team to visit the site")
        if goal >= 4:
            incident = self.step(
                incident,
                "draft_findings",
                findings=f"Site visit and imagery reviewed; {incident.origin_count} independent origins among "
                f"{incident.report_count} reports.",
            )
        if goal >= 5:
            incident = self.step(incident, "review")
        if goal >= 6:
            self.consult(incident, side, answer=event.n % 3 != 2)
            incident = self.step(incident, "consult_parties")
        if goal >= 7:
            determination = outcome or ("substantiated" if event.n % 2 == 0 else "inconclusive")
            incident = self.step(
                incident, "determine", self.chief, determination=determination, reason="Findings reviewed."
            )
            if determination == "substantiated":
                attribution = "attributed" if event.n % 3 else "disputed"
                incident = services.incident_attribute(
                    actor=self.chief,
                    incident=incident,
                    version=incident.version,
                    attribution=attribution,
                    attributed_to=side if attribution == "attributed" else "",
                    reason="Direction of fire and the parties' replies.",
                )
            if event.n % 4 == 0:
                services.incident_dissent(
                    actor=self.analyst,
                    incident=incident,
                    text="The casualty figures cannot be reconciled yet.",
                )
        if goal >= 8 and target != "published" and target != "follow_up":
            incident = self.step(incident, "escalate", self.chief, reason="Raised with the joint committee.")
        if target in ("published", "follow_up"):
            self.publish(incident, FINDINGS[incident.determination].format(title=incident.title))
        if target == "follow_up":
            incident = selectors.incident_get(actor=self.s.actor, incident_id=incident.pk)
            self.step(incident, "follow_up", self.chief, reason="Recommendations sent to both parties.")

    def publish(self, incident, summary: str):
        incident = selectors.incident_get(actor=self.s.actor, incident_id=incident.pk)
        return services.incident_publish(
            actor=self.chief, incident=incident, version=incident.version, summary=summary
        )

    # -- the rumour, evidence, sources ---------------------------------------------------------

    def rumour(self) -> None:
        """One social-media post about looting at a warehouse, repeated by 24 sources: one origin."""
        place = next(p for p in self.places if p.name_en.startswith("Deir"))
        event = Event(n=99, category="looting", place=place, at=self.s.at(12, 21, 0), size=24, stage="")
        origin = "Gaza Voices post, 12th day 21:00"
        items = []
        for k in range(24):
            channel = CHANNELS[k % len(CHANNELS)]
            if channel[0] == "monitors":
                channel = ("tv", "media", "analyst", "Al-Sahel TV")
            if k == 0:
                channel = ("post", "media", "analyst", "Gaza Voices channel (social media)")
            items.append((channel, k, origin, k))
        first = self.file(event, items)[0]
        incident = self.incident_of(first)
        for a in selectors.assessments(actor=self.s.actor, incident=incident):
            services.report_grade(actor=self.analyst, report=a.report, credibility=5, note="single origin")
        incident = self.step(incident, "triage")
        incident = self.step(incident, "start_review")
        incident = self.step(incident, "task", reason="Warehouse visit with the Logistics Cluster")
        services.evidence_upload(
            actor=self.analyst,
            file=io.BytesIO(
                b"Warehouse manager's statement: stock intact, no break-in on the night reported.\n"
            ),
            filename="warehouse-statement.txt",
            title="Warehouse manager's statement",
            incident=incident,
            captured_by="Field monitor 2",
            captured_at=event.at + dt.timedelta(hours=14),
            capture_tool="written statement, signed",
        )
        incident = self.step(
            incident,
            "draft_findings",
            findings="All 24 reports trace to one social-media post; the warehouse was visited: no looting.",
        )
        incident = self.step(incident, "review")
        self.consult(incident, PARTY_B, answer=True)
        incident = self.step(incident, "consult_parties")
        incident = self.step(
            incident,
            "determine",
            self.chief,
            determination="not_substantiated",
            reason="One origin repeated by many; site visit found stock intact.",
        )
        self.publish(
            incident,
            "Reports that armed men looted an aid warehouse in Deir al-Balah were not substantiated: all of "
            "them trace back to a single social-media post, and a site visit found the stock intact.",
        )

    def misfiled(self, event: Event, incident) -> None:
        """A caller describes the shelling's effect ("a house destroyed"): filed as a demolition,
        the engine keeps it apart (categories never mix); an analyst merges it in."""
        data = self.report_data(event, CHANNELS[0], 1, lead=1)
        data.update(
            category="demolition",
            title=f"House destroyed in {event.place.name_en} this morning",
            text=f"A caller says a house in {event.place.name_en} was destroyed by a shell this morning.",
            casualties=[],
            external_id=f"demo-{event.n}-misfiled",
        )
        report = services.reports_import(actor=self.analyst, rows=[data], channel="file").created[0]
        other = self.incident_of(report)
        incident = selectors.incident_get(actor=self.s.actor, incident_id=incident.pk)
        services.incident_merge(
            actor=self.analyst,
            incident=incident,
            other=other,
            version=incident.version,
            other_version=other.version,
            reason="Same shelling: the caller described its effect on a house.",
        )

    def sources(self) -> None:
        for name, type_, reliability, rerated, why in SOURCES:
            source = services.source_create(
                actor=self.analyst,
                name=name,
                type=type_,
                reliability=reliability,
                reason="Track record before the ceasefire.",
            )
            if rerated:
                services.source_rate(actor=self.analyst, source=source, reliability=rerated, reason=why)

    def rate_parties(self) -> None:
        for name, grade, why in (
            ("Party A – Coordination Authority", "C", "Claims checked this month: about half confirmed."),
            ("Party B – Civil Liaison Office", "C", "Claims checked this month: about half confirmed."),
            (
                "UN Office for the Coordination of Humanitarian Affairs",
                "B",
                "Consistently accurate field reports.",
            ),
        ):
            source = selectors.source_list(actor=self.analyst).filter(name=name).first()
            if source is not None and source.reliability != grade:
                services.source_rate(actor=self.analyst, source=source, reliability=grade, reason=why)

    def evidence(self, incident, n: int) -> None:
        photo = services.evidence_upload(
            actor=self.analyst,
            file=io.BytesIO(_png((120 + n * 7 % 100, 90, 60))),
            filename=f"site-{n:02d}.png",
            title="Site photograph",
            incident=incident,
            captured_by="CMCC monitor team",
            captured_at=incident.occurred_at + dt.timedelta(hours=6),
            capture_tool="team camera, original file",
            geolocation=incident.place_name,
        )
        services.evidence_link(
            actor=self.analyst,
            url=f"https://media.example.org/post/{4000 + n}",
            title="Video posted online",
            incident=incident,
            captured_at=incident.occurred_at + dt.timedelta(hours=2),
            captured_by="CMCC open-source analyst",
            capture_tool="web archive capture",
        )
        if n % 2 == 0:
            services.evidence_transfer(
                actor=self.analyst, evidence=photo, to_custodian="CMCC evidence room", note="archived"
            )
            services.evidence_copy(
                actor=self.analyst,
                original=photo,
                file=io.BytesIO(_png((200, 200, 200), 12)),
                filename=f"site-{n:02d}-crop.png",
                note="cropped to the impact point; faces blurred",
                capture_tool="image editor",
            )


def load(s: Scenario) -> None:
    loader = Loader(s)
    loader.sources()
    first_reports = []
    events = loader.events()
    for event in events:
        items = []
        for k in range(event.size):
            channel = CHANNELS[(event.n + k * 3) % len(CHANNELS)]
            origin = ""
            if channel[0] == "tv" and event.size > 3:
                origin = f"{channel[3]} relaying a party statement, event {event.n}"
            items.append((channel, k, origin, event.n + k))
        first_reports.append(loader.file(event, items)[0])
    loader.misfiled(events[13], loader.incident_of(first_reports[13]))
    loader.rumour()
    loader.rate_parties()
    done: set = set()
    for event, report in zip(events, first_reports, strict=True):
        incident = loader.incident_of(report)
        if incident.pk in done or incident.status != "received":
            continue
        done.add(incident.pk)
        if event.stage != "received":
            loader.advance(incident, event)
        if event.n % 5 == 1:
            loader.evidence(selectors.incident_get(actor=s.actor, incident_id=incident.pk), event.n)
