"""A small bilingual lexicon of ceasefire-reporting words, mapped to language-neutral concepts.

English entries are matched on the word or its crude stem, Arabic entries on the normalised word
(see ``text.normalize``) with or without a clitic prefix. Weights say how much a shared concept tells
about two reports describing the same event: a named site or weapon says more than "killed".
"""

from __future__ import annotations

# concept: (weight, English words, Arabic words)
CONCEPTS: dict[str, tuple[float, tuple[str, ...], tuple[str, ...]]] = {
    "drone": (2.0, ("drone", "uav", "quadcopter", "quadcopters"), ("مسيره", "مسيرات", "درون", "كوادكوبتر")),
    "airstrike": (2.0, ("airstrike", "air", "warplane", "jet", "jets"), ("غاره", "غارات", "جويه", "حربي")),
    "tank": (
        2.0,
        ("tank", "tanks", "armoured", "armored", "vehicles", "jeeps", "armour"),
        ("دبابه", "دبابات", "اليات", "اليه", "جيبات", "مدرعه", "مدرعات"),
    ),
    "artillery": (
        2.0,
        ("artillery", "shell", "shelling", "mortar", "mortars", "rounds", "shells"),
        ("مدفعيه", "قذيفه", "قذائف", "هاون", "قصف", "قصفت", "مدفعي", "مدفعيه"),
    ),
    "gunfire": (
        1.5,
        ("gunfire", "shooting", "shots", "bullets", "gunshots", "fired", "machine", "gunshot", "live"),
        ("رصاص", "نار", "نيران", "اطلاق", "رشاش", "رشاشه", "رشقات"),
    ),
    "sniper": (2.0, ("sniper", "snipers", "sharpshooter", "sharpshooters"), ("قناص", "قناصه", "قنص")),
    "naval": (2.0, ("gunboat", "gunboats", "naval", "navy"), ("زوارق", "زورق", "بحريه")),
    "bulldozer": (
        2.0,
        ("bulldozer", "bulldozers", "excavator", "razed", "bulldozed"),
        ("جرافه", "جرافات", "حفار", "تجرف", "جرف"),
    ),
    "explosion": (
        1.5,
        ("explosion", "blast", "detonation", "explosive", "explosives"),
        ("انفجار", "تفجير", "عبوه"),
    ),
    "school": (2.5, ("school", "schools", "classroom"), ("مدرسه", "مدارس")),
    "hospital": (2.5, ("hospital", "clinic"), ("مستشفي", "مشفي", "عياده")),
    "medical": (2.0, ("medical", "medicine", "medicines", "medication"), ("طبي", "طبيه", "ادويه", "دواء")),
    "market": (2.5, ("market", "marketplace"), ("سوق", "اسواق", "الخضار", "الشعبي")),
    "bakery": (2.5, ("bakery", "bakeries", "bread"), ("مخبز", "مخابز", "خبز")),
    "mosque": (2.5, ("mosque",), ("مسجد", "جامع")),
    "water": (2.5, ("well", "water", "desalination", "reservoir"), ("بير", "بئر", "مياه", "تحليه", "خزان")),
    "shelter": (2.0, ("shelter", "shelters", "displaced"), ("ايواء", "نازحين", "نازحون")),
    "tent": (2.0, ("tent", "tents", "encampment"), ("خيمه", "خيام")),
    "checkpoint": (2.5, ("checkpoint", "roadblock", "barrier"), ("حاجز", "حواجز")),
    "warehouse": (2.5, ("warehouse", "storehouse", "depot", "storage"), ("مستودع", "مخزن", "مخازن")),
    "convoy": (2.0, ("convoy", "convoys"), ("قافله", "قوافل")),
    "truck": (1.5, ("truck", "trucks", "lorry", "lorries"), ("شاحنه", "شاحنات")),
    "distribution": (2.0, ("distribution",), ("توزيع",)),
    "house": (
        1.5,
        ("house", "home", "homes", "residential", "building", "apartment", "buildings", "houses"),
        ("منزل", "منازل", "بيت", "مبني", "عماره", "شقه", "مبان", "مباني", "سكنيه", "سكني"),
    ),
    "road": (
        1.5,
        ("road", "street", "junction", "roundabout", "intersection"),
        ("شارع", "طريق", "مفترق", "دوار"),
    ),
    "farmland": (
        2.0,
        ("farm", "farmland", "field", "fields", "agricultural", "orchard", "farms"),
        ("زراعيه", "مزرعه", "اراضي", "بساتين", "مزارع", "زراعيه"),
    ),
    "fishing": (
        2.5,
        ("fisherman", "fishermen", "fishing", "boat", "boats"),
        ("صياد", "صيادين", "صيد", "قارب", "مركب"),
    ),
    "ambulance": (2.5, ("ambulance", "paramedic", "paramedics"), ("اسعاف", "مسعف", "مسعفين")),
    "un": (2.0, ("un", "unrwa", "wfp", "unicef"), ("الامم", "الاونروا", "اونروا", "برنامج")),
    "line": (1.5, ("line", "yellow", "fence", "perimeter"), ("الخط", "الاصفر", "السياج")),
    "border": (1.0, ("border", "frontier", "boundary"), ("الحدوديه", "حدوديه", "الحدود", "حدود")),
    "outskirts": (1.0, ("outskirts", "edge", "periphery", "edges"), ("اطراف", "طرف", "ضواحي")),
    "coast": (
        1.5,
        ("coast", "coastal", "beach", "shore", "seashore", "seafront"),
        ("ساحل", "شاطي", "الشاطي", "البحر", "بحر"),
    ),
    "missile": (2.0, ("missile", "missiles", "rocket", "rockets"), ("صاروخ", "صواريخ")),
    "infantry": (1.5, ("infantry", "foot"), ("راجله", "مشاه")),
    "patrol": (1.5, ("patrol", "patrols"), ("دوريه", "دوريات")),
    "youths": (1.5, ("youths", "youth", "teenagers", "young"), ("شبان", "شباب", "فتيه")),
    "found": (1.0, ("found", "discovered", "recovered"), ("العثور", "عثر", "اكتشاف")),
    "positions": (
        1.0,
        ("deployed", "deployment", "positions", "position", "presence", "stationed", "post"),
        ("انتشار", "تمركز", "يتمركزون", "تموضع", "نقطه", "مواقع", "موقع"),
    ),
    "unexplained": (
        1.5,
        ("unclear", "unexplained", "mysterious", "unknown"),
        ("غامض", "مجهول", "مجهوله"),
    ),
    "queue": (
        2.0,
        ("queue", "queuing", "queueing", "crowd", "crowds"),
        ("طابور", "طوابير", "تجمع", "حشود"),
    ),
    "police": (2.0, ("police", "policeman", "policemen"), ("شرطه", "شرطي")),
    "killed": (
        1.0,
        ("killed", "dead", "died", "death", "deaths", "fatalities"),
        ("قتل", "قتلي", "شهيد", "شهداء", "استشهد", "استشهاد", "مقتل", "ارتقاء", "ارتقي", "ارتقوا"),
    ),
    "injured": (
        1.0,
        ("injured", "wounded", "injuries", "hurt", "wounding", "injuring"),
        ("اصابه", "اصابات", "جريح", "جرحي", "اصيب", "مصابين", "جروح", "بجروح"),
    ),
    "child": (
        1.5,
        ("child", "children", "boy", "girl", "minor", "kids"),
        ("طفل", "اطفال", "طفله", "طفلان", "طفلين"),
    ),
    "woman": (1.5, ("woman", "women"), ("امراه", "سيده", "نساء")),
    "detained": (
        1.0,
        ("detained", "arrested", "abducted", "kidnapped", "detention"),
        ("اعتقال", "اعتقل", "احتجاز", "اختطاف", "معتقل"),
    ),
    "demolished": (1.0, ("demolished", "demolition", "destroyed", "razed"), ("هدم", "تدمير", "نسف", "تجريف")),
    "looted": (
        1.0,
        ("looted", "looting", "seized", "intercepted", "stolen", "hijacked"),
        ("نهب", "سرقه", "استولي", "اعتراض", "الاستيلاء", "استيلاء", "نهبوا"),
    ),
    "blocked": (1.0, ("blocked", "denied", "prevented", "obstructed", "refused"), ("منع", "عرقله", "رفض")),
    "incursion": (
        1.0,
        ("incursion", "advanced", "entered", "crossed", "infiltrated"),
        ("توغل", "تقدم", "دخول", "اقتحام"),
    ),
    "gunmen": (
        1.0,
        ("gunmen", "armed", "militants", "fighters", "masked"),
        ("مسلحين", "مسلحون", "مسلح", "عناصر", "ملثمين"),
    ),
    "soldiers": (0.5, ("soldiers", "troops", "forces", "army"), ("جنود", "قوات", "جيش")),
    "uxo": (
        1.5,
        ("unexploded", "ordnance", "uxo", "mine", "landmine", "suspicious"),
        ("منفجره", "ذخائر", "لغم", "الغام", "مشبوه", "جسم"),
    ),
    "exercise": (1.5, ("exercise", "drill", "training", "manoeuvre"), ("مناوره", "تدريب", "تدريبات")),
    "monitors": (
        1.5,
        ("monitors", "observers", "inspectors", "monitoring"),
        ("مراقبين", "مراقبون", "المراقبه"),
    ),
    "remains": (
        2.0,
        ("remains", "bodies", "body", "hostage", "hostages"),
        ("رفات", "جثث", "جثامين", "رهائن"),
    ),
    "prisoners": (2.0, ("prisoner", "prisoners"), ("اسري", "اسير", "معتقلين")),
    "aid": (0.5, ("aid", "humanitarian", "relief"), ("مساعدات", "اغاثه", "انسانيه")),
    "food": (1.5, ("food", "flour", "rations", "parcels"), ("غذاء", "اغذيه", "طحين", "دقيق", "طرود")),
    "fuel": (2.0, ("fuel", "diesel", "gas"), ("وقود", "سولار", "غاز")),
    "morning": (0.5, ("morning", "dawn"), ("صباح", "فجر")),
    "afternoon": (0.5, ("afternoon", "midday", "noon"), ("ظهر", "عصر")),
    "evening": (0.5, ("evening", "night", "overnight", "dusk"), ("مساء", "ليل", "ليله", "المغرب", "مغرب")),
    "east": (0.5, ("east", "eastern"), ("شرق", "شرقي")),
    "west": (0.5, ("west", "western"), ("غرب", "غربي")),
    "north": (0.5, ("north", "northern"), ("شمال", "شمالي")),
    "south": (0.5, ("south", "southern"), ("جنوب", "جنوبي")),
}  # fmt: skip

