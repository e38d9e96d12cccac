from django.apps import apps

from cmcc.core.nav import feature_nav


def test_feature_apps_contribute_navigation(monkeypatch):
    config = apps.get_app_config("coordination")
    monkeypatch.setattr(
        config, "nav", [("Decisions again", "coordination:decisions", "coordination:decision")], raising=False
    )
    items = feature_nav("coordination:decision")
    shown = [(i.label, i.url, i.current) for i in items]
    assert ("Decisions again", "/coordination/decisions/", True) in shown
    monkeypatch.setattr(config, "nav", [("Missing", "nowhere:page", "nowhere")], raising=False)
    assert "Missing" not in [i.label for i in feature_nav("x")]


def test_visitors_get_public_pages_only(client, db):
    html = client.get("/").content.decode()
    assert 'href="/compliance/findings/"' in html
    assert 'href="/compliance/"' not in html


def test_members_get_feature_sections(world):
    html = world.web("alice").get("/").content.decode()
    assert 'href="/movements/"' in html and 'href="/compliance/"' in html and 'href="/logistics/"' in html
