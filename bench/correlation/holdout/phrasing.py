"""Wording of the hold-out reports, English and Arabic, in several registers.

Registers: ``monitor`` (formal observation language: time, bearing, what was seen or heard),
``ngo`` (situation-report sentences), ``media`` (news lines), ``social`` (posts, hashtags, "urgent"),
``sms`` (hotline texts: short, lower case, no punctuation), ``party_a`` and ``party_b`` (the two parties'
statements: the same event in each side's framing). Every category has a few kinds of event
(``subtype``); a report names the event's own kind most of the time and the category's generic wording
otherwise. Arabic text is varied after rendering the way it is typed in practice: ta marbuta written as
ha, hamza dropped from alef, alef maqsura and ya swapped, a few diacritics, the odd tatweel.
"""

from __future__ import annotations

import random

# ---------------------------------------------------------------------------------------------------------
# What happened: per category, kinds of event as (English noun phrases, Arabic noun phrases).
# ---------------------------------------------------------------------------------------------------------

WHAT: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "fire_across_line": {
        "artillery": (
            ("artillery shelling", "shelling", "artillery fire", "several artillery rounds"),
            ("قصف مدفعي", "قصف مدفعي متقطع", "سقوط قذائف مدفعية"),
        ),
        "tank": (
            ("tank fire", "tank shelling", "shells fired from tanks"),
            ("قصف من الدبابات", "إطلاق قذائف من دبابات الاحتلال", "قذائف دبابات"),
        ),
        "gunfire": (
            ("heavy gunfire from military vehicles", "machine-gun fire", "intense gunfire"),
            ("إطلاق نار كثيف من الآليات", "إطلاق نار من الرشاشات الثقيلة", "إطلاق نار كثيف"),
        ),
        "drone": (
            ("a drone strike", "a strike by a quadcopter", "fire from a drone"),
            ("غارة بطائرة مسيرة", "إطلاق نار من طائرة كواد كابتر", "قصف من طائرة مسيّرة"),
        ),
        "mortar": (("mortar fire", "mortar rounds", "a mortar barrage"), ("قذائف هاون", "سقوط قذائف هاون")),
    },
    "incursion": {
        "vehicles": (
            (
                "an incursion by armoured vehicles",
                "tanks advancing west of the line",
                "military vehicles crossing the line",
            ),
            ("توغل آليات عسكرية", "تقدم دبابات غرب الخط", "توغل محدود للآليات"),
        ),
        "bulldozers": (
            ("bulldozers moving beyond the line", "an incursion by bulldozers", "bulldozers levelling land"),
            ("توغل جرافات", "تجريف أراض من قبل جرافات الاحتلال", "دخول جرافات عسكرية"),
        ),
        "markers": (
            ("the yellow line markers being moved west", "concrete blocks placed beyond the agreed line"),
            ("تقديم مكعبات الخط الأصفر غرباً", "نقل علامات الخط الأصفر"),
        ),
    },
    "armed_presence": {
        "gunmen": (
            ("armed men in the restricted zone", "gunmen deployed", "an armed group seen"),
            ("انتشار مسلحين", "تواجد عناصر مسلحة", "مسلحون ملثمون"),
        ),
        "vehicles": (
            ("military vehicles stationed inside the buffer zone", "a tank positioned near homes"),
            ("تمركز آليات عسكرية", "تمركز دبابة قرب المنازل"),
        ),
    },
    "attack_on_civilians": {
        "shooting": (
            ("civilians shot", "residents fired upon", "people returning to their homes shot at"),
            ("استهداف مواطنين", "إطلاق النار على مواطنين", "استهداف مدنيين أثناء عودتهم لمنازلهم"),
        ),
        "strike_home": (
            ("a strike on a family home", "a house hit with people inside"),
            ("قصف منزل لعائلة", "استهداف منزل مأهول"),
        ),
        "fishermen": (
            ("fishing boats fired upon", "fishermen shot at sea"),
            ("استهداف مراكب الصيادين", "إطلاق نار على الصيادين"),
        ),
        "tent": (
            ("a strike on a tent camp for displaced people", "a shelter for displaced families hit"),
            ("قصف خيمة نازحين", "استهداف خيام النازحين"),
        ),
    },
    "attack_on_humanitarian": {
        "convoy": (
            ("an aid convoy fired upon", "gunfire at an aid convoy", "aid trucks shot at"),
            ("استهداف قافلة مساعدات", "إطلاق نار على شاحنات المساعدات"),
        ),
        "ambulance": (
            ("an ambulance hit", "a civil defence crew targeted", "paramedics fired upon"),
            ("استهداف سيارة إسعاف", "استهداف طاقم الدفاع المدني", "إطلاق النار على المسعفين"),
        ),
        "facility": (
            ("fire near a health facility", "a clinic damaged by gunfire", "a strike near a hospital"),
            ("إطلاق نار في محيط مرفق صحي", "استهداف محيط المستشفى"),
        ),
        "distribution": (
            ("a food distribution point shelled", "people waiting for aid fired upon"),
            ("استهداف نقطة توزيع مساعدات", "إطلاق نار على منتظري المساعدات"),
        ),
    },
    "looting": {
        "trucks": (
            ("aid trucks looted", "flour trucks seized by armed men", "a convoy intercepted and looted"),
            ("سرقة شاحنات مساعدات", "الاستيلاء على شاحنات الطحين", "اعتراض قافلة ونهبها"),
        ),
        "warehouse": (
            ("a warehouse broken into", "a food store looted"),
            ("اقتحام مخزن مساعدات", "نهب مستودع أغذية"),
        ),
    },
    "detention": {
        "men": (
            ("the detention of civilians", "men detained by troops", "an arrest raid"),
            ("اعتقال مواطنين", "احتجاز شبان", "حملة اعتقالات"),
        ),
        "fishermen": (("fishermen detained", "the arrest of fishermen"), ("اعتقال صيادين", "احتجاز صيادين")),
        "returnees": (
            ("people detained while trying to reach their homes",),
            ("اعتقال مواطنين خلال محاولتهم الوصول لمنازلهم",),
        ),
    },
    "demolition": {
        "blasts": (
            ("the blowing up of residential buildings", "controlled demolitions", "houses blown up"),
            ("نسف منازل", "تفجير مبان سكنية", "عمليات نسف"),
        ),
        "razing": (
            ("buildings razed by bulldozers", "the demolition of homes", "bulldozing of houses"),
            ("هدم منازل بالجرافات", "تجريف مبان", "هدم منازل"),
        ),
    },
    "missed_commitment": {
        "trucks": (
            ("aid volumes well below the agreed level", "far fewer trucks than the 600 agreed"),
            ("دخول عدد أقل بكثير من الشاحنات المتفق عليها", "تقليص عدد شاحنات المساعدات"),
        ),
        "closure": (
            ("the crossing remaining closed", "the crossing not opened as agreed"),
            ("استمرار إغلاق المعبر", "عدم فتح المعبر كما هو متفق"),
        ),
        "remains": (
            ("the handover of remains not taking place as scheduled",),
            ("عدم تسليم الجثامين في الموعد",),
        ),
    },
    "restriction_of_monitors": {
        "checkpoint": (
            ("a monitoring patrol turned back at a checkpoint", "the monitors denied passage"),
            ("منع فريق المراقبة من المرور", "إعادة دورية المراقبين من الحاجز"),
        ),
        "jamming": (
            ("the monitors' drone jammed", "interference with the monitors' UAV"),
            ("التشويش على طائرة المراقبين",),
        ),
    },
    "uxo": {
        "found": (
            ("an unexploded shell found", "unexploded ordnance in a street", "a UXO found in rubble"),
            ("العثور على قذيفة غير منفجرة", "جسم مشبوه لم ينفجر", "مخلفات حرب غير منفجرة"),
        ),
        "blast": (
            ("a UXO detonation", "an explosion of a leftover device", "an explosion of unexploded ordnance"),
            ("انفجار جسم من مخلفات الحرب", "انفجار قذيفة غير منفجرة", "انفجار جسم مشبوه"),
        ),
    },
    "live_fire_exercise": {
        "exercise": (
            ("a live-fire exercise", "military training with live fire", "an announced firing exercise"),
            ("تدريبات بالذخيرة الحية", "مناورة عسكرية بالذخيرة الحية"),
        ),
    },
    "other": {
        "protest": (
            ("a protest", "a crowd gathering near the line"),
            ("وقفة احتجاجية", "تجمع للمواطنين قرب الخط"),
        ),
        "explosion": (
            ("an unexplained explosion", "a loud blast of unknown origin"),
            ("انفجار مجهول المصدر", "دوي انفجار غير معروف السبب"),
        ),
        "fire": (("a large fire", "smoke rising from buildings"), ("اندلاع حريق كبير", "تصاعد أعمدة الدخان")),
    },
}

