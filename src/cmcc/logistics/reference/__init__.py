# ruff: noqa: E501 (reference rows read best one per line)
"""Reference data shipped with the product, each entry with its source. Loaded by the data
migration ``0002_reference_data``; later corrections come as new migrations or as new dated rows
(a status change, a new target version), never as edits of these.

Coordinates are not repeated here: a crossing links to the gazetteer place of the same name,
which holds coordinates only where a source gave them.
"""

from __future__ import annotations

OCHA_SITREP_20 = "https://www.ochaopt.org/content/gaza-humanitarian-response-situation-report-no-20"
UN_2720_UPDATE = "https://www.un.org/unispal/document/update-on-the-un-2720-mechanism-04jul24"
ANEWS_REJECTIONS = "https://www.anews.com.tr/middle-east/2025/11/06/israel-rejects-over-100-aid-requests-for-gaza-since-ceasefire-un"

# code, English, Arabic, source
SECTORS: list[tuple[str, str, str, str]] = [
    ("FOOD", "Food", "غذاء", f"OCHA Gaza situation reports 18 and 20 (UN2720 categories), {OCHA_SITREP_20}"),
    ("NUTRITION", "Nutrition", "تغذية", f"OCHA Gaza situation reports 18 and 20, {OCHA_SITREP_20}"),
    (
        "WASH",
        "Water, sanitation and hygiene",
        "مياه وصرف صحي ونظافة",
        f"OCHA Gaza situation report 20, {OCHA_SITREP_20}",
    ),
    (
        "SHELTER_NFI",
        "Shelter and non-food items",
        "مأوى ومواد غير غذائية",
        f"OCHA Gaza situation report 20, {OCHA_SITREP_20}",
    ),
    ("HEALTH", "Health", "صحة", f"OCHA Gaza situation report 20, {OCHA_SITREP_20}"),
    ("EDUCATION", "Education", "تعليم", "IASC global cluster list (education cluster)"),
    ("PROTECTION", "Protection", "حماية", "IASC global cluster list (protection cluster)"),
    (
        "AGRICULTURE",
        "Agriculture and livestock",
        "زراعة وثروة حيوانية",
        f"OCHA Gaza situation reports 18 and 20, {OCHA_SITREP_20}",
    ),
    (
        "FUEL",
        "Fuel",
        "وقود",
        f"OCHA Gaza situation report 20 (fuel counted in litres, separate truck category), {OCHA_SITREP_20}",
    ),
    (
        "COOKING_GAS",
        "Cooking gas",
        "غاز الطهي",
        "Gaza Government Media Office truck breakdown 10–31 Oct 2025 (fuel and cooking gas counted separately), https://www.trtworld.com/article/08e9358c8637/amp",
    ),
    (
        "LOGISTICS_TELECOM",
        "Logistics and telecommunications",
        "لوجستيات واتصالات",
        f"OCHA Gaza situation reports 18 and 20 ('operational/telecom'), {OCHA_SITREP_20}",
    ),
    (
        "COMMERCIAL",
        "Commercial goods",
        "بضائع تجارية",
        "COGAT totals include commercial trucks; OCHA reports usually exclude them, https://cosmopolitanca.com/between-600-to-800-aid-trucks-entering-gaza-daily-since-start-of-ceasefire-cogat-confirms",
    ),
]

# code, English, Arabic, description, source
REJECTION_REASONS: list[tuple[str, str, str, str, str]] = [
    (
        "not_authorized_org",
        "Organisation not authorised",
        "المنظمة غير مخوّلة",
        "The requesting organisation is not registered or authorised with the deciding authority.",
        f"UN reporting on 107 rejected requests, 10 Oct–6 Nov 2025 (more than half for this reason), {ANEWS_REJECTIONS}",
    ),
    (
        "outside_humanitarian_scope",
        "Outside the scope of humanitarian aid",
        "خارج نطاق المساعدات الإنسانية",
        "The items were deemed outside the scope of humanitarian aid.",
        ANEWS_REJECTIONS,
    ),
    (
        "dual_use",
        "Dual-use item",
        "مادة مزدوجة الاستخدام",
        "The items were classed as dual-use (e.g. vehicles and spare parts, solar panels, generators, X-ray machines).",
        f"{ANEWS_REJECTIONS}; COGAT dual-use list published 2017, https://gisha.org/en/following-gishas-legal-battle-and-advocacy-cogat-has-published-the-list-of-dual-use-items/",
    ),
    (
        "documentation",
        "Documentation",
        "نقص في الوثائق",
        "Missing or inconsistent documentation (manifest, packing list, driver pre-approval).",
        "Pre-clearance practice of the UN Access Support Unit, https://hkdpapers.substack.com/p/asu-standard-operating-procedures-v2 (secondary copy)",
    ),
    (
        "other",
        "Other (stated in the note)",
        "سبب آخر (مذكور في الملاحظة)",
        "Any other stated reason; the decision note says which.",
        "Catch-all of the reason-code set; the decision note carries the stated reason",
    ),
]

