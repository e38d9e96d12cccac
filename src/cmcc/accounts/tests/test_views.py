"""Sign-in (throttled, password never logged), sign-out, demo logins, the account page and tokens."""

import logging

from django.test import Client, RequestFactory
from django.views.debug import SafeExceptionReporterFilter

from cmcc.accounts import views
from cmcc.accounts.models import ApiToken
from cmcc.core.models import AuditEntry, PlatformSetting
from cmcc.core.testing import PASSWORD

WRONG = "wrong-password-never-logged"


def sign_in(client, username, password, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password, **extra})


def test_sign_in_and_out(world):
    client = Client()
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Alpha Relief Agency" in client.get("/").content.decode()
    assert client.get("/accounts/logout/").status_code == 405  # sign-out is a POST, never a link
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.get("/audit/").status_code == 302


def test_sign_in_goes_back_to_the_page_asked_for_but_never_off_site(world):
    assert sign_in(Client(), "alice", PASSWORD, next="/audit/")["Location"] == "/audit/"
    assert sign_in(Client(), "alice", PASSWORD, next="https://evil.example/")["Location"] == "/"


def test_wrong_password_shows_an_error(world):
    response = sign_in(Client(), "alice", WRONG)
    assert response.status_code == 200
    assert "The user name or the password is not right." in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_throttled_after_repeated_failures_and_password_never_logged(world, settings, caplog):
    settings.CMCC_LOGIN_MAX_FAILURES = 3
    caplog.set_level(logging.DEBUG)
    client = Client()
    for _ in range(3):
        assert sign_in(client, "alice", WRONG).status_code == 200
    response = sign_in(client, "alice", PASSWORD)  # even the right password waits now
    assert response.status_code == 429
    assert "Too many failed sign-ins; try again in 15 minutes." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert WRONG not in caplog.text and PASSWORD not in caplog.text
    assert sign_in(Client(), "bob", PASSWORD).status_code == 302  # other people are not blocked


def test_password_is_masked_in_error_reports(world):
    request = RequestFactory().post("/accounts/login/", {"username": "alice", "password": WRONG})
    views.login_page(request)
    cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
    assert cleaned["password"] != WRONG and cleaned["username"] == "alice"


def test_demo_users_listed_on_the_login_page_of_a_demo_instance_only(world):
    assert "demo-password" not in Client().get("/accounts/login/").content.decode()
    PlatformSetting.objects.create(key="demo", value={"loaded": True})
    from cmcc.accounts import services
    from cmcc.core.testing import SYSTEM

    services.user_create(actor=SYSTEM, username="coordinator", org=world.orgs["x"], role="admin")
    html = Client().get("/accounts/login/").content.decode()
    assert "demo-password" in html and "coordinator" in html and "CMCC Coordination Staff" in html


def test_account_page_shows_who_i_am(world):
    html = world.web("alice").get("/accounts/").content.decode()
    assert "alice" in html and "Alpha Relief Agency" in html and "Member" in html
    assert Client().get("/accounts/").status_code == 302


def test_token_is_shown_once_and_can_be_revoked(world):
    client = world.web("alice")
    response = client.post("/accounts/tokens/", {"name": "sitrep script"})
    html = response.content.decode()
    token = ApiToken.objects.get(user=world.users["alice"], name="sitrep script")
    clear = html.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert clear.startswith(token.prefix) and "no-store" in response["Cache-Control"]
    assert (
        world.client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {clear}").json()["username"] == "alice"
    )
    assert clear not in client.get("/accounts/").content.decode()  # never shown again
    assert AuditEntry.objects.filter(action="accounts.token.created", object_id=token.pk).exists()

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert world.client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 401


def test_someone_elses_token_cannot_be_revoked(world):
    token = ApiToken.objects.filter(user=world.users["alice"]).first()
    assert world.web("bob").post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_empty_token_name_is_a_form_error(world):
    response = world.web("alice").post("/accounts/tokens/", {"name": ""})
    assert response.status_code == 422 and "This field is required." in response.content.decode()