GENERIC: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "fire_across_line": (
        ("fire across the line", "a ceasefire violation involving fire"),
        ("خرق بإطلاق النار",),
    ),
    "incursion": (("an incursion", "a crossing of the line"), ("توغل", "تجاوز للخط")),
    "armed_presence": (("an armed presence", "armed elements"), ("تواجد مسلح",)),
    "attack_on_civilians": (("an attack on civilians",), ("استهداف للمدنيين",)),
    "attack_on_humanitarian": (("an attack on humanitarian workers",), ("استهداف للعمل الإنساني",)),
    "looting": (("looting of aid",), ("نهب مساعدات",)),
    "detention": (("detentions",), ("اعتقالات",)),
    "demolition": (("demolitions",), ("عمليات هدم",)),
    "missed_commitment": (("a breach of commitments",), ("إخلال بالالتزامات",)),
    "restriction_of_monitors": (("a restriction on the monitors",), ("تقييد عمل المراقبين",)),
    "uxo": (("explosive remnants of war",), ("مخلفات حرب",)),
    "live_fire_exercise": (("live-fire activity",), ("تدريبات عسكرية",)),
    "other": (("an incident",), ("حادث",)),
}

COMPASS_EN = ("north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west")
COMPASS_AR = ("شمال", "شمال شرق", "شرق", "جنوب شرق", "جنوب", "جنوب غرب", "غرب", "شمال غرب")
DAYPART_EN = {
    "night": ("overnight", "last night", "before dawn"),
    "morning": ("this morning", "in the morning"),
    "afternoon": ("this afternoon", "in the afternoon"),
    "evening": ("this evening", "in the evening"),
}
DAYPART_AR = {
    "night": ("فجر اليوم", "الليلة الماضية", "ليلة أمس"),
    "morning": ("صباح اليوم", "في ساعات الصباح"),
    "afternoon": ("بعد ظهر اليوم", "ظهر اليوم"),
    "evening": ("مساء اليوم", "في ساعات المساء"),
}
WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_AR = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
MONTH_EN = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_AR = (
    "",
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)


