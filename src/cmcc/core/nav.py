"""Navigation contributed by feature apps: an ``AppConfig.nav`` of (label, URL name, section
prefix) entries, shown to signed-in people after the coordination pages, in app order, and an
``AppConfig.public_nav`` of public pages shown to visitors."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


def feature_nav(view_name: str, *, public: bool = False) -> list[NavItem]:
    """Entries for signed-in people (``nav``), or for visitors (``public_nav``: public pages only)."""
    items = []
    for config in apps.get_app_configs():
        for label, url_name, section in getattr(config, "public_nav" if public else "nav", ()):
            try:
                url = reverse(url_name)
            except NoReverseMatch:  # an app whose pages are not there yet
                continue
            items.append(NavItem(str(label), url, bool(view_name) and view_name.startswith(section)))
    return items
