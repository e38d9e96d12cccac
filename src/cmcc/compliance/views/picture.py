"""The compliance dashboard (server-side SVG charts with their numbers as tables) and the map."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext

from cmcc.core import charts
from cmcc.core.views_base import actor

from .. import selectors
from ..vocab import Determination
from .common import LEVEL_LABELS

DETERMINATION_COLOURS = {
    "": "#999999",
    "substantiated": "#D55E00",
    "not_substantiated": "#009E73",
    "inconclusive": "#E69F00",
    "outside_mandate": "#56B4E9",
}


def _bars(rows: list[tuple[str, int]], *, title: str, desc: str, id_prefix: str, colour: str = "#0072B2"):
    labels = [label for label, _n in rows]
    return charts.stacked_bars(
        labels,
        [charts.Series(title, [n for _l, n in rows], colour)],
        title=title,
        desc=desc,
        id_prefix=id_prefix,
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    data = selectors.dashboard(actor=who)
    weeks = [date_format(w, "j M") for w in data["weeks"]]
    by_week = charts.stacked_bars(
        weeks,
        [
            charts.Series(str(Determination(d).label), data["by_week"][d], DETERMINATION_COLOURS[d])
            for d in Determination.values
        ],
        title=gettext("Incidents per week, by determination"),
        desc=gettext("Incidents you may see, by the week they occurred, stacked by determination."),
        id_prefix="weeks",
    )
    categories = [(label, n) for _c, label, n in data["by_category"]]
    levels = [(str(LEVEL_LABELS[level]), n) for level, n in data["corroboration"]]
    stages = [(label, n) for _s, label, n in data["stages"]]
    context = {
        "data": data,
        "week_chart": by_week,
        "week_rows": [
            (w, [data["by_week"][d][i] for d in Determination.values]) for i, w in enumerate(data["weeks"])
        ],
        "determinations": [str(Determination(d).label) for d in Determination.values],
        "category_chart": _bars(
            categories,
            title=gettext("Incidents by category"),
            desc=gettext("Number of incidents of each category."),
            id_prefix="categories",
        ),
        "categories": categories,
        "level_chart": _bars(
            levels,
            title=gettext("Corroboration"),
            desc=gettext("Incidents by the number of independent origins among their reports."),
            id_prefix="levels",
            colour="#009E73",
        ),
        "levels": levels,
        "stage_chart": _bars(
            [(label, n) for label, n in stages if n],
            title=gettext("Incidents per stage"),
            desc=gettext("Where incidents are in the verification workflow."),
            id_prefix="stages",
            colour="#CC79A7",
        ),
        "stages": stages,
        "determination_rows": [(label, n) for _d, label, n in data["by_determination"]],
    }
    return render(request, "compliance/dashboard.html", context)


@login_required
def incident_map(request: HttpRequest) -> HttpResponse:
    return render(request, "compliance/map.html", {})