def compass(b: float) -> int:
    return int(((b + 22.5) % 360) // 45)


# ---------------------------------------------------------------------------------------------------------
# Arabic as typed
# ---------------------------------------------------------------------------------------------------------

_HARAKAT = ("\u064e", "\u064f", "\u0650", "\u0652", "\u0651")


def arabic_variant(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    if rng.random() < 0.35:  # ta marbuta typed as ha
        words = [w[:-1] + "ه" if w.endswith("ة") else w for w in words]
    if rng.random() < 0.35:  # hamza on alef dropped
        words = [w.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا") for w in words]
    if rng.random() < 0.2:  # final ya written as alef maqsura
        words = [w[:-1] + "ى" if w.endswith("ي") and len(w) > 2 else w for w in words]
    if rng.random() < 0.15:  # a few diacritics
        for k in rng.sample(range(len(words)), min(3, len(words))):
            w = words[k]
            if len(w) > 2 and "\u0600" <= w[1] <= "\u06ff":
                words[k] = w[:2] + rng.choice(_HARAKAT) + w[2:]
    if rng.random() < 0.05:  # tatweel in one word
        k = rng.randrange(len(words))
        w = words[k]
        if len(w) > 3:
            words[k] = w[:2] + "ـ" + w[2:]
    return " ".join(words)


# ---------------------------------------------------------------------------------------------------------
# Pieces
# ---------------------------------------------------------------------------------------------------------


def casualties_en(killed: int | None, injured: int | None, rng: random.Random, short: bool = False) -> str:
    if killed is None and injured is None:
        return rng.choice(("casualties reported", "reports of injuries", "no details on casualties yet"))
    k, i = killed or 0, injured or 0
    if k == 0 and i == 0:
        return rng.choice(("no casualties reported", "no injuries", "no one hurt"))
    if short:
        parts = ([f"{k} dead"] if k else []) + ([f"{i} injured"] if i else [])
        return " ".join(parts)
    parts = ([f"{k} killed" if k > 1 else "one person killed"] if k else []) + (
        [f"{i} injured" if i > 1 else "one injured"] if i else []
    )
    return rng.choice(("", "reportedly ", "according to medics ")) + " and ".join(parts)


def casualties_ar(killed: int | None, injured: int | None, rng: random.Random) -> str:
    if killed is None and injured is None:
        return rng.choice(("وأنباء عن إصابات", "ووقوع إصابات", "ولا تفاصيل عن الإصابات"))
    k, i = killed or 0, injured or 0
    if k == 0 and i == 0:
        return rng.choice(("دون وقوع إصابات", "دون إصابات"))
    parts = []
    if k:
        parts.append("استشهاد مواطن" if k == 1 else f"استشهاد {k} مواطنين")
    if i:
        parts.append("إصابة آخر" if i == 1 and k else ("إصابة مواطن" if i == 1 else f"إصابة {i} آخرين"))
    return "ما أدى إلى " + " و".join(parts)


def quantity_en(category: str, amount: int | None) -> str:
    if amount is None:
        return ""
    if category == "detention":
        return f"{amount} people detained" if amount > 1 else "one person detained"
    if category == "demolition":
        return f"about {amount} buildings affected"
    if category == "missed_commitment":
        return f"only {amount} trucks entered against 600 agreed"
    if category == "looting":
        return f"{amount} trucks affected"
    return ""


def quantity_ar(category: str, amount: int | None) -> str:
    if amount is None:
        return ""
    if category == "detention":
        return f"واعتقال {amount} مواطنين" if amount > 1 else "واعتقال مواطن"
    if category == "demolition":
        return f"طالت نحو {amount} مبان"
    if category == "missed_commitment":
        return f"إذ دخلت {amount} شاحنة فقط من أصل 600"
    if category == "looting":
        return f"وطالت {amount} شاحنات"
    return ""


# ---------------------------------------------------------------------------------------------------------
# Registers
# ---------------------------------------------------------------------------------------------------------

_SEEN = {
    "fire_across_line": ("heard", "observed", "recorded", "heard and saw"),
    "uxo": ("observed", "was shown"),
    "live_fire_exercise": ("heard", "recorded"),
}
_NO_CAS = {
    "detention",
    "incursion",
    "armed_presence",
    "demolition",
    "missed_commitment",
    "restriction_of_monitors",
    "live_fire_exercise",
    "looting",
    "other",
}


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p).replace(" ,", ",").replace(" .", ".").replace("..", ".").strip()


def render_en(register: str, category: str, c: dict, rng: random.Random) -> str:
    """One English report; ``c`` holds what, where, when, hhmm, cas, cas_short, qty, coords, town."""
    what, where, when = c["what"], c["where"], c["when"]
    cas = c["qty"] if category in _NO_CAS else c["cas"]
    cas_short = c["qty"] if category in _NO_CAS else c["cas_short"]
    if register == "monitor":
        seen = rng.choice(_SEEN.get(category, ("observed", "saw", "noted")))
        coords = c["coords"] if rng.random() < 0.5 else ""
        return rng.choice(
            (
                lambda: _join(
                    _cap(when) + ",",
                    "the team",
                    seen,
                    what,
                    where + coords + ".",
                    _cap(cas) + "." if cas else "",
                ),
                lambda: _join(
                    f"At {c['hhmm']} hrs the patrol",
                    seen,
                    what,
                    where + coords + ".",
                    _cap(cas) + "." if cas else "No casualties observed.",
                ),
                lambda: _join(
                    "Observation:", what, where + coords + ",", when + ".", _cap(cas) + "." if cas else ""
                ),
                lambda: _join("Monitors", seen, what, where, when + ".", "Follow-up pending."),
            )
        )()
    if register == "ngo":
        return rng.choice(
            (
                lambda: _join(
                    "Partners report", what, where, when + (";" if cas else "."), cas + "." if cas else ""
                ),
                lambda: _join(
                    "According to local partners,", what, "took place", where, when + ".", _cap(cas)
                ),
                lambda: _join(_cap(when) + ",", what, "was reported", where + ("," if cas else "."), cas),
                lambda: _join("Field teams confirmed", what, where, when + ("," if cas else "."), cas),
                lambda: _join("Situation update:", what, where, when + ".", _cap(cas) + "." if cas else ""),
            )
        )()
    if register == "media":
        return rng.choice(
            (
                lambda: _join(_cap(what), where, when + ",", cas + "," if cas else "", "local sources said."),
                lambda: _join("BREAKING:", what, where, "-" if cas else "", cas),
                lambda: _join("Witnesses describe", what, where, when + (";" if cas else "."), cas),
                lambda: _join(_cap(what), "reported", where, when + ".", _cap(cas) + "." if cas else ""),
            )
        )()
    if register == "social":
        return rng.choice(
            (
                lambda: _join(what, where, "right now!!", cas_short, "#Gaza"),
                lambda: _join("URGENT:", what, where + ".", cas_short, "pray for us"),
                lambda: _join("#Gaza", what, where, when, cas_short),
                lambda: _join("can hear", what, where, when, "...", cas_short),
                lambda: _join(what, "in", c["town"], "again", when, cas_short),
            )
        )()
    if register == "sms":
        text = rng.choice(
            (
                lambda: _join(what, where, cas_short),
                lambda: _join(what, "near", c["town"], "now", cas_short),
                lambda: _join("pls help", what, where),
            )
        )()
        return "".join(ch for ch in text.lower() if ch not in ".,;:!()-")
    if register == "party_a":
        w = f" {when}" if when else ""
        halt = c["qty"] or "claims of a halt are false"
        frames = {
            "fire_across_line": f"Troops operating {where} identified suspects who crossed the line and "
            f"approached the forces, posing an immediate threat; the troops fired to remove the threat{w}.",
            "attack_on_civilians": f"Forces {where} fired warning shots at suspects approaching the line{w}. "
            "The claims are being reviewed.",
            "incursion": f"Forces carried out engineering activity {where} as the agreement allows{w}.",
            "armed_presence": f"Forces remain deployed {where} as agreed{w}.",
            "demolition": f"Engineering forces dismantled terror infrastructure {where}{w}.",
            "detention": f"Suspects were apprehended {where} and transferred for questioning{w}.",
            "live_fire_exercise": f"Notice: {what} will take place {where}{w}. Loud explosions may be heard.",
            "missed_commitment": f"Aid continued to enter via {where}{w}; {halt}.",
        }
        return frames.get(category, f"Reports of {what} {where} are being examined{w}.")
    # party_b in English
    return _join(
        "The occupation committed a new violation of the ceasefire", where, when + ":", what + ",", cas
    )


def render_ar(register: str, category: str, c: dict, rng: random.Random) -> str:
    what, where, when = c["what"], c["where"], c["when"]
    cas = c["qty"] if category in _NO_CAS else c["cas"]
    if register == "monitor":
        return rng.choice(
            (
                lambda: _join("رصد فريق المراقبة", what, where, "عند الساعة", c["hhmm"] + ".", cas),
                lambda: _join("أفاد فريق المراقبة الميداني بـ" + what, where, when + ".", cas),
            )
        )()
    if register == "ngo":
        return rng.choice(
            (
                lambda: _join("أفاد شركاؤنا الميدانيون بـ" + what, where, when + ("،" if cas else "."), cas),
                lambda: _join("تحديث ميداني:", what, where, when + ".", cas),
            )
        )()
    if register == "media":
        return rng.choice(
            (
                lambda: _join("أفادت مصادر محلية بـ" + what, where, when + ("،" if cas else "."), cas),
                lambda: _join(what, where, when, cas),
                lambda: _join("مراسلنا:", what, where, when, cas),
            )
        )()
    if register == "social":
        return rng.choice(
            (
                lambda: _join("عاجل |", what, where, when, cas),
                lambda: _join("#غزة", what, where, "الآن", cas),
                lambda: _join(what, where, "قبل قليل 💔", cas),
                lambda: _join("اللهم سلم..", what, where),
            )
        )()
    if register == "sms":
        return rng.choice(
            (
                lambda: _join(what, where, cas),
                lambda: _join("في", what, where, "الحين"),
                lambda: (
                    _join(what, "ب" + c["town"], "ارسلوا اسعاف")
                    if category.startswith("attack")
                    else _join(what, where)
                ),
            )
        )()
    if register == "party_a":
        return _join(
            "قال الجيش إن قواته",
            "رصدت مشتبهين اقتربوا من الخط" if category == "fire_across_line" else "نفذت نشاطاً",
            where,
            when,
            "وتعاملت معهم لإزالة التهديد" if category == "fire_across_line" else "",
        )
    return rng.choice(
        (
            lambda: _join("خرق جديد لاتفاق وقف إطلاق النار:", what, where, when + ("،" if cas else "."), cas),
            lambda: _join("المكتب الإعلامي: الاحتلال يرتكب خرقاً جديداً عبر", what, where, when + ".", cas),
        )
    )()
