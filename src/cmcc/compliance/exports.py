"""Incident exports: CSV, HXL-tagged CSV, XLSX and ACLED-compatible CSV. Callers pass the
incidents a selector returned for the viewer, so every export goes through the access check; the
casualty figures come only from the reports the viewer may see, as a range, never a sum."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cmcc.core.access import Actor

from . import rules
from .incidents import selectors as incidents
from .intake import selectors as intake
from .vocab import Category

# (column, HXL hashtag)
COLUMNS: list[tuple[str, str]] = [
    ("reference", "#event+id"),
    ("title", "#event+name"),
    ("category", "#event+type+code"),
    ("category_label", "#event+type+name"),
    ("occurred_at", "#date+occurred"),
    ("time_precision", "#meta+precision+time"),
    ("first_reported_event", "#date+start"),
    ("last_reported_event", "#date+end"),
    ("place", "#loc+name"),
    ("governorate", "#adm2+name"),
    ("governorate_pcode", "#adm2+code"),
    ("lat", "#geo+lat"),
    ("lon", "#geo+lon"),
    ("geo_precision", "#meta+precision+geo"),
    ("stage", "#status+stage"),
    ("determination", "#status+determination"),
    ("attribution", "#status+attribution"),
    ("attributed_to", "#org+attributed"),
    ("reports", "#meta+reports+num"),
    ("independent_origins", "#meta+origins+num"),
    ("corroboration", "#meta+corroboration"),
    ("killed_low", "#affected+killed+min+num"),
    ("killed_high", "#affected+killed+max+num"),
    ("injured_low", "#affected+injured+min+num"),
    ("injured_high", "#affected+injured+max+num"),
    ("casualty_claims", "#description+claims"),
    ("sources", "#meta+source"),
    ("updated_at", "#date+updated"),
]
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
VIOLENT = "Political violence"
STRATEGIC = "Strategic developments"
# category → (disorder_type, event_type, sub_event_type), after ACLED's codebook
ACLED_TYPES: dict[str, tuple[str, str, str]] = {
    Category.FIRE_ACROSS_LINE: (VIOLENT, "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    Category.INCURSION: (STRATEGIC, STRATEGIC, "Other"),
    Category.ARMED_PRESENCE: (STRATEGIC, STRATEGIC, "Other"),
    Category.ATTACK_ON_CIVILIANS: (VIOLENT, "Violence against civilians", "Attack"),
    Category.ATTACK_ON_HUMANITARIAN: (VIOLENT, "Violence against civilians", "Attack"),
    Category.LOOTING: (STRATEGIC, STRATEGIC, "Looting/property destruction"),
    Category.DETENTION: (STRATEGIC, STRATEGIC, "Arrests"),
    Category.DEMOLITION: (STRATEGIC, STRATEGIC, "Looting/property destruction"),
    Category.MISSED_COMMITMENT: (STRATEGIC, STRATEGIC, "Other"),
    Category.RESTRICTION_OF_MONITORS: (STRATEGIC, STRATEGIC, "Other"),
    Category.UXO: (STRATEGIC, STRATEGIC, "Disrupted weapons use"),
    Category.LIVE_FIRE_EXERCISE: (STRATEGIC, STRATEGIC, "Other"),
    Category.OTHER: (STRATEGIC, STRATEGIC, "Other"),
}


@dataclass
class Facts:
    """What the viewer's visible reports say about one incident."""

    claims: list[rules.Claim]
    sources: list[str]
    perpetrators: Counter
    perpetrator_types: Counter
    victims: Counter
    victim_types: Counter


def facts(actor: Actor, items: Sequence) -> dict:
    """Per incident id: claims, sources, alleged perpetrators and victims from visible reports."""
    out: dict = {i.pk: Facts([], [], Counter(), Counter(), Counter(), Counter()) for i in items}
    if not out:
        return out
    assessments = list(incidents.assessments_for_incidents(actor=actor, incident_ids=list(out)))
    reports = [a.report for a in assessments]
    claims_by_report: dict = {}
    for c in intake.claims_for(actor=actor, reports=reports):
        claims_by_report.setdefault(c.report_id, []).append(c)
    for a in assessments:
        r, f = a.report, out[a.incident_id]
        who = r.source_name or (a.source.name if a.source else r.owner_org.name)
        if who not in f.sources:
            f.sources.append(who)
        if r.perpetrator:
            f.perpetrators[r.perpetrator] += 1
        if r.perpetrator_type:
            f.perpetrator_types[r.perpetrator_type] += 1
        if r.victim:
            f.victims[r.victim] += 1
        if r.victim_type:
            f.victim_types[r.victim_type] += 1
        for c in claims_by_report.get(r.pk, []):
            f.claims.append(
                rules.Claim(c.kind, c.population, c.count, c.count_max, c.claimed_by or who, str(r.pk))
            )
    return out


def _range(spread: list[rules.Spread], kind: str) -> tuple[int | None, int | None]:
    """The range of one kind across populations: the lowest and highest single-population figures
    (never a total across sources)."""
    rows = [s for s in spread if s.kind == kind]
    if not rows:
        return None, None
    return min(s.low for s in rows), max(s.high for s in rows)


def _claims_text(claims: Iterable[rules.Claim]) -> str:
    return "; ".join(f"{c.figure} {c.kind} ({c.population}) per {c.claimed_by}" for c in claims)


