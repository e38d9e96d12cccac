"""Phrasings for generated reports, English and Arabic, written independently of the engine's lexicon:
several ways to say each thing, some of which the engine has no entry for."""

from __future__ import annotations

# A thing an event can involve: (English phrasings, Arabic phrasings).
Phrase = tuple[tuple[str, ...], tuple[str, ...]]

MEANS: dict[str, Phrase] = {
    "tank": (
        ("tank fire", "tank shelling", "shells from tanks", "fire from armoured vehicles"),
        ("قذائف الدبابات", "قصف مدفعي من الدبابات", "نيران الآليات"),
    ),
    "artillery": (
        ("artillery shelling", "mortar rounds", "artillery fire", "shelling"),
        ("قصف مدفعي", "قذائف هاون", "قصف بالمدفعية"),
    ),
    "sniper": (("sniper fire", "a sniper", "sharpshooter fire"), ("نيران قناص", "رصاص القناصة", "قنص")),
    "drone": (
        ("a drone strike", "a quadcopter", "drone fire", "a UAV strike"),
        ("طائرة مسيرة", "مسيّرة", "كوادكوبتر", "غارة من طائرة مسيرة"),
    ),
    "gunfire": (
        ("gunfire", "machine-gun fire", "live fire", "shooting"),
        ("إطلاق نار", "نيران رشاشة", "رصاص حي", "إطلاق رصاص"),
    ),
    "naval": (
        ("naval gunboat fire", "fire from gunboats", "navy boats opened fire"),
        ("نيران الزوارق الحربية", "زوارق بحرية أطلقت النار"),
    ),
    "airstrike": (
        ("an airstrike", "an air strike", "a warplane strike", "a missile strike"),
        ("غارة جوية", "قصف من الطيران الحربي", "صاروخ من طائرة حربية"),
    ),
    "bulldozer": (
        ("bulldozers", "military bulldozers", "excavators"),
        ("جرافات", "جرافات عسكرية", "آليات حفر"),
    ),
    "vehicles": (
        ("armoured vehicles", "military vehicles", "tanks", "jeeps"),
        ("آليات عسكرية", "دبابات", "آليات مدرعة", "جيبات عسكرية"),
    ),
    "troops": (
        ("troops on foot", "soldiers", "an infantry unit", "a patrol"),
        ("جنود مشاة", "قوة راجلة", "دورية عسكرية", "جنود"),
    ),
    "gunmen": (
        ("gunmen", "armed men", "masked gunmen", "militants"),
        ("مسلحون", "عناصر مسلحة", "مسلحين ملثمين"),
    ),
    "explosion": (("a controlled explosion", "explosives", "a detonation"), ("تفجير", "عبوات ناسفة", "نسف")),
}

SITES: dict[str, Phrase] = {
    "homes": (
        ("homes", "a residential block", "houses", "an apartment building"),
        ("منازل المواطنين", "مبنى سكني", "بيوت", "عمارة سكنية"),
    ),
    "farmland": (
        ("farmland", "agricultural land", "fields", "orchards"),
        ("أراضٍ زراعية", "الأراضي الزراعية", "بساتين", "مزارع"),
    ),
    "fishermen": (("fishermen", "fishing boats", "a fishing boat"), ("الصيادين", "قوارب الصيد", "مركب صيد")),
    "tents": (
        ("tents of displaced families", "a tent camp", "displacement tents"),
        ("خيام النازحين", "مخيم خيام", "خيمة نازحين"),
    ),
    "school": (
        ("a school", "a school used as a shelter", "a UNRWA school"),
        ("مدرسة", "مدرسة تؤوي نازحين", "مدرسة للأونروا"),
    ),
    "hospital": (
        ("a hospital", "the hospital gate", "a field hospital", "a clinic"),
        ("مستشفى", "بوابة المستشفى", "مستشفى ميداني", "عيادة"),
    ),
    "market": (("a market", "the market", "a street market"), ("سوق", "السوق الشعبي", "سوق الخضار")),
    "bakery": (
        ("a bakery", "a bread queue", "people queuing for bread"),
        ("مخبز", "طابور الخبز", "المواطنين أمام مخبز"),
    ),
    "water": (
        ("a water point", "a well", "a desalination unit", "people collecting water"),
        ("نقطة مياه", "بئر مياه", "محطة تحلية", "المواطنين أثناء تعبئة المياه"),
    ),
    "road": (
        ("the main road", "a junction", "Salah al-Din road", "a roundabout"),
        ("الطريق الرئيسي", "مفترق", "شارع صلاح الدين", "دوار"),
    ),
    "convoy": (
        ("an aid convoy", "a convoy of aid trucks", "a WFP convoy"),
        ("قافلة مساعدات", "قافلة شاحنات إغاثة", "قافلة برنامج الأغذية"),
    ),
    "warehouse": (
        ("an aid warehouse", "a UN warehouse", "a storage depot"),
        ("مستودع مساعدات", "مخزن تابع للأمم المتحدة", "مستودع"),
    ),
    "distribution": (
        ("a distribution point", "a food distribution site", "an aid distribution point"),
        ("نقطة توزيع", "مركز توزيع المساعدات", "نقطة توزيع الطحين"),
    ),
    "ambulance": (
        ("an ambulance", "paramedics", "a civil defence crew"),
        ("سيارة إسعاف", "طواقم الإسعاف", "طاقم الدفاع المدني"),
    ),
    "checkpoint": (
        ("a checkpoint", "the checkpoint", "a military checkpoint"),
        ("حاجز", "الحاجز العسكري", "نقطة تفتيش"),
    ),
    "mosque": (("a mosque", "the mosque"), ("مسجد", "المسجد")),
}