ENGLISH_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "fifteen": "15",
    "twenty": "20", "dozen": "12",
}  # fmt: skip

ARABIC_NUMBER_WORDS = {
    "واحد": "1", "اثنان": "2", "اثنين": "2", "ثلاثه": "3", "ثلاث": "3", "اربعه": "4", "اربع": "4",
    "خمسه": "5", "خمس": "5", "سته": "6", "ست": "6", "سبعه": "7", "سبع": "7", "ثمانيه": "8",
    "تسعه": "9", "عشره": "10", "عشر": "10", "عشرين": "20", "عشرون": "20",
}  # fmt: skip

STOPWORDS_EN = frozenset(
    """
    a an the of in on at to from by for with and or but near into onto over after before during
    was were is are be been being has have had it its this that these those there their they
    them he she his her we our you your i me my not no as about than then also very more most
    some any all reported reports report reportedly according said says say sources source local
    residents witnesses eyewitness eyewitnesses claimed claims today yesterday area areas city
    town village camp district governorate strip gaza around approximately least several people
    person persons incident
    members member family families relatives statement official officials spokesperson spokesman
    civil defence defense liaison officer officers citizens told confirmed civilians civilian
    inside within across toward towards beyond under among including involving leaving past
    attack attacked strike struck targeted targeting hit hitting military metres meters km
    unconfirmed breaking urgent circulating shared widely party statement victims operation
    """.split()  # noqa: SIM905
)

STOPWORDS_AR = frozenset(
    """
    في من الي علي عن مع ان او ثم قد لقد كان كانت هذا هذه ذلك تلك التي الذي الذين هناك هنا بعد
    قبل خلال حول عند منذ حتي اليوم امس وفق وفقا حسب مصادر مصدر محليه محلي شهود عيان افاد افادت
    قال قالت ذكرت اكدت انه انها لها له كما ايضا منطقه مدينه مخيم محافظه قطاع غزه نحو حوالي اشخاص
    شخص عدد بينهم بينها مما ادي اسفر
    افراد فرد عائله عايله اقارب بيان رسمي رسميه متحدث ناطق الدفاع دفاع المدني مدني ضابط ارتباط
    مواطنون مواطنين المواطنين مدنيين اكد اكدوا بلده داخل قرب المناطق مناطق استهدف استهداف
    استهدفت تعرض تعرضت عسكريه عسكري العسكري يفيدون متر لمسافه مسافه عاجل غير موكد مؤكد انباء
    متداوله ضحايا عمليه
    """.split()  # noqa: SIM905
)

# Names of the Gaza Strip as a whole: not a place to link on.
REGION_WIDE = (("gaza", "strip"), ("قطاع", "غزه"))
