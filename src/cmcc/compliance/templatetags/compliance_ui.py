"""Labels of compliance codes for the templates."""

from __future__ import annotations

from typing import Any

from django import template

from .. import vocab

register = template.Library()


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return "" if value is None else str(value)


@register.filter
def category_label(value: str) -> str:
    return _label(vocab.Category, value)


@register.filter
def stage_label(value: str) -> str:
    return _label(vocab.Status, value)


@register.filter
def determination_label(value: str) -> str:
    return _label(vocab.Determination, value)


@register.filter
def attribution_label(value: str) -> str:
    return _label(vocab.Attribution, value)


@register.filter
def reliability_label(value: str) -> str:
    return _label(vocab.Reliability, value)


@register.filter
def credibility_label(value: Any) -> str:
    return _label(vocab.Credibility, value) if value else ""


@register.filter
def source_type_label(value: str) -> str:
    return _label(vocab.SourceType, value)


@register.filter
def mode_label(value: str) -> str:
    return _label(vocab.ObservationMode, value)


@register.filter
def kind_label(value: str) -> str:
    return _label(vocab.CasualtyKind, value)


@register.filter
def population_label(value: str) -> str:
    return _label(vocab.Population, value)


@register.filter
def custody_label(value: str) -> str:
    return _label(vocab.CustodyAction, value)


@register.filter
def precision_label(value: Any, kind: str = "time") -> str:
    return _label(vocab.TimePrecision if kind == "time" else vocab.GeoPrecision, value)


@register.simple_tag(takes_context=True)
def in_cell(context: template.Context) -> bool:
    """Whether the viewer belongs to the verification cell (shows the cell's pages in the menu)."""
    from cmcc.core.views_base import actor

    from ..intake.selectors import is_cell_member

    request = context.get("request")
    return bool(request and is_cell_member(actor(request)))


@register.simple_tag
def stage_progress(status: str) -> list[tuple[str, str, str]]:
    """The workflow stages as (code, label, state) with state done / current / todo."""
    from ..rules import stage_order

    order = stage_order()
    here = order.index(status) if status in order else -1
    return [
        (code, _label(vocab.Status, code), "done" if i < here else "current" if i == here else "todo")
        for i, code in enumerate(order)
    ]