GOODS: dict[str, Phrase] = {
    "flour": (("flour", "sacks of flour", "food parcels"), ("طحين", "أكياس الطحين", "طرود غذائية")),
    "fuel": (("fuel", "diesel", "cooking gas"), ("وقود", "سولار", "غاز الطهي")),
    "medical": (("medical supplies", "medicines"), ("مستلزمات طبية", "أدوية")),
    "tents": (("tents and shelter kits", "tarpaulins"), ("خيام", "مواد إيواء")),
}

COMMITMENTS: dict[str, Phrase] = {
    "trucks": (
        ("trucks entered instead of the agreed 600", "aid trucks crossed, far below the target"),
        ("شاحنة دخلت بدلا من 600 متفق عليها", "شاحنة مساعدات فقط دخلت القطاع"),
    ),
    "crossing": (
        ("the crossing stayed closed", "the crossing did not open as agreed"),
        ("بقي المعبر مغلقا", "لم يفتح المعبر كما اتفق"),
    ),
    "remains": (
        ("remains were not returned on time", "the handover of remains was delayed"),
        ("لم تتم إعادة الرفات في موعدها", "تأخر تسليم الجثامين"),
    ),
    "prisoners": (
        ("the prisoner release was postponed", "detainees were not released as agreed"),
        ("تأجل الإفراج عن الأسرى", "لم يفرج عن المعتقلين كما اتفق"),
    ),
}

DIRECTIONS: dict[str, Phrase] = {
    "east": (("east of", "in eastern", "to the east of"), ("شرق", "شرقي", "في المناطق الشرقية من")),
    "north": (("north of", "in northern", "to the north of"), ("شمال", "شمالي")),
    "south": (("south of", "in southern"), ("جنوب", "جنوبي")),
    "west": (("west of", "in western", "on the coast of"), ("غرب", "غربي", "على ساحل")),
    "in": (("in", "in", "near", "inside", "on the outskirts of"), ("في", "في", "قرب", "داخل", "على أطراف")),
}

KILLED: Phrase = (
    ("{n} killed", "killing {n}", "{n} people were killed", "{n} dead", "leaving {n} dead"),
    ("استشهاد {n}", "مقتل {n}", "{n} شهداء", "ارتقاء {n} مواطنين"),
)
INJURED: Phrase = (
    ("{n} injured", "{n} wounded", "wounding {n}", "{n} people hurt"),
    ("إصابة {n}", "{n} جرحى", "إصابة {n} مواطنين بجروح"),
)
CHILDREN: Phrase = (
    ("including children", "among them a child", "a child among the victims"),
    ("بينهم أطفال", "من بينهم طفل", "بينهم طفلة"),
)
TIME_OF_DAY: dict[str, Phrase] = {
    "night": (("overnight", "at night", "late at night", "before dawn"), ("ليلا", "فجر اليوم", "خلال الليل")),
    "morning": (("this morning", "in the morning", "early morning"), ("صباح اليوم", "في ساعات الصباح")),
    "afternoon": (
        ("in the afternoon", "at midday", "this afternoon"),
        ("ظهر اليوم", "بعد الظهر", "عصر اليوم"),
    ),
    "evening": (
        ("in the evening", "at dusk", "this evening"),
        ("مساء اليوم", "عند المغرب", "في ساعات المساء"),
    ),
}
ATTRIBUTION: Phrase = (
    (
        "according to local sources",
        "eyewitnesses said",
        "residents said",
        "a liaison officer reported",
        "the civil defence said",
        "according to a party statement",
        "a monitor reported",
        "medics said",
        "",
    ),
    (
        "حسب مصادر محلية",
        "أفاد شهود عيان",
        "قال مواطنون",
        "أفاد ضابط ارتباط",
        "قال الدفاع المدني",
        "وفق بيان رسمي",
        "أفاد مراقب",
        "قالت مصادر طبية",
        "",
    ),
)
RUMOUR_PREFIX: Phrase = (
    ("BREAKING:", "Unconfirmed:", "Reports circulating:", "Shared widely:", "URGENT -"),
    ("عاجل:", "غير مؤكد:", "أنباء متداولة:", "عاجل -"),
)