# slug, English, Arabic, description, source
CORRIDORS: list[tuple[str, str, str, str, str]] = [
    (
        "egypt",
        "Egypt corridor",
        "ممر مصر",
        "Via Al Arish; trucks enter through a side gate at Rafah and are routed to the Kerem Shalom inspection zone.",
        f"{UN_2720_UPDATE}; https://see.news/5th-convoy-of-humanitarian-aid-trucks-moves-from-egypt-to-gaza-via-kerem-abu-salem",
    ),
    (
        "jordan",
        "Jordan corridor",
        "ممر الأردن",
        "Via Allenby / King Hussein Bridge (or Sheikh Hussein when Allenby is closed to aid).",
        f"{UN_2720_UPDATE}; https://www.brecorder.com/feeds/news/40396562",
    ),
    ("cyprus", "Cyprus maritime corridor", "الممر البحري من قبرص", "Via Ashdod port.", UN_2720_UPDATE),
    ("israel", "Israel", "إسرائيل", "Goods procured in or transiting Israel.", UN_2720_UPDATE),
    ("west-bank", "West Bank", "الضفة الغربية", "Goods from the West Bank.", UN_2720_UPDATE),
]

# slug, gazetteer name (core Place.name_en), English, Arabic, alternative names, kind, corridor, description, source
CROSSINGS: list[tuple[str, str, str, str, str, str, str, str, str]] = [
    (
        "kerem-shalom",
        "Kerem Shalom crossing",
        "Kerem Shalom",
        "كرم أبو سالم",
        "Karem Abu Salem\nKarm Abu Salem\nKerem Shalom crossing",
        "goods",
        "",
        "The main goods crossing; about 60% of the ~500 trucks a day before the war entered here.",
        "https://ubuntusafa.com/blogs/20184/New-Gaza-crossing-opens-for-aid-truck-inspections-Red-Crescent?lang=fr_fr",
    ),
    (
        "rafah",
        "Rafah Border Crossing",
        "Rafah",
        "معبر رفح",
        "Rafah Crossing Point\nRafah crossing",
        "people_and_goods",
        "egypt",
        "Mainly for people, supervised by EUBAM Rafah; goods transit prohibited after the 2026 reopening.",
        "https://www.belganewsagency.eu/rafah-border-crossing-reopens-for-limited-passenger-traffic",
    ),
    (
        "zikim",
        "Zikim crossing",
        "Zikim",
        "معبر زيكيم",
        "Erez West\nZikim crossing",
        "goods",
        "",
        "Northern goods crossing; cargo is scanned outside Zikim and transferred to Palestinian trucks on a separate day.",
        "https://www.chinadailyhk.com/article/623518",
    ),
    (
        "kissufim",
        "Kissufim crossing",
        "Kissufim",
        "معبر كيسوفيم",
        "Kissufim crossing",
        "goods",
        "",
        "Used by aid trucks towards Deir al-Balah from late October 2025.",
        ANEWS_REJECTIONS,
    ),
    (
        "erez",
        "Erez Crossing",
        "Erez",
        "معبر بيت حانون",
        "Beit Hanoun crossing\nErez crossing",
        "people",
        "",
        "Northern crossing, used for aid in 2024 following engagement by the Senior Humanitarian and Reconstruction Coordinator.",
        UN_2720_UPDATE,
    ),
    (
        "allenby",
        "Allenby / King Hussein Bridge",
        "Allenby / King Hussein Bridge",
        "جسر الملك حسين",
        "King Hussein Bridge\nAllenby Bridge\nAllenby",
        "corridor",
        "jordan",
        "Jordan corridor crossing point, outside the Gaza Strip.",
        "https://www.brecorder.com/feeds/news/40396562",
    ),
    (
        "ashdod-port",
        "Ashdod port",
        "Ashdod port",
        "ميناء أسدود",
        "Ashdod",
        "port",
        "cyprus",
        "Port of the Cyprus maritime corridor, outside the Gaza Strip.",
        UN_2720_UPDATE,
    ),
]

