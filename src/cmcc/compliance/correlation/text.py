"""Text normalisation for English and Arabic reports.

Everything here is language-neutral where it can be: Arabic letters are normalised (alef variants,
alef maqsura, taa marbuta, hamza carriers, diacritics, tatweel), Arabic-Indic digits become ASCII,
English words are reduced to a crude stem, and domain words in either language map to shared
*concepts* (``lexicon.py``) so an English and an Arabic report about one event share features.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from .lexicon import ARABIC_NUMBER_WORDS, CONCEPTS, ENGLISH_NUMBER_WORDS, STOPWORDS_AR, STOPWORDS_EN

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e]")
_ARABIC_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ـ": None,
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "۰": "0",
        "۱": "1",
        "۲": "2",
        "۳": "3",
        "۴": "4",
        "۵": "5",
        "۶": "6",
        "۷": "7",
        "۸": "8",
        "۹": "9",
        "،": " ",
        "؛": " ",
        "؟": " ",
    }
)
_TOKEN = re.compile(r"[0-9]+|[a-z]+(?:'[a-z]+)?|[\u0621-\u064a]+")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_POSSESSIVE = re.compile(r"'s\b")
_ARABIC_CHAR = re.compile("[\u0600-\u06ff]")
_ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_ENGLISH_SUFFIXES = ("ings", "ing", "ied", "ies", "ed", "es", "s")
MIN_SKELETON = 3
_LATIN_ARTICLES = frozenset({"al", "el", "an", "as", "az", "ash", "ad", "at", "ar"})


def normalize(text: str) -> str:
    """Lowercase Latin, normalise Arabic letters and digits, drop diacritics and clock times."""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).translate(_ARABIC_LETTERS).lower()
    return _CLOCK.sub(" ", text)


def tokens(text: str) -> list[str]:
    """Normalised word and number tokens of ``text``: hyphens split words, a possessive "'s" goes
    and other apostrophes (an ain in a transliteration: "Sha'ban") are dropped inside the word."""
    text = _POSSESSIVE.sub("", normalize(text).replace("’", "'").replace("‘", "'"))
    return _TOKEN.findall(text.replace("-", " ").replace("'", ""))


def is_arabic(token: str) -> bool:
    return bool(_ARABIC_CHAR.match(token))


def detect_lang(text: str) -> str:
    arabic = len(_ARABIC_CHAR.findall(text))
    latin = sum(1 for ch in text if "a" <= ch.lower() <= "z")
    return "ar" if arabic > latin else "en"


def english_stem(token: str) -> str:
    """A crude suffix stripper: enough to make "shelled", "shelling" and "shells" one word."""
    stem = token
    for suffix in _ENGLISH_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            stem = token[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
            break
    if len(stem) > 3 and stem.endswith("e"):
        stem = stem[:-1]
    if len(stem) > 3 and stem[-1] == stem[-2]:
        stem = stem[:-1]
    return stem


@lru_cache(maxsize=1 << 18)
def arabic_forms(token: str) -> tuple[str, ...]:
    """The token and the forms left after stripping one clitic prefix (and, al-), longest first."""
    forms = [token]
    for prefix in _ARABIC_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            rest = token[len(prefix) :]
            forms.append(rest)
            if not prefix.endswith("ال") and rest.startswith("ال") and len(rest) > 3:
                forms.append(rest[2:])
    return tuple(forms)


_ARABIC_SUFFIXES = ("ون", "ين", "ات", "وا", "ها", "هم", "ان", "ه", "ت", "ي")
_ARABIC_VERB_PREFIXES = ("ي", "ت", "ن", "س")


def arabic_stems(form: str) -> list[str]:
    """Light stemming for lexicon look-ups: one suffix and/or one verb prefix off ("نهبوا" -> "نهب")."""
    out = []
    for suffix in _ARABIC_SUFFIXES:
        if form.endswith(suffix) and len(form) - len(suffix) >= 3:
            out.append(form[: -len(suffix)])
            break
    for base in [form, *out]:
        if base[:1] in _ARABIC_VERB_PREFIXES and len(base) >= 4:
            out.append(base[1:])
            out.append("ا" + base[1:])  # imperfect -> verbal noun/past form ("تعتقل" -> "اعتقل")
    return out


@lru_cache(maxsize=1 << 18)
def latin_skeleton(token: str) -> str:
    """Consonant skeleton of a romanised Arabic word: "Younis", "Yunis" and "Yunes" give "yns"."""
    token = token.replace("ou", "u").replace("q", "k").replace("ph", "f")
    head, rest = token[:1], token[1:]
    rest = re.sub(r"[aeiouyw']", "", rest)
    skeleton = re.sub(r"(.)\1+", r"\1", head + rest)
    return skeleton


@cache
def concept_table() -> tuple[dict[str, str], dict[str, str]]:
    """English (word and stem) and Arabic (normalised word) lookup tables: word -> concept."""
    english: dict[str, str] = {}
    arabic: dict[str, str] = {}
    for concept, (_weight, en_words, ar_words) in CONCEPTS.items():
        for word in en_words:
            english.setdefault(word, concept)
            english.setdefault(english_stem(word), concept)
        for word in ar_words:
            arabic.setdefault(normalize(word), concept)
    return english, arabic


@cache
def concept_weights() -> dict[str, float]:
    return {concept: weight for concept, (weight, _en, _ar) in CONCEPTS.items()}


# Arabic letters -> Latin consonants, so a name written in either script gives one skeleton
# ("المصري" and "al-Masri" -> "msr"). Long vowels, alef, ain and hamza are dropped like Latin vowels.
_TO_LATIN = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "gh", "ف": "f",
    "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "ا": None, "و": None, "ي": None, "ع": None, "ء": None,
}  # fmt: skip
_ARABIC_TO_LATIN = str.maketrans(_TO_LATIN)


@lru_cache(maxsize=1 << 18)
def name_skeleton(token: str) -> str:
    """A script-neutral consonant skeleton of a word: equal for a name and its transliteration."""
    if is_arabic(token):
        if token.endswith("ه") and len(token) > 3:
            token = token[:-1]  # taa marbuta (normalised to haa) is a vowel in transliteration
        latin = token.translate(_ARABIC_TO_LATIN)
    else:
        token = re.sub(r"(?<=[aeiou])h$", "", token)  # "Qudrah" ends in a vowel, like "قدرة"
        latin = re.sub(r"[aeiouyw']", "", token.replace("q", "k").replace("ph", "f").replace("ee", "i"))
    return re.sub(r"(.)\1+", r"\1", latin)


# Family and person names. A name follows "Abu" / "أبو", "عائلة", "منزل", "آل" or precedes "family";
# "the X house" names it too. Names are short (Taha, Daqa, Aqel) and their transliterations vary, so
# they get their own skeleton: Arabic digraph letters and their Latin spellings (sh, kh, th, gh, dh)
# become one symbol each, vowels and weak letters go, a final h (taa marbuta, "-ah") goes, and even a
# skeleton of one or two consonants is kept. "Abu Daqa" and "أبو دقة" both give "dk".
_NAME_BEFORE = frozenset(
    {"abu", "abou", "ibn", "bin", "ابو", "عائله", "عايله", "منزل", "ال", "ابن", "بن", "بيت"}
)
_NAME_AFTER = frozenset({"family", "clan", "families"})
_NAME_HOUSE = frozenset({"house", "home"})
_NAME_DIGRAPHS = (("sh", "S"), ("kh", "X"), ("th", "T"), ("gh", "G"), ("dh", "D"))
_NAME_ARABIC = str.maketrans({**_TO_LATIN, "ش": "S", "خ": "X", "ث": "T", "غ": "G", "ذ": "D"})


@lru_cache(maxsize=1 << 16)
def family_skeleton(token: str) -> str:
    """Script-neutral skeleton of a family name ("al-Qudra", "Qudrah", "القدرة" -> "kdr")."""
    if is_arabic(token):
        if token.startswith("ال") and len(token) > 3:
            token = token[2:]
        latin = token.translate(_NAME_ARABIC)
    else:
        latin = token.replace("q", "k").replace("ph", "f").replace("ou", "u")
        for pair, symbol in _NAME_DIGRAPHS:
            latin = latin.replace(pair, symbol)
        latin = re.sub(r"[aeiouyw]", "", latin)
    latin = re.sub(r"(.)\1+", r"\1", latin)
    if len(latin) > 1 and latin.endswith("h"):
        latin = latin[:-1]
    return latin


def family_names(words: list[str]) -> dict[int, str]:
    """Positions of the words of ``words`` that are family names, with their skeletons."""
    names: dict[int, str] = {}
    for i, word in enumerate(words):
        if word in _NAME_BEFORE or word in _NAME_AFTER or word in _NAME_HOUSE:
            continue
        before = words[i - 1] if i else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        named = (
            before in _NAME_BEFORE
            or after in _NAME_AFTER
            or (after in _NAME_HOUSE and before in ("the", "al", "el"))
        )
        if not named or word.isdigit() or word in STOPWORDS_EN or word in STOPWORDS_AR:
            continue
        if word in _LATIN_ARTICLES:
            continue
        skeleton = family_skeleton(word)
        if skeleton:
            names[i] = skeleton
    return names


@dataclass(frozen=True, slots=True)
class TextFeatures:
    concepts: frozenset[str]
    numbers: frozenset[str]
    words: frozenset[str]  # consonant skeletons of the remaining words (script-neutral)
    names: frozenset[str] = frozenset()  # family-name skeletons (see ``family_skeleton``)


@lru_cache(maxsize=1 << 18)
def analyse(token: str) -> tuple[str, str] | None:
    """One token -> ("n", number) | ("c", concept) | ("w", residual word) | None (stopword)."""
    english, arabic = concept_table()
    if token.isdigit():
        return ("n", str(int(token)))
    if is_arabic(token):
        forms = arabic_forms(token)
        for form in forms:
            if form in ARABIC_NUMBER_WORDS:
                return ("n", ARABIC_NUMBER_WORDS[form])
        for form in forms:
            if form in arabic:
                return ("c", arabic[form])
        for form in forms:
            for stem in arabic_stems(form):
                if stem in arabic:
                    return ("c", arabic[stem])
        if token in STOPWORDS_AR or forms[-1] in STOPWORDS_AR or len(forms[-1]) <= 2:
            return None
        skeleton = name_skeleton(forms[-1])
        return ("w", skeleton) if len(skeleton) >= MIN_SKELETON else None
    if token in ENGLISH_NUMBER_WORDS:
        return ("n", ENGLISH_NUMBER_WORDS[token])
    if token in STOPWORDS_EN or token in _LATIN_ARTICLES:
        return None
    stem = english_stem(token)
    concept = english.get(token) or english.get(stem)
    if concept:
        return ("c", concept)
    skeleton = name_skeleton(token)
    return ("w", skeleton) if len(skeleton) >= MIN_SKELETON else None


FIGURE_ROLES = frozenset({"killed", "injured"})
FIGURE_WINDOW = 3  # a figure is the number within this many words of "killed" / "injured"


def figures(words: list[str]) -> tuple[tuple[str, int], ...]:
    """Casualty figures a report states, as (role, count): for the first word for killed or injured,
    the nearest number within ``FIGURE_WINDOW`` words ("3 killed", "killing three", "استشهاد 3
    مواطنين"; the one before it on a tie)."""
    analysed = [analyse(w) for w in words]
    found: dict[str, int] = {}
    for i, item in enumerate(analysed):
        if item is None or item[0] != "c" or item[1] not in FIGURE_ROLES or item[1] in found:
            continue
        for distance in range(1, FIGURE_WINDOW + 1):
            near = [
                near
                for j in (i - distance, i + distance)
                if 0 <= j < len(analysed) and (near := analysed[j]) is not None and near[0] == "n"
            ]
            if near:
                found[item[1]] = int(near[0][1])
                break
    return tuple(sorted(found.items()))


def figures_disagree(a: int, b: int) -> bool:
    """Two counts of the same casualties that differ by more than reporting noise (sources often
    differ by one or two, or by half as the toll is updated)."""
    return abs(a - b) > max(2, 0.5 * max(a, b))


def text_features(words: list[str]) -> TextFeatures:
    """Concepts, numbers and residual words of a token list that has had its place names removed."""
    found: dict[str, set[str]] = {"c": set(), "n": set(), "w": set()}
    names = family_names(words)
    for i, token in enumerate(words):
        if i in names:
            continue
        item = analyse(token)
        if item is not None:
            found[item[0]].add(item[1])
    return TextFeatures(
        frozenset(found["c"]), frozenset(found["n"]), frozenset(found["w"]), frozenset(names.values())
    )
