"""Template filters of the logistics pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def tonnes(kg: Any) -> str:
    """Kilograms shown as tonnes with one decimal."""
    try:
        return number_format(float(kg) / 1000, 1)
    except (TypeError, ValueError):
        return "—"


@register.filter
def hours(value: Any) -> str:
    """Hours with one decimal, or a dash."""
    return "—" if value is None else number_format(value, 1)


@register.filter
def percent(share: Any) -> str:
    return "—" if share is None else f"{round(float(share) * 100)} %"


@register.filter
def get(mapping: dict, key: Any) -> Any:
    return mapping.get(key, key) if isinstance(mapping, dict) else key
