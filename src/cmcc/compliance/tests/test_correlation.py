"""The correlation engine on hand-made reports: pure Python, no database."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from cmcc.compliance.correlation import (
    Constraints,
    Correlator,
    Params,
    Report,
    ReportError,
    correlate,
    default_gazetteer,
)
from cmcc.compliance.correlation.features import extract
from cmcc.compliance.correlation.gazetteer import KM_PER_DEG_LAT, KM_PER_DEG_LON, to_km
from cmcc.compliance.correlation.scoring import explain, score, time_evidence
from cmcc.compliance.correlation.text import figures, name_skeleton, normalize, text_features, tokens

T0 = datetime(2025, 10, 21, 14, 0, tzinfo=UTC)
JABALIA = (31.5300, 34.4870)  # a spot in Jabalia, off the town's gazetteer point


def report(
    rid: str, text: str, *, minutes: float = 0, north_km: float = 0, east_km: float = 0, **extra
) -> Report:
    lat, lon = extra.pop("at", JABALIA)
    fields = {
        "id": rid,
        "text": text,
        "occurred_at": T0 + timedelta(minutes=minutes),
        "category": extra.pop("category", "attack_on_civilians"),
        "lat": None if lat is None else lat + north_km / KM_PER_DEG_LAT,
        "lon": None if lon is None else lon + east_km / KM_PER_DEG_LON,
        "lang": extra.pop("lang", None),
    }
    fields.update(extra)
    return Report(**fields)


def groups(mapping: dict[str, str]) -> list[set[str]]:
    out: dict[str, set[str]] = {}
    for rid, incident in mapping.items():
        out.setdefault(incident, set()).add(rid)
    return sorted(out.values(), key=lambda g: sorted(g))


def test_arabic_normalisation_and_names_across_scripts():
    assert normalize("إستشهاد") == normalize("استشهاد")
    assert normalize("غزة") == normalize("غزه")
    assert normalize("المغازِي") == "المغازي"
    assert tokens("٣ قتلى") == ["3", "قتلي"]
    assert name_skeleton("المصري"[2:]) == name_skeleton("masri") == name_skeleton("masry")


@pytest.mark.parametrize(
    ("english", "arabic"),
    [
        ("members of the Abu Daqa family", "أفراد من عائلة أبو دقة"),
        ("near the Abu Taha house", "منزل عائلة أبو طه"),
        ("the al-Qudra family home", "قرب منزل القدرة"),
        ("members of the Qudrah family", "منزل عائلة القدرة"),
        ("near the Skaik house", "قرب منزل سكيك"),
        ("the Aqel family home", "أفراد من عائلة عقل"),
        ("members of the Abu Sha'ban family", "منزل عائلة أبو شعبان"),
        ("near the al-Tawil house", "منزل عائلة الطويل"),
        ("the Barbakh family home", "قرب منزل بربخ"),
    ],
)
def test_family_names_match_across_scripts(english, arabic):
    en, ar = text_features(tokens(english)), text_features(tokens(arabic))
    assert en.names and en.names == ar.names
    # the name is a name term only, and the words around it ("members", "family") carry nothing
    assert not en.words and not ar.words


def test_different_family_names_differ_and_need_a_cue():
    assert (
        text_features(tokens("the Abu Daqa family")).names
        != text_features(tokens("the Abu Taha family")).names
    )
    assert not text_features(tokens("tanks entered houses east of the town")).names


def test_apostrophes_join_a_word_and_possessives_go():
    assert tokens("Sha'ban's house") == ["shaban", "house"]
    assert tokens("Shuja’iyya") == ["shujaiyya"]


@pytest.mark.parametrize("text", ["Khan Younis", "Khan Yunis", "khan yunes", "خان يونس", "في خان يونس"])
def test_place_names_resolve_to_one_place(text):
    found = default_gazetteer().find(tokens(text))
    assert [m.place.name_en for m in found] == ["Khan Yunis"]


def test_governorate_only_when_qualified_and_the_strip_is_no_place():
    gaz = default_gazetteer()
    assert gaz.find(tokens("Rafah governorate"))[0].place.kind == "governorate"
    assert gaz.find(tokens("محافظة رفح"))[0].place.kind == "governorate"
    assert gaz.find(tokens("Rafah"))[0].place.kind == "city"
    assert gaz.find(tokens("across the Gaza Strip")) == []


def test_same_event_in_english_and_arabic_is_one_incident_with_reasons():
    english = report(
        "en", "Drone strike on a school in Jabalia, 3 killed including children, al-Masri family"
    )
    arabic = report(
        "ar", "غارة بطائرة مسيرة على مدرسة في جباليا، استشهاد ٣ بينهم أطفال من عائلة المصري", minutes=40,
        north_km=0.3, east_km=0.15,
    )  # fmt: skip
    mapping, correlator = correlate([english, arabic])
    assert mapping == {"en": "en", "ar": "en"}  # the incident takes the id of its first report
    reasons = " ; ".join(correlator.links["ar"].reasons)
    assert "same category" in reasons
    assert "shared place name 'Jabalia' / 'جباليا'" in reasons
    assert "text similarity" in reasons and "m from the incident centre" in reasons


def test_rumour_repeated_twenty_times_is_one_incident_with_one_independent_origin():
    reports = [
        report(
            f"r{i:02d}",
            "URGENT: quadcopter fired at people collecting water near Beit Lahia, 2 wounded"
            if i % 2
            else "عاجل: طائرة مسيرة تطلق النار على مواطنين قرب بئر مياه في بيت لاهيا، إصابة 2",
            at=(None, None),
            minutes=i * 7,
            origin="channel-17/post-3301",
            geo_precision=2,
        )
        for i in range(20)
    ]
    mapping, correlator = correlate(reports)
    assert len(set(mapping.values())) == 1
    (summary,) = correlator.summaries()
    assert len(summary.report_ids) == 20
    assert summary.independent_origins == 1
    assert not summary.corroborated


def test_independent_origins_are_counted_and_null_origin_is_its_own():
    reports = [
        report("a", "Tank fire hit homes east of Jabalia, 2 injured", origin="agency-1"),
        report("b", "Tank fire hit homes east of Jabalia, 2 injured", origin="agency-1", minutes=10),
        report("c", "Tank shelling on houses east of Jabalia, two wounded", minutes=20, east_km=0.2),
    ]
    _mapping, correlator = correlate(reports)
    (summary,) = correlator.summaries()
    assert summary.independent_origins == 2
    assert summary.corroborated


def test_different_categories_300_m_apart_in_the_same_hour_stay_apart():
    reports = [
        report("fire", "Tank fire toward farmland east of Jabalia", category="fire_across_line"),
        report(
            "inc",
            "Tanks advanced past the line east of Jabalia",
            category="incursion",
            minutes=20,
            east_km=0.3,
        ),
        report("fire2", "Tank shelling at fields east of Jabalia", category="fire_across_line", minutes=5),
        report("inc2", "Incursion by tanks east of Jabalia", category="incursion", minutes=25, east_km=0.25),
    ]
    mapping, _ = correlate(reports)
    assert groups(mapping) == [{"fire", "fire2"}, {"inc", "inc2"}]


def test_same_category_5_km_apart_stays_apart():
    reports = [
        report("n1", "Sniper fire at a bakery queue in Jabalia, 1 killed"),
        report("n2", "قناص يطلق النار على طابور مخبز في جباليا، مقتل 1", minutes=15, north_km=0.2),
        report("s1", "Sniper fire at a bakery queue, 1 killed", minutes=10, north_km=-5.0),
        report("s2", "Sniper fire at people queuing for bread, one dead", minutes=20, north_km=-5.1),
    ]
    mapping, _ = correlate(reports)
    assert groups(mapping) == [{"n1", "n2"}, {"s1", "s2"}]


def test_reports_without_coordinates_link_by_place_name_in_either_script():
    reports = [
        report("geo", "Artillery shelling hit a market in Nuseirat, 4 killed", at=(31.4491, 34.3931)),
        report("en", "Shelling of the Nuseirat market, 4 dead", at=(None, None), minutes=30, geo_precision=2),
        report("ar", "قصف مدفعي على سوق النصيرات، استشهاد 4", at=(None, None), minutes=45, geo_precision=2),
        report(
            "far", "Shelling of a market in Rafah, 4 killed", at=(None, None), minutes=40, geo_precision=2
        ),
    ]
    mapping, correlator = correlate(reports)
    assert mapping["en"] == mapping["ar"] == mapping["geo"]
    assert mapping["far"] != mapping["geo"]
    assert any("located by place name 'Nuseirat'" in r for r in correlator.links["ar"].reasons)


def test_cannot_link_splits_and_must_link_merges():
    same = [
        report("a", "Drone strike on tents in Jabalia, 2 killed"),
        report("b", "Drone strike on tents of displaced families in Jabalia, 2 killed", minutes=10),
        report("c", "Drone strike on tents in Jabalia, 2 dead", minutes=20),
    ]
    assert len(set(correlate(same)[0].values())) == 1
    split, _ = correlate(same, Constraints(cannot_link=(("a", "c"),)))
    assert split["a"] != split["c"]
    far = report(
        "z", "Demolition of homes in Rafah", category="demolition", at=(31.2752, 34.2558), minutes=600
    )
    merged, correlator = correlate([*same, far], Constraints(must_link=(("a", "z"),)))
    assert merged["z"] == merged["a"]
    assert correlator.links["z"].reasons == ("analyst must-link",)


def test_contradictory_constraints_are_refused():
    with pytest.raises(ValueError, match="both must-link and cannot-link"):
        Correlator(Constraints(must_link=(("a", "b"),), cannot_link=(("b", "a"),)))


def test_incremental_add_and_batch_are_deterministic():
    reports = [
        report(
            "x1",
            "Gunmen looted 12 trucks of flour from a convoy in Rafah",
            category="looting",
            at=(31.28, 34.26),
        ),
        report(
            "x2",
            "مسلحون نهبوا 12 شاحنة طحين من قافلة في رفح",
            category="looting",
            at=(None, None),
            minutes=30,
        ),
        report(
            "y1",
            "Looting of fuel at a warehouse in Gaza City",
            category="looting",
            at=(31.51, 34.46),
            minutes=5,
        ),
    ]
    first, _ = correlate(reports)
    again, _ = correlate(list(reversed(reports)))
    assert first == again
    correlator = Correlator()
    links = [correlator.add(r) for r in reports]
    assert links[0].new_incident and links[0].incident_id == "x1"
    assert links[1].incident_id == "x1" and links[1].score is not None and links[1].reasons
    assert links[2].new_incident


def test_records_are_validated_field_by_field():
    good = {
        "id": "r1", "text": "t", "lang": "en", "lat": 31.5, "lon": 34.4, "geo_precision": 1,
        "occurred_at": "2025-10-21", "time_precision": 1, "category": "uxo", "source": None, "origin": None,
    }  # fmt: skip
    assert Report.from_dict(good).date_only
    for field, value in [
        ("category", "war"),
        ("occurred_at", "yesterday"),
        ("geo_precision", 4),
        ("lat", 91),
    ]:
        with pytest.raises(ReportError) as caught:
            Report.from_dict({**good, field: value})
        assert caught.value.field == field
    with pytest.raises(ReportError, match="both"):
        Report.from_dict({**good, "lon": None})


def test_records_written_by_other_tools_are_read_the_same():
    """Numbers as JSON text, a category written as its label, empty strings for null: the same
    report; text that is not a number, a precision of 2.5 or an unknown category is still refused."""
    good = {
        "id": "r1", "text": "t", "lat": 31.5, "lon": 34.4, "geo_precision": 2,
        "occurred_at": "2025-10-21T10:00", "time_precision": 1, "category": "fire_across_line",
        "source": None, "origin": None,
    }  # fmt: skip
    same = {
        **good, "lat": "31.5", "lon": " 34.4 ", "geo_precision": "2", "time_precision": 1.0,
        "category": "Fire across-line", "source": "", "origin": "",
    }  # fmt: skip
    assert Report.from_dict(same) == Report.from_dict(good)
    assert Report.from_dict({**good, "lat": "", "lon": ""}).lat is None
    assert Report.from_dict({**good, "geo_precision": ""}).geo_precision == 3
    for field, value in [("lat", "north"), ("geo_precision", "2.5"), ("category", "airstrike")]:
        with pytest.raises(ReportError) as caught:
            Report.from_dict({**good, field: value})
        assert caught.value.field == field


def test_a_date_written_as_midnight_is_the_day_alone():
    base = {"id": "r1", "text": "t", "category": "uxo", "time_precision": 1}
    day = Report.from_dict({**base, "occurred_at": "2025-10-21"})
    assert day.date_only and day.occurred_at == datetime(2025, 10, 21, 12, tzinfo=UTC)
    midnight = Report.from_dict({**base, "occurred_at": "2025-10-21T00:00:00"})
    assert midnight.date_only and midnight.occurred_at == day.occurred_at
    local = Report.from_dict({**base, "occurred_at": "2025-10-21T00:00:00+02:00"})
    assert local.date_only and local.occurred_at == datetime(2025, 10, 21, 10, tzinfo=UTC)  # noon there
    timed = Report.from_dict({**base, "occurred_at": "2025-10-21T00:00:01+02:00"})
    assert not timed.date_only and timed.occurred_at == datetime(2025, 10, 20, 22, 0, 1, tzinfo=UTC)


def test_parallel_batch_gives_the_same_incidents(monkeypatch):
    from cmcc.compliance.correlation import engine

    reports = [
        report(f"f{i}", "Tank fire at farmland east of Jabalia", category="fire_across_line", minutes=i * 3)
        for i in range(4)
    ] + [
        report(f"u{i}", "Unexploded shell found in a school in Jabalia", category="uxo", minutes=i)
        for i in range(3)
    ]
    alone, _ = correlate(reports)
    monkeypatch.setattr(engine, "PARALLEL_MIN_REPORTS", 1)
    together, result = correlate(reports, workers=2)
    assert together == alone
    assert set(result.links) == {r.id for r in reports}
    assert sorted(len(s.report_ids) for s in result.summaries()) == sorted(
        len(s.report_ids) for s in correlate(reports)[1].summaries()
    )
    lean, lean_result = correlate(reports, workers=2, keep_links=False)
    assert lean == alone
    assert lean_result.links == {}  # incidents only: reasons are not sent back from the workers


ANCHORS = [
    ("a1", "Artillery shell hit the Abu Daqa family home east of Jabalia, 3 killed", 0, 0.0),
    ("a2", "قذيفة مدفعية على منزل عائلة أبو دقة شرق جباليا، 3 شهداء", 15, 0.1),
    ("a3", "Shelling killed 3 members of the Abu Daqa family in eastern Jabalia", 30, -0.1),
]


def test_a_report_naming_no_place_links_by_a_family_name_on_that_day():
    reports = [report(rid, text, minutes=m, east_km=e) for rid, text, m, e in ANCHORS]
    reports.append(report("vague", "ثلاثة شهداء من عائلة أبو دقة بقذيفة مدفعية", minutes=40, at=(None, None)))
    mapping, correlator = correlate(reports)
    assert mapping["vague"] == mapping["a1"]
    assert not correlator.links["vague"].new_incident


def test_a_month_precision_report_ten_days_off_still_finds_its_incident():
    reports = [report(rid, text, minutes=m, east_km=e) for rid, text, m, e in ANCHORS]
    late = report("month", "Abu Daqa family home shelled east of Jabalia, 3 killed", minutes=10 * 24 * 60)
    late = Report(
        **{**{f: getattr(late, f) for f in late.__slots__}, "time_precision": 3, "geo_precision": 2}
    )
    mapping, _correlator = correlate([*reports, late])
    assert mapping["month"] == mapping["a1"]


def test_a_larger_incident_knows_its_centre_better():
    one = correlate([report("s1", "Shelling east of Jabalia")])[1]
    many = correlate([report(f"m{i}", "Shelling east of Jabalia", minutes=i) for i in range(8)])[1]
    (single,) = one.incidents.values()
    (large,) = many.incidents.values()
    assert large.var_km == pytest.approx(single.var_km / 8)
    assert large.var_h == pytest.approx(single.var_h / 8)


def test_naming_another_family_counts_against_a_link():
    reports = [report(rid, text, minutes=m, east_km=e) for rid, text, m, e in ANCHORS]
    _mapping, correlator = correlate(reports)
    (incident,) = correlator.incidents.values()
    gazetteer = default_gazetteer()
    same = extract(
        report("same", "Shell hit the home of the Abu Daqa family east of Jabalia", minutes=50), gazetteer
    )
    other = extract(
        report("other", "Shell hit the home of the Hilles family east of Jabalia", minutes=50), gazetteer
    )
    nameless = extract(report("nameless", "Shell hit a home east of Jabalia", minutes=50), gazetteer)
    for f in (same, other, nameless):
        correlator.terms.apply(f)
    p = correlator.params
    assert not incident.names_other_family(same) and not incident.names_other_family(nameless)
    assert incident.names_other_family(other)
    penalised = score(other, incident, p)
    plain = score(other, incident, Params(name_conflict=0.0, noise_km=p.noise_km, noise_h=p.noise_h))
    assert penalised is not None and plain is not None
    assert penalised.total == pytest.approx(plain.total + p.name_conflict)
    assert "names another family than the incident's reports" in explain(other, incident, penalised, 0.0)
    assert "names another family" not in " ".join(explain(same, incident, score(same, incident, p), 0.0))


def test_a_time_of_day_hours_off_is_unlikely_but_not_impossible():
    p = Params()
    assert time_evidence(4.0, 1.0, False, p) is None  # four sigmas: out of reach as a plain gaussian
    far = time_evidence(4.0, 1.0, True, p)
    near = time_evidence(0.5, 1.0, True, p)
    assert far is not None and near is not None and far < near
    assert time_evidence(20.0, 1.0, True, p) is None
    # anchors at 15:00-15:30, the late report almost four hours after them
    reports = [report(rid, text, minutes=60 + m, east_km=e) for rid, text, m, e in ANCHORS]
    late = "Abu Daqa family home shelled east of Jabalia, 3 killed"
    reports.append(report("late", late, minutes=75 + 3.9 * 60))
    mapping, _correlator = correlate(reports)
    assert mapping["late"] == mapping["a1"]
    mapping, _correlator = correlate(reports, params=Params(time_tail_share=0.0))
    assert mapping["late"] != mapping["a1"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("shelling in southern Gaza", []),
        ("قصف وسط غزة", []),
        ("shelling in Gaza City", ["Gaza"]),
        ("انفجار مجهول المصدر", []),
        ("قصف في المصدر", ["al-Musaddar"]),
    ],
)
def test_parts_of_the_strip_and_common_words_are_not_towns(text, found):
    assert [m.place.name_en for m in default_gazetteer().find(tokens(text))] == found


def test_a_report_with_an_unknown_place_name_and_no_coordinates_finds_its_incident_by_that_word():
    text = "Shelling hit homes in Saftawi, 4 killed"  # a quarter the gazetteer does not know
    reports = [
        report("s1", text, minutes=0),
        report("s2", "Shelling on homes in Saftawi killed 4", minutes=20, east_km=0.1),
        report("s3", text, minutes=30, at=(None, None)),
    ]
    mapping, correlator = correlate(reports)
    assert mapping["s3"] == mapping["s1"]
    assert "no location given" in correlator.links["s3"].reasons


def test_an_origin_shared_across_categories_never_joins_them():
    reports = [
        report("a", "Tanks entered Jabalia", category="incursion", origin="post-1"),
        report(
            "b",
            "Tanks entered Jabalia and fired on homes",
            category="fire_across_line",
            origin="post-1",
            minutes=5,
        ),
    ]
    mapping, correlator = correlate(reports)
    assert mapping["a"] != mapping["b"]
    assert "opened a new incident" in correlator.links["b"].reasons[0]
    assert "< threshold" not in correlator.links["b"].reasons[0]


def test_a_repeat_of_a_claim_joins_it_wherever_and_whenever_it_is_placed():
    original = report("a", "Tanks shelled homes east of Jabalia at dawn, 3 killed", origin="post-77")
    repeat = report(
        "b",
        "منقول: قصف على بيوت، 3 شهداء",  # no place, hours late, placed 20 km south by its sender
        origin="post-77",
        minutes=20 * 60,
        north_km=-20,
    )
    unrelated = report(
        "c", "Tanks shelled homes east of Jabalia at dawn, 3 killed", minutes=20 * 60, north_km=-20
    )
    mapping, correlator = correlate([original, repeat, unrelated])
    assert mapping["b"] == mapping["a"] != mapping["c"]
    assert "same origin 'post-77'" in correlator.links["b"].reasons[0]
    split, _ = correlate([original, repeat], Constraints(cannot_link=(("a", "b"),)))
    assert split["a"] != split["b"]


def test_a_report_placed_only_in_a_governorate_counts_the_whole_governorate():
    gazetteer = default_gazetteer()
    assert gazetteer.region_of(*to_km(31.3461, 34.3251)) == "cod:PS0270"  # east of Khan Yunis
    assert gazetteer.region_of(*to_km(31.2810, 34.2620)) == "cod:PS0275"  # Rafah
    assert gazetteer.region_of(*to_km(31.5000, 34.3000)) is None  # at sea
    event = [
        report(f"p{i}", "Tank shelling on homes east of Khan Younis", at=(31.3461, 34.3251), minutes=i * 5)
        for i in range(3)
    ]
    centroid = (31.327796, 34.317902)  # Khan Yunis governorate's, as a source that knew only that gives
    vague = report("g", "Shelling reported", at=centroid, geo_precision=3, minutes=40)
    f = extract(vague, gazetteer)
    assert (f.region, round(f.region_km2)) == ("cod:PS0270", 108)
    _mapping, correlator = correlate(event)
    incident = correlator.assignment["p0"]
    s = score(f, incident, Params())
    assert s is not None and s.space == pytest.approx(math.log(365.0 / 107.62))  # uniform over it
    incident.region = "cod:PS0275"  # the same incident, were it in Rafah: the distance decides
    assert score(f, incident, Params()).space < s.space - 1.0  # type: ignore[union-attr]
    density = {"attack_on_civilians": 600.0}  # a busy month: the threshold is log(600) - 1
    assert len(set(correlate([*event, vague], density=density)[0].values())) == 1
    elsewhere = report("r", "Shelling reported", at=(31.281777, 34.282712), geo_precision=3, minutes=40)
    assert len(set(correlate([*event, elsewhere], density=density)[0].values())) == 2


def test_a_gaza_hashtag_tags_the_strip_not_gaza_city():
    tagged = extract(
        report("t", "#غزة قذائف دبابات شمال غرب خان يونس الآن", at=(None, None)), default_gazetteer()
    )
    assert [p.name_en for p in tagged.places] == ["Khan Yunis"]
    assert tagged.located_by is not None and tagged.located_by.name_en == "Khan Yunis"
    assert [
        p.name_en for p in extract(report("u", "URGENT #Gaza shelling"), default_gazetteer()).places
    ] == []
    named = extract(report("v", "Shelling in Gaza City #KhanYounis"), default_gazetteer())
    assert [p.name_en for p in named.places] == ["Gaza", "Khan Yunis"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Tank shelling on homes, 3 killed and 5 injured", (("injured", 5), ("killed", 3))),
        ("قصف مدفعي أدى إلى استشهاد 3 مواطنين وإصابة 5 آخرين", (("injured", 5), ("killed", 3))),
        ("a drone strike killing three people and wounding twelve", (("injured", 12), ("killed", 3))),
        ("17 buildings demolished at 14:00, one injured", (("injured", 1),)),
        ("ما أدى إلى إصابة مواطن", ()),  # "a citizen injured": no figure written
    ],
)
def test_casualty_figures_are_read_in_either_script(text, found):
    assert figures(tokens(normalize(text))) == found


def test_casualty_figures_unlike_the_incidents_count_against_a_link():
    event = [report(f"p{i}", "Airstrike on a house in Jabalia, 3 killed", minutes=i * 5) for i in range(3)]
    _mapping, correlator = correlate(event)
    incident = correlator.assignment["p0"]
    gazetteer = default_gazetteer()
    close = extract(report("a", "Airstrike on a house in Jabalia, 4 killed", minutes=20), gazetteer)
    far = extract(report("b", "Airstrike on a house in Jabalia, 12 killed", minutes=20), gazetteer)
    close.weights, far.weights = dict.fromkeys(close.terms, 1.0), dict.fromkeys(far.terms, 1.0)
    agreeing, conflicting = score(close, incident, Params()), score(far, incident, Params())
    assert agreeing is not None and conflicting is not None
    assert incident.figures_conflict(close.figures) == 0 and incident.figures_conflict(far.figures) == 1
    assert conflicting.text == pytest.approx(agreeing.text + Params().figure_conflict)
    assert "casualty figures unlike the incident's reports'" in explain(far, incident, conflicting, 0.0)


@pytest.mark.parametrize(
    ("text", "east_km", "north_km"),
    [
        ("Tank fire east of Khan Younis", 2.0, 0.0),  # no distance given: two km that way
        ("Shelling about 3 km south-east of Khan Younis", 2.121, -2.121),
        ("قصف مدفعي على المناطق الشرقية من خان يونس", 2.0, 0.0),
        ("قذائف شمال غرب خان يونس", -1.414, 1.414),
        ("اطلاق نار على بعد 2 كم شرق خان يونس", 2.0, 0.0),
        ("Tank fire on the eastern outskirts of Khan Younis", 2.0, 0.0),
        ("Tank fire in Khan Younis", 0.0, 0.0),
        ("East of the line, tank fire hit houses in Khan Younis", 0.0, 0.0),  # not said of the town
    ],
)
def test_a_direction_from_a_town_moves_a_position_taken_from_the_town(text, east_km, north_km):
    gazetteer = default_gazetteer()
    town = gazetteer.places["osm:node/299944872"]  # Khan Yunis
    named = extract(report("a", text, at=(None, None)), gazetteer)
    assert named.located_by == town
    assert (named.x - town.x, named.y - town.y) == pytest.approx((east_km, north_km), abs=0.001)
    snapped = extract(report("b", text, at=(town.lat, town.lon), geo_precision=2), gazetteer)
    assert (snapped.x, snapped.y) == pytest.approx((named.x, named.y))  # coordinates at the town's point
    own_spot = extract(report("c", text, at=(31.3461, 34.3251)), gazetteer)
    assert (own_spot.x, own_spot.y) == pytest.approx(to_km(31.3461, 34.3251))  # a spot of its own stays
