"""Independent labelled generator of ceasefire-violation reports (hold-out check of the correlation engine).

Written from the report contract only (``cmcc compliance correlate``: id, text, lang, lat, lon,
geo_precision, occurred_at, time_precision, category, source, origin), not from the engine or the
benchmark's own generator, so that a score here is out of sample. One month (November 2025, local time
UTC+2) over the Gaza Strip; places from OCHA/OSM data (see ``places.py``).

Events (ground-truth incidents)
    Category mix (share of ordinary events): fire across the line 24 %, attack on civilians 12 %,
    incursion 8 %, armed presence 7 %, demolition 9 %, UXO 7 %, attack on humanitarian 6 %, looting 5 %,
    detention 5 %, missed commitment 4 %, other 5 %, restriction of monitors 3 %, live-fire exercise 3 %
    (the remaining 2 % of events are rumours, below). Line categories (fire, incursion, armed presence,
    demolition, exercises, part of detentions and of attacks on civilians) happen 0.8-4 km inland
    ("east") of a town, weighted by the town's size; fishermen are hit 1-5 km off the coast; attacks on
    humanitarians at a clinic or hospital (40 %), at a crossing (20 %) or on a road near a town; looting
    on the Kerem Shalom - Rafah/Khan Younis road (40 %) or in a town; missed commitments at a crossing
    (70 %) or Strip-wide (no place). Days are uniform over the month; hours follow a day/night profile
    per category (shelling and gunfire often at night, aid and monitor events in working hours).
Reports per event
    40 % single, 25 % 2-3, 20 % 4-6, 12 % 7-15, 3 % 16-40 (about 4.2 a event), half again as many when
    people were killed. Sources: monitor teams 8 %, NGOs 15 %, media 17 %, social media 30 %, hotline 15 %,
    party A 8 %, party B 7 % (shifted per category: monitors for restriction of monitors, NGOs and media for
    aid events, party A for exercises); each party and each monitor team reports an event at most once.
    In 15 % of events with three or more reports, two or three media/NGO reports derive from one original
    (same ``origin``).
Place of a report (source-dependent)
    precise: the true point moved 30-250 m (monitors), 50-500 m (phones, geotagged posts), geo 1;
    snapped: the named town's centre (geo 2) or the governorate centroid (geo 3); none: lat/lon null,
    the place only in the text (geo 2 if a town is named, else 3). Monitors 85 % precise; social media
    60 % without coordinates; party B mostly town or governorate. About one report in six misreads the
    direction from the town by 45 degrees in its text.
Time of a report
    exact (within minutes), rounded to the hour (sometimes an hour off), a part of the day (its
    midpoint), date only (written as a date or as local midnight), or late: the time the report was
    sent, 1.5-8 h after the event. All with time precision 1: as ACLED uses the codes, 1 says the day
    is known, 2 only the week, 3 only the month; every report here knows its day.
    40 % of timestamps carry the local offset (+02:00), the rest are UTC.
Other noise
    Casualty figures: exact in half the reports, off by one to three in 30 %, vague in 20 %. Language:
    English or Arabic by source (monitors 90 % English, hotline 90 % Arabic, social media 75 % Arabic).
    Category: 4 % of reports (6 % from social media and hotline, 1 % from monitors) use a related
    category (incursion/armed presence, fire/attack on civilians, humanitarian attack/looting, ...).
Hard cases, as separate incidents
    twins: 10 % of line and civilian events have a second event of the same category 1-3 km and
    30-150 minutes away; repeats: 5 % (30 % of missed commitments) recur at the same spot (within 300 m)
    18-30 h later; co-located: 6 % have an event of a different category within 400 m and 45 minutes
    (e.g. demolitions and a UXO found there, an incursion and a detention, shelling and demolitions).
Rumours
    2 % of events: one original post (an incursion, a massacre, a detention, a convoy attack or shelling
    at a town) repeated 8-40 times with one ``origin``, by social media, media and hotline sources,
    verbatim or reworded, half without coordinates, over 2-24 hours.

``generate`` returns the input records (in arrival order, opaque ids), the labels (id -> incident) and
per-report and per-event metadata used by the breakdown in ``__main__``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from . import phrasing as ph
from .places import (
    CROSSINGS,
    FACILITIES,
    GOVERNORATES,
    INLAND,
    SEAWARD,
    TOWNS,
    Place,
    bearing,
    distance_m,
    in_strip,
    nearest_town,
    offset,
)

LOCAL = timezone(timedelta(hours=2))
START = datetime(2025, 11, 1, tzinfo=LOCAL)
DAYS = 30

CATEGORY_MIX = {
    "fire_across_line": 24,
    "attack_on_civilians": 12,
    "incursion": 8,
    "armed_presence": 7,
    "demolition": 9,
    "uxo": 7,
    "attack_on_humanitarian": 6,
    "looting": 5,
    "detention": 5,
    "missed_commitment": 4,
    "other": 5,
    "restriction_of_monitors": 3,
    "live_fire_exercise": 3,
}
RUMOUR_SHARE = 0.02
LINE = {"fire_across_line", "incursion", "armed_presence", "demolition", "live_fire_exercise"}
TWIN_CATEGORIES = {
    "fire_across_line",
    "incursion",
    "demolition",
    "attack_on_civilians",
    "armed_presence",
    "uxo",
}
REPEAT_CATEGORIES = {"fire_across_line", "demolition", "incursion", "missed_commitment", "armed_presence"}
COLOCATED = {
    "demolition": "uxo",
    "incursion": "detention",
    "fire_across_line": "demolition",
    "restriction_of_monitors": "armed_presence",
    "looting": "attack_on_civilians",
    "attack_on_civilians": "detention",
    "uxo": "demolition",
    "armed_presence": "restriction_of_monitors",
    "missed_commitment": "attack_on_humanitarian",
    "attack_on_humanitarian": "missed_commitment",
}
RELATED = {
    "incursion": ("armed_presence", "detention"),
    "armed_presence": ("incursion",),
    "fire_across_line": ("attack_on_civilians", "live_fire_exercise"),
    "attack_on_civilians": ("fire_across_line",),
    "attack_on_humanitarian": ("looting", "attack_on_civilians"),
    "looting": ("attack_on_humanitarian",),
    "demolition": ("other",),
    "uxo": ("other",),
    "live_fire_exercise": ("fire_across_line",),
    "detention": ("incursion",),
    "missed_commitment": ("other",),
    "restriction_of_monitors": ("other",),
    "other": ("uxo", "fire_across_line"),
}

SOURCE_TYPES = ("monitor", "ngo", "media", "social", "sms", "party_a", "party_b")
SOURCE_MIX = {
    None: (8, 15, 17, 30, 15, 8, 7),
    "restriction_of_monitors": (60, 5, 10, 5, 0, 10, 10),
    "missed_commitment": (5, 30, 35, 10, 0, 10, 10),
    "live_fire_exercise": (10, 5, 10, 30, 20, 25, 0),
    "looting": (5, 35, 25, 20, 5, 5, 5),
    "attack_on_humanitarian": (10, 40, 20, 15, 5, 5, 5),
    "uxo": (15, 30, 10, 25, 20, 0, 0),
}
# per source type: place mode weights (precise, town, governorate, none), time mode weights
# (exact, hour, daypart, date, late), share of English
PLACE_MODES = ("precise", "town", "gov", "none")
TIME_MODES = ("exact", "hour", "daypart", "date", "late")
STYLE = {
    "monitor": ((85, 15, 0, 0), (80, 20, 0, 0, 0), 0.9),
    "ngo": ((30, 45, 10, 15), (0, 35, 25, 30, 10), 0.6),
    "media": ((10, 45, 10, 35), (0, 30, 20, 20, 30), 0.4),
    "social": ((15, 25, 0, 60), (20, 20, 15, 0, 45), 0.25),
    "sms": ((50, 20, 0, 30), (50, 30, 0, 0, 20), 0.1),
    "party_a": ((40, 30, 30, 0), (30, 40, 0, 30, 0), 0.95),
    "party_b": ((0, 40, 35, 25), (0, 30, 30, 40, 0), 0.2),
}
POOL = {"monitor": 12, "ngo": 30, "media": 60, "social": 800}


@dataclass
class Event:
    eid: str
    category: str
    subtype: str
    lat: float
    lon: float
    at: datetime
    town: Place
    landmark: Place | None = None
    sea: bool = False
    stripwide: bool = False
    killed: int = 0
    injured: int = 0
    amount: int | None = None
    size: int = 1
    relation: tuple[str, str] | None = None  # ("twin" | "repeat" | "colocated", other event id)
    rumour: bool = False


@dataclass
class Meta:
    """What the breakdown needs to know about a report, kept out of the input file."""

    incident: str
    kinds: set[str] = field(default_factory=set)
    true_category: str = ""


def _pick(rng: random.Random, weights: dict) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _size(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.40:
        return 1
    if r < 0.65:
        return rng.randint(2, 3)
    if r < 0.85:
        return rng.randint(4, 6)
    if r < 0.97:
        return rng.randint(7, 15)
    return rng.randint(16, 40)


def _hour(rng: random.Random, category: str) -> float:
    if category in {"fire_across_line", "incursion", "demolition", "detention"}:
        hour = rng.choice((rng.uniform(0, 6), rng.uniform(6, 24), rng.uniform(18, 24)))
    elif category in {"missed_commitment", "restriction_of_monitors", "attack_on_humanitarian", "looting"}:
        hour = rng.uniform(7, 18)
    else:
        hour = rng.uniform(6, 22) if rng.random() < 0.8 else rng.uniform(0, 24)
    return hour


def _inside(rng: random.Random, lat: float, lon: float, lo: float, hi: float, centre: float, spread: float):
    for _ in range(30):
        p = offset(lat, lon, rng.uniform(lo, hi), centre + rng.uniform(-spread, spread))
        if in_strip(*p):
            return p
    return offset(lat, lon, rng.uniform(0, 300), rng.uniform(0, 360))


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.events: list[Event] = []
        self.towns = list(TOWNS)
        self.town_weights = [t.weight for t in TOWNS]

    def _id(self, prefix: str) -> str:
        return f"{prefix}-{self.rng.getrandbits(40):010x}"

    def _town(self) -> Place:
        return self.rng.choices(self.towns, weights=self.town_weights)[0]

    def place(self, category: str, subtype: str) -> dict:
        rng = self.rng
        town = self._town()
        if subtype == "fishermen":
            coastal = [t for t in TOWNS if t.coastal]
            town = rng.choice(coastal)
            lat, lon = offset(town.lat, town.lon, rng.uniform(1000, 5000), SEAWARD + rng.uniform(-20, 20))
            return {"lat": lat, "lon": lon, "town": town, "sea": True}
        if subtype == "tent":
            town = rng.choice(
                [t for t in TOWNS if t.key in {"mawasi", "deir_al_balah", "zawayda", "nuseirat"}]
            )
            lat, lon = _inside(rng, town.lat, town.lon, 0, 1200, 0, 180)
            return {"lat": lat, "lon": lon, "town": town}
        if category == "attack_on_humanitarian":
            r = rng.random()
            if r < 0.4 or subtype == "facility":
                mark = rng.choice(FACILITIES)
            elif r < 0.6:
                mark = rng.choice(CROSSINGS)
            else:
                mark = None
            if mark is not None:
                lat, lon = offset(mark.lat, mark.lon, rng.uniform(0, 150), rng.uniform(0, 360))
                return {"lat": lat, "lon": lon, "town": nearest_town(mark.lat, mark.lon), "landmark": mark}
        if category == "looting" and rng.random() < 0.4:
            ks = CROSSINGS[0]
            dest = rng.choice([t for t in TOWNS if t.key in {"rafah", "khan_yunis", "shokat", "al_nasr"}])
            f = rng.uniform(0.15, 0.85)
            lat, lon = ks.lat + f * (dest.lat - ks.lat), ks.lon + f * (dest.lon - ks.lon)
            lat, lon = offset(lat, lon, rng.uniform(0, 300), rng.uniform(0, 360))
            return {"lat": lat, "lon": lon, "town": nearest_town(lat, lon)}
        if category == "missed_commitment":
            if rng.random() < 0.7:
                mark = rng.choices(CROSSINGS, weights=[c.weight for c in CROSSINGS])[0]
                return {
                    "lat": mark.lat,
                    "lon": mark.lon,
                    "town": nearest_town(mark.lat, mark.lon),
                    "landmark": mark,
                }
            gov = GOVERNORATES["gaza"]
            return {"lat": gov.lat, "lon": gov.lon, "town": TOWNS[0], "stripwide": True}
        line = category in LINE or (
            category in {"detention", "attack_on_civilians", "restriction_of_monitors"} and rng.random() < 0.5
        )
        if line:
            lat, lon = _inside(rng, town.lat, town.lon, 800, 4000, INLAND, 35)
        else:
            lat, lon = _inside(rng, town.lat, town.lon, 0, 1500, 0, 180)
        return {"lat": lat, "lon": lon, "town": nearest_town(lat, lon) if rng.random() < 0.7 else town}

    def casualties(self, category: str, subtype: str) -> tuple[int, int]:
        rng = self.rng
        if category == "fire_across_line":
            if rng.random() < 0.45:
                return 0, 0
            return rng.choice((0, 0, 0, 1, 1, 2, 3)), rng.randint(0, 6)
        if category == "attack_on_civilians":
            return rng.choice((0, 1, 1, 1, 2, 3, 4)), rng.randint(0 if subtype != "tent" else 2, 8)
        if category == "attack_on_humanitarian":
            return rng.choice((0, 0, 0, 1)), rng.randint(0, 3)
        if category == "uxo" and subtype == "blast":
            return rng.choice((0, 0, 1, 2)), rng.randint(1, 5)
        return 0, 0

    def amount(self, category: str) -> int | None:
        rng = self.rng
        return {
            "detention": rng.randint(1, 12),
            "demolition": rng.randint(2, 30),
            "missed_commitment": rng.randint(60, 350),
            "looting": rng.randint(2, 25),
        }.get(category)

    def event(
        self, category: str, at: datetime, where: dict | None = None, subtype: str | None = None
    ) -> Event:
        rng = self.rng
        subtype = subtype or rng.choice(list(ph.WHAT[category]))
        if where is None:
            where = self.place(category, subtype)
        killed, injured = self.casualties(category, subtype)
        size = _size(rng)
        if killed:
            size = max(size, round(size * 1.5))
        ev = Event(
            self._id("ev"),
            category,
            subtype,
            at=at,
            killed=killed,
            injured=injured,
            amount=self.amount(category),
            size=size,
            **where,
        )
        self.events.append(ev)
        return ev

    def ordinary(self) -> None:
        rng = self.rng
        category = _pick(rng, CATEGORY_MIX)
        day = rng.randrange(DAYS)
        at = START + timedelta(days=day, hours=_hour(rng, category))
        ev = self.event(category, at)
        near = {
            "lat": ev.lat,
            "lon": ev.lon,
            "town": ev.town,
            "landmark": ev.landmark,
            "sea": ev.sea,
            "stripwide": ev.stripwide,
        }
        if category in TWIN_CATEGORIES and rng.random() < 0.10 and not ev.sea:
            lat, lon = _inside(rng, ev.lat, ev.lon, 1000, 3000, 0, 180)
            twin = self.event(
                category,
                at + timedelta(minutes=rng.choice((-1, 1)) * rng.uniform(30, 150)),
                {"lat": lat, "lon": lon, "town": nearest_town(lat, lon)},
            )
            twin.relation = ("twin", ev.eid)
        if category in REPEAT_CATEGORIES and rng.random() < (
            0.3 if category == "missed_commitment" else 0.05
        ):
            lat, lon = offset(ev.lat, ev.lon, rng.uniform(0, 300), rng.uniform(0, 360))
            again = self.event(
                category,
                at + timedelta(hours=rng.uniform(18, 30)),
                {**near, "lat": lat, "lon": lon},
                subtype=ev.subtype,
            )
            again.relation = ("repeat", ev.eid)
        partner = COLOCATED.get(category)
        if partner == "missed_commitment" and (ev.landmark not in CROSSINGS or ev.stripwide):
            partner = None  # a commitment is missed at a crossing or nowhere in particular
        if partner == "attack_on_humanitarian" and ev.stripwide:
            partner = None
        if partner and rng.random() < 0.06:
            lat, lon = offset(ev.lat, ev.lon, rng.uniform(0, 400), rng.uniform(0, 360))
            other = self.event(
                partner, at + timedelta(minutes=rng.uniform(-45, 45)), {**near, "lat": lat, "lon": lon}
            )
            other.relation = ("colocated", ev.eid)

    def rumour(self) -> None:
        rng = self.rng
        category, subtype = rng.choice(
            (
                ("incursion", "vehicles"),
                ("attack_on_civilians", "shooting"),
                ("attack_on_civilians", "strike_home"),
                ("detention", "men"),
                ("attack_on_humanitarian", "convoy"),
                ("fire_across_line", "artillery"),
            )
        )
        town = self._town()
        at = START + timedelta(days=rng.randrange(DAYS), hours=rng.uniform(6, 23))
        ev = self.event(category, at, {"lat": town.lat, "lon": town.lon, "town": town}, subtype=subtype)
        ev.rumour, ev.size = True, rng.randint(8, 40)
        ev.killed, ev.injured = (
            (rng.randint(3, 20), rng.randint(5, 30)) if category == "attack_on_civilians" else (0, 0)
        )


# ---------------------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------------------


def _iso(moment: datetime, rng: random.Random) -> str:
    if rng.random() < 0.4:
        return moment.astimezone(LOCAL).isoformat(timespec="seconds")
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _daypart(hour: int) -> tuple[str, int]:
    if hour < 6:
        return "night", 3
    if hour < 12:
        return "morning", 9
    if hour < 18:
        return "afternoon", 15
    return "evening", 21


class _Reporter:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def when(self, ev: Event, mode: str, lang: str) -> tuple[str, int, str, str, set[str]]:
        """occurred_at, time_precision, phrase in the text, hh:mm, kinds."""
        rng = self.rng
        kinds: set[str] = set()
        if mode == "exact":
            t = ev.at + timedelta(minutes=rng.gauss(0, 6))
            loc = t.astimezone(LOCAL)
            hhmm = loc.strftime("%H:%M")
            phrase = (
                rng.choice((f"at {hhmm}", f"at {loc.strftime('%I:%M %p').lstrip('0').lower()}", ""))
                if lang == "en"
                else rng.choice((f"الساعة {hhmm}", ""))
            )
            return _iso(t, rng), 1, phrase, hhmm, kinds
        if mode == "hour":
            t = ev.at.astimezone(LOCAL)
            t = t.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1 if t.minute >= 30 else 0)
            if rng.random() < 0.15:
                t += timedelta(hours=rng.choice((-1, 1)))
            h12 = t.strftime("%I %p").lstrip("0").lower()
            phrase = (
                rng.choice((f"around {h12}", f"at about {t:%H}:00"))
                if lang == "en"
                else rng.choice((f"نحو الساعة {t:%H}:00", f"حوالي الساعة {t.hour}"))
            )
            return _iso(t, rng), 1, phrase, t.strftime("%H:%M"), kinds
        if mode == "daypart":
            loc = ev.at.astimezone(LOCAL)
            part, mid = _daypart(loc.hour)
            t = loc.replace(hour=mid, minute=0, second=0, microsecond=0)
            phrase = rng.choice((ph.DAYPART_EN if lang == "en" else ph.DAYPART_AR)[part])
            return _iso(t, rng), 1, phrase, t.strftime("%H:%M"), kinds
        if mode == "date":
            loc = ev.at.astimezone(LOCAL)
            kinds.add("date_only")
            if lang == "en":
                phrase = rng.choice(
                    (
                        f"on {loc.day} {ph.MONTH_EN[loc.month]}",
                        f"on {ph.WEEKDAY_EN[loc.weekday()]}",
                        f"on {loc:%d/%m}",
                    )
                )
            else:
                phrase = rng.choice(
                    (
                        f"يوم {ph.WEEKDAY_AR[loc.weekday()]}",
                        f"بتاريخ {loc.day}/{loc.month}",
                        f"يوم {ph.WEEKDAY_AR[loc.weekday()]} {loc.day} {ph.MONTH_AR[loc.month]}",
                    )
                )
            stamp = (
                loc.date().isoformat()
                if rng.random() < 0.6
                else loc.replace(hour=0, minute=0, second=0, microsecond=0).isoformat()
            )
            return stamp, 1, phrase, "", kinds
        # late: the time the report was sent taken as the time of the event
        kinds.add("late")
        t = ev.at + timedelta(hours=rng.uniform(1.5, 8))
        precision = 1
        if rng.random() < 0.5:
            t = t.replace(minute=0, second=0, microsecond=0)
        phrase = (
            rng.choice(("just now", "minutes ago", ""))
            if lang == "en"
            else rng.choice(("قبل قليل", "الآن", ""))
        )
        return _iso(t, rng), precision, phrase, t.astimezone(LOCAL).strftime("%H:%M"), kinds

    def where(
        self, ev: Event, mode: str, lang: str, source: str
    ) -> tuple[float | None, float | None, int, str, set]:
        """lat, lon, geo_precision, phrase, kinds."""
        rng = self.rng
        en = lang == "en"
        town_name = rng.choice(ev.town.en if en else ev.town.ar)
        gov = GOVERNORATES[ev.town.gov]
        gov_name = rng.choice(gov.en if en else gov.ar)
        d = distance_m(ev.town.lat, ev.town.lon, ev.lat, ev.lon)
        b = bearing(ev.town.lat, ev.town.lon, ev.lat, ev.lon)
        if rng.random() < 0.17:
            b += rng.choice((-45, 45))
        k = ph.compass(b)
        if ev.stripwide:
            phrase = (
                rng.choice(("across the Strip", "in Gaza"))
                if en
                else rng.choice(("في قطاع غزة", "في القطاع"))
            )
        elif ev.landmark is not None and rng.random() < 0.8:
            mark = rng.choice(ev.landmark.en if en else ev.landmark.ar)
            phrase = (
                rng.choice((f"at {mark}", f"near {mark}"))
                if en
                else rng.choice((f"عند {mark}", f"قرب {mark}"))
            )
        elif ev.sea:
            phrase = f"off the coast of {town_name}" if en else f"قبالة ساحل {town_name}"
        elif d < 800:
            phrase = (
                rng.choice((f"in {town_name}", f"near {town_name}"))
                if en
                else rng.choice((f"في {town_name}", f"بالقرب من {town_name}"))
            )
        elif en:
            km = f"about {round(d / 1000)} km " if rng.random() < 0.3 and d > 1500 else ""
            phrase = (
                rng.choice((f"{km}{ph.COMPASS_EN[k]} of {town_name}", f"on the outskirts of {town_name}"))
                if not km
                else f"{km}{ph.COMPASS_EN[k]} of {town_name}"
            )
        else:
            phrase = rng.choice(
                (
                    f"{ph.COMPASS_AR[k]} {town_name}",
                    f"في المناطق الشرقية من {town_name}"
                    if ph.COMPASS_EN[k].endswith("east")
                    else f"{ph.COMPASS_AR[k]} {town_name}",
                )
            )
        if mode == "gov" and not ev.landmark and rng.random() < 0.6:
            phrase = f"in {gov_name}" if en else f"في {gov_name}"
        kinds: set[str] = set()
        if ev.stripwide and mode in {"precise", "town"}:
            mode = "gov"
        if mode == "precise":
            lo, hi = (30, 250) if source == "monitor" else (50, 500)
            lat, lon = offset(ev.lat, ev.lon, rng.uniform(lo, hi), rng.uniform(0, 360))
            kinds.add("precise")
            return round(lat, 5), round(lon, 5), 1, phrase, kinds
        if mode == "town":
            base = ev.landmark if ev.landmark is not None else ev.town
            kinds.add("snapped")
            return base.lat, base.lon, 2, phrase, kinds
        if mode == "gov":
            kinds.add("snapped")
            return gov.lat, gov.lon, 3, phrase, kinds
        kinds.add("no_coords")
        return (
            None,
            None,
            (3 if ev.stripwide or phrase.startswith(("in " + gov_name, "في " + gov_name)) else 2),
            phrase,
            kinds,
        )

    def claims(self, ev: Event, source: str) -> tuple[int | None, int | None]:
        rng = self.rng
        if source == "party_a":
            return 0, 0
        r = rng.random()
        if r < 0.5:
            return ev.killed, ev.injured
        if r < 0.8:
            return max(0, ev.killed + rng.choice((-1, 0, 1))), max(0, ev.injured + rng.randint(-3, 3))
        return None, None

    def category(self, ev: Event, source: str) -> str:
        rate = {"monitor": 0.01, "social": 0.06, "sms": 0.06}.get(source, 0.04)
        if self.rng.random() < rate:
            return self.rng.choice(RELATED[ev.category])
        return ev.category

    def text(self, ev: Event, register: str, lang: str, category: str, c: dict) -> str:
        rng = self.rng
        subtypes = ph.WHAT[category]
        sub = ev.subtype if ev.subtype in subtypes else rng.choice(list(subtypes))
        en_what, ar_what = subtypes[sub] if rng.random() < 0.85 else ph.GENERIC[category]
        c = {**c, "what": rng.choice(en_what if lang == "en" else ar_what)}
        if lang == "en":
            return ph.render_en(register, category, c, rng)
        return ph.arabic_variant(ph.render_ar(register, category, c, rng), rng)


def generate(n: int, seed: int = 1) -> tuple[list[dict], dict[str, str], dict[str, Meta], dict[str, Event]]:
    """``n`` reports: records in arrival order, labels (report id -> event id), report and event metadata."""
    b = _Builder(seed)
    rng = b.rng
    total = 0
    while total < n:
        before = len(b.events)
        if rng.random() < RUMOUR_SHARE:
            b.rumour()
        else:
            b.ordinary()
        total += sum(ev.size for ev in b.events[before:])
    rep = _Reporter(rng)
    rows: list[tuple[datetime, dict, Meta]] = []
    for ev in b.events:
        rows.extend(_reports(ev, rep, rng))
    rows.sort(key=lambda row: row[0])
    rows = rows[:n] if len(rows) > n else rows
    for _ in range(len(rows) // 20):  # a little disorder in arrival, as from several channels
        i = rng.randrange(len(rows))
        j = min(len(rows) - 1, i + rng.randint(1, 20))
        rows[i], rows[j] = rows[j], rows[i]
    records = [r for _, r, _ in rows]
    labels = {r["id"]: m.incident for _, r, m in rows}
    meta = {r["id"]: m for _, r, m in rows}
    return records, labels, meta, {ev.eid: ev for ev in b.events}


def _reports(ev: Event, rep: _Reporter, rng: random.Random) -> list[tuple[datetime, dict, Meta]]:
    mix = SOURCE_MIX.get(ev.category, SOURCE_MIX[None])
    used: set[str] = set()
    out: list[tuple[datetime, dict, Meta]] = []
    derived = rng.random() < 0.15 and ev.size >= 3 and not ev.rumour
    shared_origin = f"orig-{rng.getrandbits(32):08x}"
    n_derived = 0
    original: tuple[str, str] | None = None
    for _ in range(ev.size):
        if ev.rumour:
            kind = rng.choices(("social", "sms"), weights=(80, 20))[0]
        else:
            for _attempt in range(5):
                kind = rng.choices(SOURCE_TYPES, weights=mix)[0]
                if kind not in {"party_a", "party_b"} or kind not in used:
                    break
            else:
                kind = "social"
        used.add(kind)
        source = _source(kind, rng, used)
        place_w, time_w, p_en = STYLE[kind]
        lang = "en" if rng.random() < p_en else "ar"
        place_mode = rng.choices(PLACE_MODES, weights=place_w)[0]
        time_mode = rng.choices(TIME_MODES, weights=time_w)[0]
        if ev.category == "missed_commitment":
            time_mode = "date" if rng.random() < 0.7 else time_mode
        origin = None
        kinds: set[str] = set()
        if ev.rumour:
            origin = f"orig-{ev.eid[3:]}"
            place_mode = rng.choices(("none", "town", "gov"), weights=(50, 35, 15))[0]
            time_mode = rng.choices(("late", "date", "hour", "exact"), weights=(45, 25, 15, 15))[0]
            kinds.add("rumour")
        elif derived and kind in {"media", "ngo"} and n_derived < 3:
            origin, n_derived = shared_origin, n_derived + 1
            kinds.add("derived")
        lat, lon, geo, where, place_kinds = rep.where(ev, place_mode, lang, kind)
        occurred, tprec, when, hhmm, time_kinds = rep.when(ev, time_mode, lang)
        category = ev.category if ev.rumour else rep.category(ev, kind)
        killed, injured = rep.claims(ev, kind)
        en = lang == "en"
        amount = ev.amount if ev.category != "missed_commitment" or ev.subtype == "trucks" else None
        if amount is not None and rng.random() < 0.3:  # figures differ between sources too
            amount = max(1, round(amount * rng.uniform(0.7, 1.3)))
        town_name = rng.choice(ev.town.en if en else ev.town.ar)
        c = {
            "where": where,
            "when": when,
            "hhmm": hhmm or "",
            "town": town_name,
            "cas": ph.casualties_en(killed, injured, rng) if en else ph.casualties_ar(killed, injured, rng),
            "cas_short": ph.casualties_en(killed, injured, rng, short=True) if en else "",
            "qty": ph.quantity_en(ev.category, amount) if en else ph.quantity_ar(ev.category, amount),
            "coords": f" ({lat:.4f}, {lon:.4f})" if lat is not None and geo == 1 else "",
        }
        if ev.rumour and original is not None and rng.random() < 0.45:
            text = (
                rng.choice(("Fwd: ", "RT ", "", "fwd ")) + original[0]
                if original[1] == lang
                else rep.text(ev, "social", lang, ev.category, c)
            )
        else:
            text = rep.text(ev, kind, lang, ev.category, c)  # a wrong category is a form error: text is right
            if ev.rumour:
                hedge = (
                    rng.choice(("Unconfirmed reports: ", "Reports circulating that ", ""))
                    if en
                    else rng.choice(("أنباء غير مؤكدة عن ", "يتداول نشطاء ", "منقول: "))
                )
                text = hedge + text
                original = original or (text, lang)
        if category != ev.category:
            kinds.add("miscategorised")
        kinds |= place_kinds | time_kinds
        if lang == "ar":
            kinds.add("arabic")
        record = {
            "id": f"r{rng.getrandbits(48):012x}",
            "text": text,
            "lang": lang,
            "lat": lat,
            "lon": lon,
            "geo_precision": geo,
            "occurred_at": occurred,
            "time_precision": tprec,
            "category": category,
            "source": source,
            "origin": origin,
        }
        arrival = ev.at + timedelta(hours=rng.expovariate(1 / 3))
        out.append((arrival, record, Meta(ev.eid, kinds, ev.category)))
    return out


def _source(kind: str, rng: random.Random, used: set[str]) -> str:
    if kind == "party_a":
        return "party-a-liaison"
    if kind == "party_b":
        return "party-b-media-office"
    if kind == "sms":
        return "hotline"
    prefix = {"monitor": "mvt", "ngo": "ngo", "media": "media", "social": "sm"}[kind]
    for _ in range(10):
        name = f"{prefix}-{rng.randrange(POOL[kind]):03d}"
        if name not in used:
            used.add(name)
            return name
    return name
