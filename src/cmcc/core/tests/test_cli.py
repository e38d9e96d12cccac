"""CLI contracts: `cmcc org create`, `cmcc user create`, `cmcc token create`, `cmcc demo`.
Bad arguments: one line on stderr, exit status 2, nothing written."""

import io
import sys

import pytest
from django.core.management import call_command

from cmcc.accounts.models import ApiToken, User
from cmcc.core.models import AuditEntry
from cmcc.partners.models import Organisation


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch):
    """A command run from argv closes database connections at its end, which would end the
    test's transaction; keep it open (the command's own atomicity is what is tested)."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(capsys, *args, stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        from cmcc.__main__ import main

        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    finally:
        sys.stdin = sys.__stdin__
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.django_db
def test_org_user_token_happy_path(capsys):
    code, out, _ = run(
        capsys,
        "org",
        "create",
        "nordic-aid",
        "--name",
        "Nordic Aid",
        "--type",
        "ingo",
        "--community",
        "humanitarian",
        "--country",
        "no",
    )
    assert code == 0
    org = Organisation.objects.get(slug="nordic-aid")
    assert out.strip() == str(org.pk) and org.country == "NO" and org.membership_status == "active"
    code, out, _ = run(
        capsys,
        "user",
        "create",
        "ingrid",
        "--org",
        "nordic-aid",
        "--role",
        "manager",
        stdin="a long enough passphrase\n",
    )
    assert code == 0 and User.objects.get(username="ingrid").check_password("a long enough passphrase")
    code, out, err = run(capsys, "token", "create", "ingrid")
    token = out.strip()
    assert code == 0 and token.startswith("cmcc_") and "\n" not in token and err == ""
    assert ApiToken.objects.filter(user__username="ingrid").count() == 1
    from django.test import Client

    me = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/me").json()
    assert me["username"] == "ingrid" and me["organisation"] == "Nordic Aid" and "decide" in me["actions"]
    assert (
        AuditEntry.objects.filter(
            action__in=["partners.organisation.created", "accounts.user.created", "accounts.token.created"]
        ).count()
        == 3
    )


BAD = [
    (
        ["org", "create", "x-org", "--name", "X", "--type", "spaceship", "--community", "humanitarian"],
        "--type",
    ),
    (["org", "create", "x-org", "--name", "X", "--type", "ingo", "--community", "pirates"], "--community"),
    (["org", "create", "x-org", "--type", "ingo", "--community", "humanitarian"], "--name"),
    (["org", "create", "X Org", "--name", "X", "--type", "ingo", "--community", "humanitarian"], "slug"),
    (
        [
            "org",
            "create",
            "x-org",
            "--name",
            "X",
            "--type",
            "ingo",
            "--community",
            "humanitarian",
            "--country",
            "NOR",
        ],
        "country",
    ),
    (["org"], "action"),
    (["user", "create", "u1", "--org", "nowhere", "--role", "member"], "nowhere"),
    (["user", "create", "u1", "--org", "x-org", "--role", "emperor"], "--role"),
    (["token", "create", "ghost"], "ghost"),
    (["audit", "mend"], "invalid choice"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("args", "mentions"), BAD)
def test_bad_arguments_exit_2_with_one_line(capsys, args, mentions):
    orgs, users, entries = Organisation.objects.count(), User.objects.count(), AuditEntry.objects.count()
    code, out, err = run(capsys, *args, stdin="")
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and mentions in err, err
    assert (Organisation.objects.count(), User.objects.count(), AuditEntry.objects.count()) == (
        orgs,
        users,
        entries,
    )


@pytest.mark.django_db
def test_weak_password_and_duplicate_user_write_nothing(capsys):
    run(capsys, "org", "create", "x-org", "--name", "X", "--type", "ingo", "--community", "humanitarian")
    code, _, err = run(capsys, "user", "create", "u1", "--org", "x-org", "--role", "member", stdin="short\n")
    assert code == 2 and "password" in err and not User.objects.filter(username="u1").exists()
    run(
        capsys, "user", "create", "u1", "--org", "x-org", "--role", "member", stdin="long enough password 1\n"
    )
    code, _, err = run(
        capsys, "user", "create", "U1", "--org", "x-org", "--role", "member", stdin="another long one 2\n"
    )
    assert code == 2 and "already exists" in err and User.objects.filter(username__iexact="u1").count() == 1


@pytest.mark.django_db
def test_demo_loads_once(capsys):
    call_command("demo", "--days", "14")
    assert Organisation.objects.filter(membership_status="active").count() >= 40
    assert User.objects.filter(username__in=["coordinator", "party-a", "military"]).count() == 3
    code, _, err = run(capsys, "demo")
    assert code == 2 and "already has data" in err
    code, out, _ = run(capsys, "demo", "--if-empty")
    assert code == 0 and "nothing loaded" in out
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0
