"""Places for the hold-out generator: towns, landmarks and governorates of the Gaza Strip.

Coordinates and names come from three public data sets (copies kept outside this repository):

* towns: OpenStreetMap populated places (HOT export of 2024-05-31, ODbL, (c) OpenStreetMap
  contributors), ``name``/``name:en``/``name:ar`` and the point. Three well-known towns are missing from
  that extract and are placed by hand at their commonly cited centres, each checked to fall inside the
  right OCHA governorate polygon: Beit Hanoun (North Gaza), Abasan al-Kabira and Khuza'a (Khan Younis).
* landmarks: hospitals and clinics from the OpenStreetMap health-facility extract (same export), and the
  Kerem Shalom, Rafah and Erez crossings from their Wikipedia infobox coordinates;
* governorates: OCHA COD-AB (cod-ab-pse, v01, 2023-10-19), ``center_lat``/``center_lon`` per Gaza
  governorate, and the Gaza Strip outline simplified to 26 vertices (Douglas-Peucker, 0.003 degrees;
  1.6 % symmetric difference in area with the original).

Transliterations are the spellings in common use (UN, press, local social media); a report picks one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Gaza Strip outline (lat, lon), OCHA COD-AB admin 1 PS02 simplified.
STRIP: tuple[tuple[float, float], ...] = (
    (31.5127, 34.5474),
    (31.5415, 34.5676),
    (31.5949, 34.4915),
    (31.5434, 34.4508),
    (31.5276, 34.4363),
    (31.528, 34.4318),
    (31.5239, 34.4322),
    (31.528, 34.4289),
    (31.5224, 34.4303),
    (31.5136, 34.4237),
    (31.4311, 34.3434),
    (31.3237, 34.2188),
    (31.2969, 34.2356),
    (31.2958, 34.2402),
    (31.22, 34.2676),
    (31.2414, 34.2933),
    (31.2585, 34.3275),
    (31.2784, 34.3431),
    (31.2906, 34.3673),
    (31.3058, 34.3739),
    (31.3628, 34.3657),
    (31.3898, 34.3811),
    (31.4438, 34.4465),
    (31.4779, 34.4785),
    (31.5002, 34.5125),
)

# Bearing (degrees) of "inland", perpendicular to the Strip's SW-NE axis: east here means towards the line.
INLAND = 117.0
SEAWARD = INLAND + 180.0


@dataclass(frozen=True)
class Governorate:
    key: str
    lat: float
    lon: float
    en: tuple[str, ...]
    ar: tuple[str, ...]


@dataclass(frozen=True)
class Place:
    key: str
    gov: str
    lat: float
    lon: float
    weight: float  # how often events happen around it (population and exposure, roughly)
    en: tuple[str, ...]
    ar: tuple[str, ...]
    coastal: bool = False


GOVERNORATES: dict[str, Governorate] = {
    g.key: g
    for g in (
        Governorate(
            "north",
            31.54708,
            34.50642,
            ("North Gaza governorate", "North Gaza", "northern Gaza", "the north of the Strip"),
            ("محافظة شمال غزة", "شمال غزة", "شمال القطاع", "شمال قطاع غزة"),
        ),
        Governorate(
            "gaza",
            31.48629,
            34.44515,
            ("Gaza governorate", "the Gaza City area", "Gaza Governorate"),
            ("محافظة غزة", "محافظة غزه", "منطقة مدينة غزة"),
        ),
        Governorate(
            "middle",
            31.42030,
            34.37409,
            ("the Middle Area", "Deir al-Balah governorate", "central Gaza", "the central governorate"),
            ("المحافظة الوسطى", "وسط القطاع", "محافظة دير البلح", "المنطقة الوسطى"),
        ),
        Governorate(
            "khan_yunis",
            31.32780,
            34.31790,
            ("Khan Younis governorate", "Khan Yunis governorate", "the Khan Younis area"),
            ("محافظة خان يونس", "محافظة خانيونس", "محافظة خان يونس"),
        ),
        Governorate(
            "rafah",
            31.28178,
            34.28271,
            ("Rafah governorate", "the Rafah area", "Rafah Governorate"),
            ("محافظة رفح", "منطقة رفح"),
        ),
    )
}

TOWNS: tuple[Place, ...] = (
    Place(
        "gaza_city",
        "gaza",
        31.51287,
        34.45814,
        10,
        ("Gaza City", "Gaza city", "Gaza", "Ghazza"),
        ("مدينة غزة", "غزة", "غزه", "مدينه غزه"),
        True,
    ),
    Place(
        "az_zahra", "gaza", 31.47350, 34.40182, 1, ("az-Zahra", "Al Zahra", "Zahra"), ("الزهراء", "الزهرا")
    ),
    Place(
        "mughraqa",
        "gaza",
        31.46725,
        34.40976,
        1,
        ("al-Mughraqa", "Mughraqa", "Al Moghraqa"),
        ("المغراقة", "المغراقه"),
    ),
    Place(
        "jabalia",
        "north",
        31.52821,
        34.48317,
        6,
        ("Jabalia", "Jabaliya", "Jabalya", "Jabalia camp"),
        ("جباليا", "جباليه", "مخيم جباليا"),
    ),
    Place(
        "beit_lahia",
        "north",
        31.54977,
        34.50247,
        4,
        ("Beit Lahia", "Beit Lahiya", "Beit Lahya", "Bayt Lahiya"),
        ("بيت لاهيا", "بيت لاهية", "بيتلاهيا"),
        True,
    ),
    Place(
        "beit_hanoun",
        "north",
        31.53700,
        34.53700,
        4,
        ("Beit Hanoun", "Beit Hanun", "Bayt Hanun", "Beithanoun"),
        ("بيت حانون", "بيتحانون", "بيت حانون"),
    ),
    Place(
        "nuseirat",
        "middle",
        31.44909,
        34.39307,
        4,
        ("Nuseirat", "Nusseirat", "Nuseirat camp", "an-Nuseirat"),
        ("النصيرات", "مخيم النصيرات", "النصيرات"),
        True,
    ),
    Place(
        "bureij",
        "middle",
        31.44186,
        34.40321,
        3,
        ("Bureij", "al-Bureij", "El Bureij", "Breij"),
        ("البريج", "مخيم البريج"),
    ),
    Place(
        "maghazi",
        "middle",
        31.42170,
        34.38472,
        3,
        ("Maghazi", "al-Maghazi", "El Maghazi"),
        ("المغازي", "مخيم المغازي", "المغازى"),
    ),
    Place(
        "musaddar",
        "middle",
        31.41498,
        34.37637,
        1,
        ("al-Musaddar", "Musaddar", "Al Mosader"),
        ("المصدر", "قرية المصدر"),
    ),
    Place(
        "zawayda",
        "middle",
        31.42804,
        34.36530,
        1,
        ("az-Zawayda", "Zawaida", "Al Zawaideh"),
        ("الزوايدة", "الزوايده"),
        True,
    ),
    Place(
        "deir_al_balah",
        "middle",
        31.41835,
        34.35025,
        5,
        ("Deir al-Balah", "Deir el-Balah", "Deir Al Balah", "Dair al-Balah", "Deir Elbalah"),
        ("دير البلح", "ديرالبلح", "دير البلـح"),
        True,
    ),
    Place(
        "qarara",
        "khan_yunis",
        31.37825,
        34.33551,
        2,
        ("al-Qarara", "Qarara", "Al Qarrara"),
        ("القرارة", "القراره"),
    ),
    Place(
        "khan_yunis",
        "khan_yunis",
        31.34433,
        34.30959,
        8,
        ("Khan Yunis", "Khan Younis", "Khanyounis", "Khan Younes", "Khan Yunus"),
        ("خان يونس", "خانيونس", "خان يونُس", "خانيونس"),
    ),
    Place(
        "bani_suheila",
        "khan_yunis",
        31.34011,
        34.32228,
        3,
        ("Bani Suheila", "Bani Suhaila", "Bani Suhayla", "Bani Sohaila"),
        ("بني سهيلا", "بني سهيلة", "بنى سهيلا"),
    ),
    Place(
        "abasan_saghira",
        "khan_yunis",
        31.34061,
        34.34450,
        1,
        ("Abasan al-Saghira", "Abasan as-Saghira", "Small Abasan"),
        ("عبسان الصغيرة", "عبسان الصغيره"),
    ),
    Place(
        "abasan_kabira",
        "khan_yunis",
        31.32300,
        34.35000,
        2,
        ("Abasan al-Kabira", "Abasan", "Abasan al-Kabeera"),
        ("عبسان الكبيرة", "عبسان", "عبسان الكبيره"),
    ),
    Place(
        "khuzaa",
        "khan_yunis",
        31.30700,
        34.35700,
        2,
        ("Khuza'a", "Khuzaa", "Khuzaah", "Khoza'a"),
        ("خزاعة", "خزاعه", "بلدة خزاعة"),
    ),
    Place(
        "mawasi",
        "khan_yunis",
        31.35507,
        34.26109,
        3,
        ("al-Mawasi", "Mawasi", "the Mawasi area"),
        ("المواصي", "منطقة المواصي", "مواصي خان يونس"),
        True,
    ),
    Place(
        "fukhari",
        "khan_yunis",
        31.29779,
        34.32030,
        1,
        ("al-Fukhari", "Fukhari", "Al Fukhari"),
        ("الفخاري", "الفخارى"),
    ),
    Place(
        "rafah",
        "rafah",
        31.27520,
        34.25583,
        6,
        ("Rafah", "Rafah city", "Rafa"),
        ("رفح", "مدينة رفح", "مدينه رفح"),
        True,
    ),
    Place(
        "shokat",
        "rafah",
        31.25887,
        34.28205,
        1,
        ("Shokat as-Sufi", "Shokat a-Sufi", "al-Shouka"),
        ("شوكة الصوفي", "الشوكة", "الشوكه"),
    ),
    Place("al_nasr", "rafah", 31.28221, 34.30580, 1, ("al-Nasr", "An-Nasr village"), ("النصر", "بلدة النصر")),
    Place("umm_kilab", "rafah", 31.28908, 34.29338, 0.5, ("Umm al-Kilab",), ("أم الكلاب", "ام الكلاب")),
)

# Landmarks: crossings (people/goods), hospitals and clinics. ``gov`` and the nearest town are by hand.
CROSSINGS: tuple[Place, ...] = (
    Place(
        "kerem_shalom",
        "rafah",
        31.22083,
        34.27056,
        3,
        ("Kerem Shalom crossing", "Karem Abu Salem crossing", "Kerem Shalom"),
        ("معبر كرم أبو سالم", "معبر كرم ابو سالم", "كرم أبو سالم"),
    ),
    Place(
        "rafah_crossing",
        "rafah",
        31.24858,
        34.25923,
        2,
        ("Rafah crossing", "the Rafah Border Crossing", "Rafah crossing point"),
        ("معبر رفح", "معبر رفح البري"),
    ),
    Place(
        "erez",
        "north",
        31.55820,
        34.54472,
        1,
        ("Erez crossing", "the Beit Hanoun (Erez) crossing", "Erez"),
        ("معبر بيت حانون", "معبر إيرز", "حاجز ايرز"),
    ),
)

FACILITIES: tuple[Place, ...] = (
    Place(
        "shifa",
        "gaza",
        31.52391,
        34.44340,
        3,
        ("al-Shifa hospital", "Shifa Hospital", "Al Shifa Medical Complex"),
        ("مستشفى الشفاء", "مجمع الشفاء الطبي"),
    ),
    Place(
        "turkish_hospital",
        "gaza",
        31.47948,
        34.41171,
        1,
        ("the Turkish-Palestinian Friendship Hospital", "Turkish Friendship hospital"),
        ("مستشفى الصداقة التركي", "المستشفى التركي"),
    ),
    Place(
        "wafa",
        "gaza",
        31.51348,
        34.45282,
        1,
        ("al-Wafa hospital", "El Wafa Rehabilitation Hospital"),
        ("مستشفى الوفاء",),
    ),
    Place(
        "yemen_said",
        "north",
        31.53636,
        34.49626,
        1,
        ("al-Yemen al-Saeed hospital", "the Yemeni hospital in Jabalia"),
        ("مستشفى اليمن السعيد",),
    ),
    Place(
        "fakhura",
        "north",
        31.53817,
        34.49672,
        1,
        ("the UNRWA Fakhura health centre", "Fakhura clinic"),
        ("عيادة الفاخورة", "عيادة الفاخورة - الأنروا"),
    ),
    Place(
        "bureij_clinic",
        "middle",
        31.43930,
        34.40036,
        1,
        ("the UNRWA clinic in Bureij", "Bureij 2 clinic"),
        ("عيادة البريج", "عيادة بريج 2"),
    ),
    Place(
        "maan_centre",
        "khan_yunis",
        31.33365,
        34.31767,
        1,
        ("the PRCS Ma'an health centre", "Red Crescent Ma'an centre"),
        ("مركز معن الصحي", "مركز معن - الهلال الأحمر"),
    ),
    Place(
        "ky_health",
        "khan_yunis",
        31.35023,
        34.29004,
        1,
        ("the Khan Younis health care centre", "Khanyounis health centre"),
        ("عيادة خان يونس",),
    ),
    Place(
        "awda_rafah",
        "rafah",
        31.28453,
        34.25134,
        1,
        ("al-Awda health centre in Rafah", "Alawda health center"),
        ("مركز العودة الصحي", "مركز العودة الصحي برفح"),
    ),
    Place(
        "pmrs",
        "gaza",
        31.50521,
        34.42967,
        1,
        ("the PMRS clinic", "the Medical Relief clinic"),
        ("الإغاثة الطبية الفلسطينية", "عيادة الإغاثة الطبية"),
    ),
)

EARTH_M = 6_371_000.0


def offset(lat: float, lon: float, metres: float, bearing_deg: float) -> tuple[float, float]:
    """The point ``metres`` away from (lat, lon) along ``bearing_deg`` (flat approximation, fine at 10 km)."""
    b = math.radians(bearing_deg)
    dlat = metres * math.cos(b) / EARTH_M
    dlon = metres * math.sin(b) / (EARTH_M * math.cos(math.radians(lat)))
    return lat + math.degrees(dlat), lon + math.degrees(dlon)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_M * math.asin(math.sqrt(min(1.0, a)))


def bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = lat2 - lat1
    dx = (lon2 - lon1) * math.cos(math.radians(lat1))
    return math.degrees(math.atan2(dx, dy)) % 360


def in_strip(lat: float, lon: float) -> bool:
    """Ray casting against the simplified outline."""
    inside = False
    n = len(STRIP)
    for k in range(n):
        (y1, x1), (y2, x2) = STRIP[k], STRIP[(k + 1) % n]
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def nearest_town(lat: float, lon: float) -> Place:
    return min(TOWNS, key=lambda t: distance_m(lat, lon, t.lat, t.lon))