# Family names common in Gaza (English transliteration variants, Arabic): reports often name the
# family whose home was hit or the victims, which is what tells two nearby events apart.
FAMILIES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("al-Masri", "Masri", "el-Masry"), "المصري"),
    (("al-Shawa", "Shawwa"), "الشوا"),
    (("Hamad",), "حمد"),
    (("al-Najjar", "Najjar"), "النجار"),
    (("Abu Shaaban", "Abu Sha'ban"), "أبو شعبان"),
    (("al-Kurd", "Kurd"), "الكرد"),
    (("Hilles", "Helles"), "حلس"),
    (("al-Dalou", "Dalu"), "الدلو"),
    (("Barbakh",), "بربخ"),
    (("al-Astal", "Astal"), "الأسطل"),
    (("Abu Taha",), "أبو طه"),
    (("al-Qudra", "Qudrah"), "القدرة"),
    (("al-Farra", "Farra"), "الفرا"),
    (("Radwan", "Ridwan"), "رضوان"),
    (("al-Saqqa", "Saqqa"), "السقا"),
    (("al-Tarazi", "Tarazi"), "الترزي"),
    (("al-Khudari", "Khodari"), "الخضري"),
    (("al-Sourani", "Sourani"), "الصوراني"),
    (("al-Helou", "Helou"), "الحلو"),
    (("Ashour", "Ashur"), "عاشور"),
    (("Nassar", "Nasar"), "نصار"),
    (("Shurrab", "Shurab"), "شراب"),
    (("Abu Amra", "Abu Amrah"), "أبو عمرة"),
    (("Aqel", "Aqil"), "عقل"),
    (("Hammad",), "حماد"),
    (("al-Jaabari", "Jabari"), "الجعبري"),
    (("Salha", "Salhah"), "صالحة"),
    (("Abu Rish",), "أبو ريش"),
    (("al-Batsh", "Batsh"), "البطش"),
    (("Dughmush", "Doghmosh"), "دغمش"),
    (("Hasanat", "Hassanat"), "حسنات"),
    (("Mushtaha",), "مشتهى"),
    (("al-Shamali", "Shamali"), "الشمالي"),
    (("al-Wahidi", "Wahidi"), "الوحيدي"),
    (("Zomlot", "Zumlot"), "زملط"),
    (("Lulu", "Loulou"), "لولو"),
    (("al-Ghoul", "Ghoul"), "الغول"),
    (("al-Hindi", "Hindi"), "الهندي"),
    (("al-Khalidi", "Khalidi"), "الخالدي"),
    (("al-Mughani", "Mughanni"), "المغني"),
    (("al-Yazji", "Yazji"), "اليازجي"),
    (("Abu Daqqa", "Abu Daqa"), "أبو دقة"),
    (("Qishta", "Kishta"), "قشطة"),
    (("al-Ramlawi", "Ramlawi"), "الرملاوي"),
    (("Skaik", "Skeik"), "سكيك"),
    (("al-Tawil", "Tawil"), "الطويل"),
    (("Abu Jarad",), "أبو جراد"),
    (("al-Nabahin", "Nabahin"), "النباهين"),
    (("Baroud", "Barud"), "بارود"),
    (("Abu Samra",), "أبو سمرة"),
)
FAMILY_CLAUSE: Phrase = (
    ("the {name} family home", "members of the {name} family", "near the {name} house"),
    ("منزل عائلة {name}", "أفراد من عائلة {name}", "قرب منزل {name}"),
)
