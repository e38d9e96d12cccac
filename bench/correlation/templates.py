"""Sentence templates per category for generated reports, and how common each category is."""

from __future__ import annotations

# Per category: the means and sites an event may involve, whether it has casualties, goods or a count,
# and sentence templates. Slots: {means} {site} {dir} {place} {count} {goods} {commitment}.
CATEGORY_SPECS: dict[str, dict] = {
    "fire_across_line": {
        "means": ["tank", "artillery", "sniper", "drone", "gunfire", "naval"],
        "sites": ["homes", "farmland", "fishermen", "tents", "road"],
        "casualties": 0.6,
        "en": [
            "{means} hit {site} {dir} {place}",
            "{means} reported toward {site} {dir} {place}",
            "{means} across the line at {site} {dir} {place}",
            "Residents report {means} on {site} {dir} {place}",
        ],
        "ar": [
            "{means} استهدف {site} {dir} {place}",
            "{means} باتجاه {site} {dir} {place}",
            "مواطنون يفيدون بـ{means} على {site} {dir} {place}",
        ],
    },
    "incursion": {
        "means": ["vehicles", "bulldozer", "troops"],
        "sites": ["farmland", "homes", "road"],
        "casualties": 0.15,
        "count": (2, 12),
        "en": [
            "{count} {means} advanced beyond the line into {site} {dir} {place}",
            "Incursion: {count} {means} entered {site} {dir} {place}",
            "{means} pushed about 300 metres past the yellow line {dir} {place}",
        ],
        "ar": [
            "توغل {count} {means} في {site} {dir} {place}",
            "تقدمت {means} لمسافة 300 متر {dir} {place}",
            "{means} تتوغل في {site} {dir} {place}",
        ],
    },
    "armed_presence": {
        "means": ["gunmen", "vehicles"],
        "sites": ["school", "hospital", "market", "warehouse", "distribution"],
        "casualties": 0.05,
        "count": (2, 20),
        "en": [
            "{count} {means} seen at {site} {dir} {place}",
            "Armed presence: {means} deployed around {site} {dir} {place}",
            "{means} took positions near {site} {dir} {place}",
        ],
        "ar": [
            "انتشار {count} من {means} عند {site} {dir} {place}",
            "{means} يتمركزون قرب {site} {dir} {place}",
        ],
    },
    "attack_on_civilians": {
        "means": ["drone", "gunfire", "artillery", "airstrike", "sniper"],
        "sites": ["tents", "school", "market", "bakery", "water", "homes", "mosque"],
        "casualties": 0.95,
        "en": [
            "{means} struck {site} {dir} {place}",
            "Civilians hit by {means} at {site} {dir} {place}",
            "{means} targeted {site} {dir} {place}",
            "Attack on {site} {dir} {place} by {means}",
        ],
        "ar": [
            "{means} استهدفت {site} {dir} {place}",
            "استهداف {site} بـ{means} {dir} {place}",
            "{means} على {site} {dir} {place}",
        ],
    },
    "attack_on_humanitarian": {
        "means": ["gunfire", "drone", "gunmen", "artillery"],
        "sites": ["convoy", "warehouse", "distribution", "ambulance", "hospital"],
        "casualties": 0.5,
        "count": (2, 30),
        "en": [
            "{site} came under {means} {dir} {place}",
            "{means} hit {site} {dir} {place}",
            "Humanitarian operation obstructed: {means} at {site} {dir} {place}",
        ],
        "ar": ["تعرضت {site} لـ{means} {dir} {place}", "{means} استهدف {site} {dir} {place}"],
    },
    "looting": {
        "means": ["gunmen"],
        "sites": ["convoy", "warehouse", "distribution", "road"],
        "casualties": 0.15,
        "count": (2, 40),
        "goods": True,
        "en": [
            "{means} looted {count} trucks of {goods} from {site} {dir} {place}",
            "{count} trucks carrying {goods} intercepted by {means} {dir} {place}",
            "Looting of {goods} at {site} {dir} {place}",
        ],
        "ar": [
            "{means} نهبوا {count} شاحنات {goods} من {site} {dir} {place}",
            "الاستيلاء على {count} شاحنة {goods} {dir} {place}",
            "نهب {goods} من {site} {dir} {place}",
        ],
    },
    "detention": {
        "means": ["troops", "vehicles"],
        "sites": ["checkpoint", "fishermen", "hospital", "road"],
        "casualties": 0.05,
        "count": (1, 15),
        "en": [
            "{count} people detained at {site} {dir} {place}",
            "{means} arrested {count} men near {site} {dir} {place}",
            "Detention of {count} civilians by {means} {dir} {place}",
        ],
        "ar": [
            "اعتقال {count} مواطنين عند {site} {dir} {place}",
            "{means} تعتقل {count} شبان قرب {site} {dir} {place}",
        ],
    },
    "demolition": {
        "means": ["bulldozer", "explosion"],
        "sites": ["homes", "school", "mosque", "farmland"],
        "casualties": 0.02,
        "count": (1, 25),
        "en": [
            "{count} buildings demolished with {means} {dir} {place}",
            "{means} razed {site} {dir} {place}",
            "Demolition of {site} by {means} {dir} {place}",
        ],
        "ar": [
            "هدم {count} مبان بواسطة {means} {dir} {place}",
            "{means} تجرف {site} {dir} {place}",
            "نسف {site} {dir} {place}",
        ],
    },
    "missed_commitment": {
        "means": [],
        "sites": [],
        "casualties": 0.0,
        "count": (80, 400),
        "commitment": True,
        "en": ["Only {count} {commitment} at {place}", "{commitment} at {place}, {count} trucks counted"],
        "ar": ["{count} {commitment} عبر {place}", "{commitment} في {place} وعدد الشاحنات {count}"],
    },
    "restriction_of_monitors": {
        "means": ["troops", "gunmen"],
        "sites": ["checkpoint", "road", "hospital"],
        "casualties": 0.0,
        "en": [
            "Monitoring team denied access at {site} {dir} {place}",
            "{means} stopped the monitors at {site} {dir} {place}",
            "Observers turned back by {means} {dir} {place}",
        ],
        "ar": [
            "منع فريق المراقبين من الوصول عند {site} {dir} {place}",
            "{means} أوقفوا المراقبين {dir} {place}",
        ],
    },
    "uxo": {
        "means": ["artillery", "airstrike"],
        "sites": ["school", "homes", "farmland", "market"],
        "casualties": 0.4,
        "en": [
            "Unexploded ordnance found at {site} {dir} {place}",
            "An unexploded shell from {means} lies in {site} {dir} {place}",
            "UXO exploded near {site} {dir} {place}",
        ],
        "ar": [
            "العثور على ذخائر غير منفجرة في {site} {dir} {place}",
            "انفجار جسم مشبوه قرب {site} {dir} {place}",
        ],
    },
    "live_fire_exercise": {
        "means": ["tank", "artillery", "gunfire"],
        "sites": ["farmland", "road"],
        "casualties": 0.0,
        "en": [
            "Live-fire exercise with {means} heard {dir} {place}",
            "Training drill: {means} {dir} {place}",
        ],
        "ar": ["مناورة بالذخيرة الحية و{means} {dir} {place}", "تدريبات عسكرية و{means} {dir} {place}"],
    },
    "other": {
        "means": ["explosion", "gunfire", "drone"],
        "sites": ["homes", "road", "market"],
        "casualties": 0.2,
        "en": [
            "Unclear incident involving {means} {dir} {place}",
            "Loud {means} reported near {site} {dir} {place}",
        ],
        "ar": ["حادث غامض و{means} {dir} {place}", "سماع {means} قرب {site} {dir} {place}"],
    },
}

CATEGORY_WEIGHTS = {
    "fire_across_line": 0.20,
    "incursion": 0.08,
    "armed_presence": 0.07,
    "attack_on_civilians": 0.16,
    "attack_on_humanitarian": 0.08,
    "looting": 0.08,
    "detention": 0.06,
    "demolition": 0.08,
    "missed_commitment": 0.03,
    "restriction_of_monitors": 0.03,
    "uxo": 0.06,
    "live_fire_exercise": 0.02,
    "other": 0.05,
}
