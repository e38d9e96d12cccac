"""What every page view shares: who is acting, full page or HTMX fragment from one view, pages of
records prepared for display, service errors put back on form fields, and the sharing fields
every shared-record form carries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_htmx.middleware import HtmxDetails

from . import access
from .access import Actor
from .api_base import prepare_records
from .choices import Community, Releasability
from .errors import Conflict, DomainError, ValidationFailed

PER_PAGE = 25


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it (for type checking views)."""

    htmx: HtmxDetails


def actor(request: HttpRequest) -> Actor:
    """The actor of a page request. Kept on ``request.auth``, where ``prepare_records`` reads it."""
    current = getattr(request, "auth", None)
    if not isinstance(current, Actor):
        current = access.actor_for_user(request.user)
        request.auth = current  # type: ignore[attr-defined]
    return current


def allowed(who: Actor, action: str, obj: Any = None) -> bool:
    """Whether the access module would let ``who`` do ``action`` (on ``obj``): for showing buttons."""
    try:
        access.require(who, action, obj)
    except DomainError:
        return False
    return True


def page(
    request: HttpRequest,
    template: str,
    context: dict,
    *,
    fragments: Iterable[str] = (),
    status: int = 200,
) -> HttpResponse:
    """Render the full page, or only the partial an HTMX request targets (``#<id>``)."""
    name = template
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request and htmx.target in set(fragments):
        name = f"{template}#{htmx.target}"
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def paginate(request: HttpRequest, items: Any, per_page: int = PER_PAGE) -> Page:
    """One page of ``items``; the records on it are prepared for display (grants, protected reads)."""
    result = Paginator(items, per_page).get_page(request.GET.get("page"))
    result.object_list = prepare(list(result.object_list), request)
    return result


def prepare(items: list, request: HttpRequest) -> list:
    """Attach grants to shared records, audit protected reads, and name the grantees for display
    (``sharing_labels``): organisations by name, communities by their label."""
    actor(request)
    prepare_records(items, request)
    org_ids = {g for o in items for g in getattr(o, "_shared_with", []) if g not in Community.values}
    names = _org_names(actor(request), org_ids) if org_ids else {}
    for o in items:
        grants = getattr(o, "_shared_with", None)
        if grants is None:
            continue
        o.sharing_labels = sorted(
            str(Community(g).label) if g in Community.values else str(names.get(g, _("another organisation")))
            for g in grants
        )
    return items


def _org_names(who: Actor, ids: set[str]) -> dict[str, str]:
    from cmcc.partners.selectors import organisations_by_ids  # the directory names grantees

    return {str(o.pk): o.name for o in organisations_by_ids(actor=who, ids=ids)}


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The ``next`` parameter when it points to this site, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# -- forms -------------------------------------------------------------------------------------


def put_errors(form: forms.Form, errors: dict[str, list[str]], aliases: dict[str, str] | None = None) -> None:
    """Show a service's ``ValidationFailed`` on the form: ``meeting_id`` lands on ``meeting``, and
    ``aliases`` names the field of keys the form calls otherwise (e.g. ``slug`` → ``name``)."""
    for key, messages in errors.items():
        name = (aliases or {}).get(key) or (key if key in form.fields else key.removesuffix("_id"))
        for message in messages:
            if name in form.fields:
                form.add_error(name, message)
            else:
                form.add_error(None, message if key == "__all__" else f"{key}: {message}")


def submit(form: forms.Form, save: Callable[[dict], Any], aliases: dict[str, str] | None = None) -> Any:
    """Validate ``form`` and call ``save(cleaned_data)``; on bad input or a conflict the errors
    land on the form and ``None`` is returned, so the view renders the form again (422)."""
    if not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationFailed as exc:
        put_errors(form, exc.errors, aliases)
    except Conflict as exc:
        form.add_error(None, exc.message)
    return None


class SharingForm(forms.Form):
    """The sharing fields of every shared-record form (BRIEF §4), with grantee choices from the
    directory the actor sees. Subclasses list their own fields; ``sharing_fields`` come last."""

    SHARING = ("releasability", "shared_with", "protected")
    default_releasability: str = Releasability.ORG

    releasability = forms.ChoiceField(
        label=_("Who may see this"),
        choices=Releasability.choices,
        help_text=_("“Named” releases it to the organisations and communities ticked below."),
    )
    shared_with = forms.MultipleChoiceField(
        label=_("Named organisations and communities"),
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )
    protected = forms.BooleanField(
        label=_("Protected data"),
        required=False,
        help_text=_(
            "Personal, beneficiary, remains or identity data: never shown to military or party "
            "organisations, and only releasable to the owner or named organisations."
        ),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["releasability"].initial = self.default_releasability
        self.fields["shared_with"].choices = [  # type: ignore[attr-defined]
            (_("Communities"), list(Community.choices)),
            (_("Organisations"), org_choices(actor, exclude=actor.org_id)),
        ]

    def main_fields(self) -> list:
        return [f for f in self.visible_fields() if f.name not in self.SHARING]

    def sharing_fields(self) -> list:
        return [self[name] for name in self.SHARING]

    def sharing_data(self) -> dict:
        data = self.cleaned_data
        return {
            "releasability": data["releasability"],
            "shared_with": data["shared_with"],
            "protected": data["protected"],
        }

    @staticmethod
    def sharing_initial(obj: Any) -> dict:
        from .sharing import shared_with

        return {
            "releasability": obj.releasability,
            "shared_with": shared_with(obj),
            "protected": obj.protected,
        }


def org_choices(who: Actor, exclude: Any = None) -> list[tuple[str, str]]:
    """Active member organisations the actor sees, as (id, name) choices."""
    from cmcc.partners.selectors import organisation_list

    return [(str(o.pk), o.name) for o in organisation_list(actor=who, status="active") if o.pk != exclude]
