"""Every Arabic catalogue is complete and its compiled .mo matches the .po (a fresh machine
without GNU gettext uses the committed .mo)."""

from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(SRC.rglob("locale/ar/LC_MESSAGES/django.po"))


def test_there_is_an_arabic_catalogue():
    assert SRC / "locale/ar/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_catalogue_is_translated_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    assert untranslated == [], f"{len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert fuzzy == []
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), "compile it: cmcc compilemessages"
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in polib.mofile(str(mo_path))
    }
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in po.translated_entries()
        if not e.obsolete
    }
    assert compiled == source, "the .mo is stale: run cmcc compilemessages"


def test_an_arabic_page_uses_the_catalogue(client, db):
    r = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ar")
    html = r.content.decode()
    assert 'dir="rtl"' in html and "تسجيل الدخول" in html
