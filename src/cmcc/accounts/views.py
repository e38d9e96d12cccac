"""Sign in and out, and the account page: who I am, and my personal API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from cmcc.core.scenario import DEMO_PASSWORD
from cmcc.core.views_base import actor, safe_next

from . import selectors, services
from .forms import LoginForm, TokenForm

logout = LogoutView.as_view()


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_page(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = LoginForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():
        username = form.cleaned_data["username"]
        address = request.META.get("REMOTE_ADDR", "")
        if services.login_blocked(username=username, address=address):
            minutes = max(settings.CMCC_LOGIN_WINDOW_SECONDS // 60, 1)
            form.add_error(
                None, _("Too many failed sign-ins; try again in %(minutes)d minutes.") % {"minutes": minutes}
            )
            status = 429
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                services.login_failed(username=username, address=address)
                form.add_error(None, _("The user name or the password is not right."))
            else:
                services.login_succeeded(user=user)
                login(request, user)
                return redirect(safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)))
    context = {
        "form": form,
        "next": safe_next(request, ""),
        "demo_logins": selectors.demo_logins(),
        "demo_password": DEMO_PASSWORD,
    }
    return render(request, "accounts/login.html", context, status=status)


def _account(
    request: HttpRequest, *, form: TokenForm, new_token: str = "", status: int = 200
) -> HttpResponse:
    who = actor(request)
    context = {
        "who": who,
        "actions": sorted(who.actions),
        "tokens": selectors.tokens_of(actor=who),
        "form": form,
        "new_token": new_token,
    }
    response = render(request, "accounts/account.html", context, status=status)
    add_never_cache_headers(response)
    return response


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return _account(request, form=TokenForm())


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Create a token and show it once, in this response only (never stored in clear)."""
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _account(request, form=form, status=422)
    _token, clear = services.token_create(
        actor=actor(request),
        user=request.user,  # type: ignore[arg-type]
        name=form.cleaned_data["name"],
    )
    return _account(request, form=TokenForm(), new_token=clear)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id) -> HttpResponse:
    who = actor(request)
    token = services.token_revoke(actor=who, token=selectors.token_get(actor=who, token_id=token_id))
    messages.success(request, _("Token “%(name)s” revoked; it no longer works.") % {"name": token.name})
    return redirect("accounts:account")
