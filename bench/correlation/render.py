"""Report text for generated events: templates filled with varied phrasings, figures that differ
between sources, family names, place-name variants and typos."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from cmcc.compliance.correlation.gazetteer import Place

from .templates import CATEGORY_SPECS
from .vocab import (
    ATTRIBUTION,
    CHILDREN,
    COMMITMENTS,
    DIRECTIONS,
    FAMILIES,
    FAMILY_CLAUSE,
    GOODS,
    INJURED,
    KILLED,
    MEANS,
    SITES,
    TIME_OF_DAY,
)

if TYPE_CHECKING:
    from .generator import Event

FAMILY_SHARE = 0.45  # reports that name the family or victims
# Spellings seen in reporting, beyond the gazetteer's own names (some the engine cannot resolve).
EXTRA_SPELLINGS = {
    "Khan Yunis": ["Khan Younis", "Khan Yunus", "Khanyounis", "Khan Younes"],
    "Jabalia": ["Jabalya", "Jabalia camp", "Jabaliya", "Jabalyah"],
    "Beit Lahiya": ["Beit Lahia", "Beit Lahiyeh", "Bait Lahia"],
    "Deir el-Balah": ["Deir al-Balah", "Deir al Balah", "Dair el-Balah", "Deir Al-Balah"],
    "Nuseirat": ["Nuseirat camp", "Nusseirat", "al-Nuseirat refugee camp"],
    "Bureij": ["el-Bureij", "Bureij camp", "Al Bureij"],
    "al-Maghazi": ["Maghazi", "Maghazi refugee camp", "el-Maghazi"],
    "Gaza": ["Gaza City", "Gaza city"],
    "Rafah": ["Rafah", "Rafah town"],
    "Bani Suheila": ["Bani Suhaila", "Bani Sheila"],
    "Az-Zawayda": ["Zawaida", "az-Zawayda", "Al Zawaida"],
}
ARABIC_PREFIX = ("", "", "", "مخيم ", "منطقة ", "بلدة ")


class Renderer:
    rng: random.Random

    def _say(self, phrase: tuple[tuple[str, ...], tuple[str, ...]], lang: str) -> str:
        return self.rng.choice(phrase[0] if lang == "en" else phrase[1])

    def _place_name(self, place: Place, lang: str) -> str:
        rng = self.rng
        if lang == "en":
            return rng.choice([place.name_en, *EXTRA_SPELLINGS.get(place.name_en, [])])
        name = place.name_ar
        if rng.random() < 0.2:
            name = name.replace("ة", "ه")
        if rng.random() < 0.2:
            name = name.replace("أ", "ا")
        return rng.choice(ARABIC_PREFIX) + name

    def _figure(self, n: int) -> str | None:
        roll = self.rng.random()
        if roll < 0.72:
            return str(n)
        if roll < 0.87:
            return str(max(1, n + self.rng.choice((-1, 1))))
        return None

    def render(self, e: Event, lang: str, name_place: bool, shape: int | None = None) -> str:
        rng = self.rng
        spec = CATEGORY_SPECS[e.category]
        templates = spec[lang]
        template = templates[(shape if shape is not None else rng.randrange(len(templates))) % len(templates)]
        vague = "the border area" if lang == "en" else "المناطق الحدودية"
        site = (
            self._say(SITES[e.site], lang)
            if e.site and rng.random() < 0.8
            else ("the area" if lang == "en" else "المنطقة")
        )
        count = self._figure(e.count) if e.count else None
        text = template.format(
            means=self._say(MEANS[e.means], lang) if e.means else "",
            site=site,
            dir=self._say(DIRECTIONS[e.direction if name_place else "in"], lang),
            place=self._place_name(e.place, lang) if name_place else vague,
            count=count or ("several" if lang == "en" else "عدد من"),
            goods=self._say(GOODS[e.goods], lang) if e.goods else "",
            commitment=self._say(COMMITMENTS[e.commitment], lang) if e.commitment else "",
        )
        clauses = [text]
        if e.killed and rng.random() < 0.8 and (k := self._figure(e.killed)):
            clauses.append(self._say(KILLED, lang).format(n=k))
        if e.injured and rng.random() < 0.7 and (i := self._figure(e.injured)):
            clauses.append(self._say(INJURED, lang).format(n=i))
        if e.children and rng.random() < 0.6:
            clauses.append(self._say(CHILDREN, lang))
        if e.category not in ("missed_commitment", "restriction_of_monitors") and rng.random() < FAMILY_SHARE:
            english, arabic = FAMILIES[e.family]
            name = rng.choice(english) if lang == "en" else arabic
            clauses.append(self._say(FAMILY_CLAUSE, lang).format(name=name))
        if rng.random() < 0.4:
            hour = (e.t + 2) % 24  # local time
            part = (
                "night"
                if hour < 5 or hour >= 21
                else "morning"
                if hour < 12
                else "afternoon"
                if hour < 17
                else "evening"
            )
            clauses.append(self._say(TIME_OF_DAY[part], lang))
        if rng.random() < 0.6:
            clauses.append(self._say(ATTRIBUTION, lang))
        text = ", ".join(c for c in clauses if c) if lang == "en" else "، ".join(c for c in clauses if c)
        return self._typos(text) if lang == "en" else text

    def _typos(self, text: str) -> str:
        rng = self.rng
        if rng.random() > 0.35:
            return text
        words = text.split(" ")
        for i, word in enumerate(words):
            if len(word) > 4 and rng.random() < 0.06:
                j = rng.randrange(1, len(word) - 1)
                words[i] = (
                    word[:j] + word[j + 1 :]
                    if rng.random() < 0.5
                    else word[:j] + word[j + 1] + word[j] + word[j + 2 :]
                )
        return " ".join(words)