# crossing slug, effective from, status, reason, source, source address
CROSSING_STATUSES: list[tuple[str, str, str, str, str, str]] = [
    (
        "kerem-shalom",
        "2025-10-10",
        "open",
        "Main goods crossing when the ceasefire took effect; Egypt-origin trucks routed to its inspection zone.",
        "OCHA, first month of the October 2025 ceasefire; see.news",
        "https://www.ochaopt.org/content/report-humanitarian-response-un-and-humanitarian-partners-during-first-month-october-2025-ceasefire",
    ),
    (
        "rafah",
        "2025-10-10",
        "closed",
        "Kept closed pending the return of hostage remains.",
        "Belga News Agency",
        "https://www.belganewsagency.eu/rafah-border-crossing-reopens-for-limited-passenger-traffic",
    ),
    (
        "rafah",
        "2026-02-02",
        "restricted",
        "Partially reopened to people only; quotas reported differently (about 50 a day each way per Egyptian television, about 150 out and 50 in per Israeli reports); goods transit prohibited.",
        "Belga News Agency; Euronews",
        "https://it.euronews.com/video/2026/02/04/riapre-rafah-i-residenti-di-gaza-tornano-a-khan-younis",
    ),
    (
        "zikim",
        "2025-09-12",
        "closed",
        "Closed.",
        "China Daily HK",
        "https://www.chinadailyhk.com/article/623518",
    ),
    (
        "zikim",
        "2025-11-12",
        "open",
        "Reopened on a 'directive of the political echelon'; access road repaired and checked for UXO by OCHA.",
        "China Daily HK",
        "https://www.chinadailyhk.com/article/623518",
    ),
    (
        "kissufim",
        "2025-11-06",
        "open",
        "Reported in use by aid trucks towards Deir al-Balah since late October 2025 (date is that of the report).",
        "Anadolu / aNews",
        ANEWS_REJECTIONS,
    ),
    (
        "erez",
        "2024-07-04",
        "open",
        "Reported opened or in use for aid following engagement by the Senior Humanitarian and Reconstruction Coordinator (date is that of the report).",
        "UN 2720 mechanism update",
        UN_2720_UPDATE,
    ),
    (
        "ashdod-port",
        "2024-07-04",
        "open",
        "Reported in use for the Cyprus maritime corridor (date is that of the report).",
        "UN 2720 mechanism update",
        UN_2720_UPDATE,
    ),
    (
        "allenby",
        "2025-12-10",
        "restricted",
        "Reopened to aid after its closure in September 2025, with escorts and thorough security inspection: the Jordanian army inspects first, then Israel; drivers need prior approval; no exemptions.",
        "Business Recorder; Magyar Hírlap",
        "https://www.brecorder.com/feeds/news/40396562",
    ),
]

# code, version, kind, title, value, unit, includes, effective from, set by, reason, source, address
TARGETS: list[tuple[str, int, str, str, float, str, str, str, str, str, str, str]] = [
    (
        "trucks-per-day",
        1,
        "target",
        "Aid trucks entering Gaza per day",
        600,
        "trucks/day",
        "All aid trucks, including fuel and cooking gas",
        "2025-10-10",
        "Ceasefire arrangements (the figure of the January 2025 agreement); COGAT said volume was expected to rise to about 600 a day",
        "",
        "National Herald; Anadolu / aNews",
        "https://www.nationalheraldindia.com/international/600-trucks-to-deliver-aid-to-gaza-as-israel-hamas-truce-begins-easing",
    ),
    (
        "trucks-per-day",
        2,
        "target",
        "Aid trucks entering Gaza per day",
        300,
        "trucks/day",
        "Humanitarian trucks; commercial goods and fuel/gas halted except for humanitarian needs",
        "2025-10-14",
        "COGAT",
        "Announced cut over delays in returning hostages' bodies.",
        "UN News, 14 October 2025",
        "https://news.un.org/en/story/2025/10/1166107",
    ),
    (
        "food-tonnes-per-day",
        1,
        "need",
        "Food needed per day",
        2000,
        "tonnes/day",
        "Minimum food need tracked by OCHA",
        "2025-09-14",
        "OCHA",
        "",
        "OCHA Gaza humanitarian response update, 14–27 September 2025",
        "https://www.ochaopt.org/content/gaza-humanitarian-response-update-14-27-september-2025",
    ),
]
