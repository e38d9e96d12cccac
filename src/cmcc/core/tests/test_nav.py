from django.apps import apps

from cmcc.core.nav import feature_nav


def test_feature_apps_contribute_navigation(monkeypatch):
    config = apps.get_app_config("coordination")
    monkeypatch.setattr(
        config, "nav", [("Decisions again", "coordination:decisions", "coordination:decision")], raising=False
    )
    items = feature_nav("coordination:decision")
    assert [(i.label, i.url, i.current) for i in items] == [
        ("Decisions again", "/coordination/decisions/", True)
    ]
    monkeypatch.setattr(config, "nav", [("Missing", "nowhere:page", "nowhere")], raising=False)
    assert feature_nav("x") == []