def rows(actor: Actor, items: Sequence) -> list[dict]:
    known = facts(actor, items)
    out = []
    for i in items:
        f = known[i.pk]
        spread = rules.casualty_spread(f.claims)
        killed, injured = _range(spread, "killed"), _range(spread, "injured")
        out.append(
            {
                "reference": i.reference,
                "title": i.title,
                "category": i.category,
                "category_label": str(i.get_category_display()),
                "occurred_at": i.occurred_at.astimezone(dt.UTC).isoformat(timespec="minutes"),
                "time_precision": i.time_precision,
                "first_reported_event": i.first_at.date().isoformat(),
                "last_reported_event": i.last_at.date().isoformat(),
                "place": i.place_name,
                "governorate": i.governorate,
                "governorate_pcode": i.governorate_pcode,
                "lat": "" if i.lat is None else f"{i.lat:.5f}",
                "lon": "" if i.lon is None else f"{i.lon:.5f}",
                "geo_precision": i.geo_precision,
                "stage": i.status,
                "determination": i.determination,
                "attribution": i.attribution,
                "attributed_to": i.attributed_to,
                "reports": i.report_count,
                "independent_origins": i.origin_count,
                "corroboration": rules.corroboration_level(i.report_count, i.origin_count),
                "killed_low": _blank(killed[0]),
                "killed_high": _blank(killed[1]),
                "injured_low": _blank(injured[0]),
                "injured_high": _blank(injured[1]),
                "casualty_claims": _claims_text(f.claims),
                "sources": "; ".join(f.sources),
                "updated_at": i.updated_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
                "_facts": f,
                "_incident": i,
            }
        )
    return out


def _blank(value):
    return "" if value is None else value


def _csv(header: list[str], body: Iterable[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(body)
    return buffer.getvalue()


def to_csv(table: list[dict], hxl: bool = False) -> str:
    names = [name for name, _tag in COLUMNS]
    body = [[row[n] for n in names] for row in table]
    if hxl:
        body.insert(0, [tag for _name, tag in COLUMNS])
    return _csv(names, body)


def to_xlsx(table: list[dict], *, viewer: str, generated: dt.datetime) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "incidents"
    names = [name for name, _tag in COLUMNS]
    sheet.append(names)
    for row in table:
        sheet.append([row[n] for n in names])
    claims = book.create_sheet("casualty claims")
    claims.append(["reference", "kind", "population", "low", "high", "claimed_by", "report_id"])
    for row in table:
        for c in row["_facts"].claims:
            claims.append(
                [row["reference"], c.kind, c.population, c.count, c.high, c.claimed_by, c.report_id]
            )
    about = book.create_sheet("about")
    about.append(["generated (UTC)", generated.astimezone(dt.UTC).isoformat(timespec="seconds")])
    about.append(["for", viewer])
    about.append(["incidents", len(table)])
    about.append(["note", "Casualty figures are claims: ranges across sources, never sums."])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_acled(table: list[dict]) -> str:
    body = []
    for row in table:
        i, f = row["_incident"], row["_facts"]
        disorder, event_type, sub_type = ACLED_TYPES.get(i.category, (STRATEGIC, STRATEGIC, "Other"))
        attributed = i.attribution == "attributed"
        inter1 = f.perpetrator_types.most_common(1)[0][0] if attributed and f.perpetrator_types else ""
        victim = f.victims.most_common(1)[0][0] if f.victims else ""
        inter2 = f.victim_types.most_common(1)[0][0] if f.victim_types else ""
        civilian = i.category == Category.ATTACK_ON_CIVILIANS or inter2 == 7
        fatalities = rules.conservative_fatalities(f.claims)
        notes = [f"{i.title}.", f"Stage: {i.status}."]
        if i.determination:
            notes.append(f"Determination: {i.determination}.")
        notes.append(f"Attribution: {i.attribution or 'not assessed'}.")
        if f.perpetrators:
            notes.append(
                "Alleged perpetrator(s): " + ", ".join(p for p, _n in f.perpetrators.most_common()) + "."
            )
        if f.claims:
            notes.append(f"Casualty claims: {_claims_text(f.claims)}.")
        notes.append(f"Independent origins: {i.origin_count} of {i.report_count} reports.")
        body.append(
            [
                i.reference,
                i.occurred_at.date().isoformat(),
                i.occurred_at.year,
                i.time_precision,
                disorder,
                event_type,
                sub_type,
                i.attributed_to if attributed else "Unattributed",
                "",
                inter1,
                victim,
                "",
                inter2,
                f"{inter1}{inter2}" if inter1 and inter2 else "",
                "Civilian targeting" if civilian else "",
                275,
                "Middle East",
                "Palestine",
                "Gaza Strip",
                i.governorate,
                "",
                i.place_name or i.governorate,
                row["lat"],
                row["lon"],
                i.geo_precision,
                "; ".join(f.sources),
                "Other",
                " ".join(notes),
                0 if fatalities is None else fatalities,
                f"cmcc stage={i.status}; corroboration={row['corroboration']}",
                int(i.updated_at.timestamp()),
            ]
        )
    return _csv(ACLED_COLUMNS, body)


FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "hxl": ("text/csv; charset=utf-8", "hxl.csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "acled": ("text/csv; charset=utf-8", "acled.csv"),
}


def render(fmt: str, actor: Actor, items: Sequence, generated: dt.datetime) -> tuple[bytes, str, str]:
    """(content, content type, file name) of an export of ``items``."""
    table = rows(actor, items)
    content_type, ext = FORMATS[fmt]
    stamp = generated.strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        data = to_xlsx(table, viewer=actor.org_name or actor.name, generated=generated)
    elif fmt == "acled":
        data = to_acled(table).encode()
    else:
        data = to_csv(table, hxl=fmt == "hxl").encode()
    return data, content_type, f"cmcc-incidents-{stamp}.{ext}"
