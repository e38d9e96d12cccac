"""Architecture rules the code must keep (CONVENTIONS rules 1, 2 and 4), checked on the source."""

import ast
from pathlib import Path

import django.apps

from cmcc.core.models import SharedRecord

SRC = Path(__file__).resolve().parents[2]
WRITE_METHODS = {
    "save",
    "delete",
    "create",
    "update",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}


def shared_model_names() -> set[str]:
    return {m.__name__ for m in django.apps.apps.get_models() if issubclass(m, SharedRecord)}


def python_files(exclude=("tests", "migrations")):
    for path in SRC.rglob("*.py"):
        if not any(part in exclude for part in path.parts):
            yield path


def test_shared_models_are_queried_only_in_selectors_and_services():
    """`Model.objects…` on a shareable model appears only in selectors.py and services.py
    (services re-read rows they are changing); everything else goes through selectors."""
    names = shared_model_names()
    offenders = []
    for path in python_files():
        if path.name in {"selectors.py", "services.py", "access.py"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "objects"
                and isinstance(node.value, ast.Name)
                and node.value.id in names
            ):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno} {node.value.id}.objects")
    assert offenders == []


def test_models_are_written_only_by_services():
    """No `.save()`, `.create()`, `.delete()`… on model managers or instances outside services
    (and the audit writer, migrations and the CLI's read-only paths)."""
    allowed = {"services.py", "audit.py", "sharing.py", "scenario.py"}
    offenders = []
    for path in python_files():
        if path.name in allowed or "management" in path.parts or path.parts[-2] == "bench":
            continue
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in WRITE_METHODS
            ):
                target = ast.unparse(node.func.value)
                if "objects" in target or target in {"obj", "self.instance", "instance"}:
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno} {ast.unparse(node.func)}")
    assert offenders == []


def test_every_model_has_an_access_rule():
    """access.visible refuses models that declare no rule; make sure each model declares one."""
    from cmcc.core import access

    exempt = {"AuditHead", "PlatformSetting", "Share", "LoginFailure", "Place"}
    missing = [
        m.__name__
        for m in django.apps.apps.get_models()
        if m.__module__.startswith("cmcc.")
        and m.__name__ not in exempt
        and m.__name__ != "AuditEntry"
        and not (
            issubclass(m, SharedRecord)
            or getattr(m, "ACCESS_PARENT", None)
            or getattr(m, "ACCESS_POLICY", None)
        )
    ]
    assert missing == []
    assert access.visible  # the rule lives in one module
