"""Evidence: SHA-256 of the untouched original computed on upload, size and type limits, working
copies that point to their original, an append-only chain of custody, and tamper detection."""

import ast
import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cmcc.compliance import selectors, services
from cmcc.compliance.evidence import services as evidence_services
from cmcc.compliance.evidence import storage
from cmcc.compliance.models import CustodyEvent, Evidence
from cmcc.core.errors import ValidationFailed

from .conftest import API, file_report

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 40


def upload(cw, who="alice", data=PNG, name="crater.png", **kw):
    report = kw.pop("report", None) or file_report(cw, who)
    return services.evidence_upload(
        actor=cw.actor(who),
        file=SimpleUploadedFile(name, data),
        title="Crater photo",
        report=report,
        captured_by="Field monitor 3",
        capture_tool="phone camera",
        **kw,
    )


def test_upload_hashes_the_untouched_original_and_stores_it_by_hash(cw, settings):
    evidence = upload(cw)
    assert evidence.sha256 == hashlib.sha256(PNG).hexdigest()
    assert evidence.size == len(PNG) and evidence.content_type == "image/png"
    path = settings.MEDIA_ROOT / storage.name_for(evidence.sha256)
    assert path.read_bytes() == PNG
    custody = list(selectors.custody(actor=cw.actor("alice"), evidence=evidence))
    assert [c.action for c in custody] == ["collected", "uploaded"]
    assert custody[1].sha256_after == evidence.sha256 and "Field monitor 3" in custody[0].note


def test_size_and_type_limits_answer_422_with_reasons(cw, monkeypatch):
    with pytest.raises(ValidationFailed) as exc:
        upload(cw, data=b"MZ\x90\x00" + b"\x00" * 100, name="tool.exe")
    assert "not accepted" in exc.value.errors["file"][0]
    with pytest.raises(ValidationFailed) as exc:
        upload(cw, data=b"", name="empty.txt")
    assert "empty" in exc.value.errors["file"][0]
    monkeypatch.setattr(storage, "MAX_BYTES", 1000)
    with pytest.raises(ValidationFailed) as exc:
        upload(cw, data=PNG)
    assert "limit" in exc.value.errors["file"][0]
    assert not Evidence.objects.exists()


def test_tampering_with_a_stored_file_is_detected_by_its_hash(cw, settings):
    evidence = upload(cw)
    vera = cw.actor("vera")
    checks = services.evidence_verify(actor=vera)
    assert [c.status for c in checks] == ["intact"] and checks[0].ok
    path = settings.MEDIA_ROOT / storage.name_for(evidence.sha256)
    path.write_bytes(PNG[:-1] + b"\x01")  # one byte changed on disk
    checks = services.evidence_verify(actor=vera)
    assert checks[0].status == "tampered" and checks[0].found != evidence.sha256
    evidence.refresh_from_db()
    assert evidence.integrity == "tampered"
    assert CustodyEvent.objects.filter(evidence=evidence, action="tamper_detected").exists()
    path.unlink()
    assert services.evidence_verify(actor=vera)[0].status == "missing"


def _custody_writes() -> list[str]:
    """Every place the compliance code (outside tests) touches CustodyEvent other than reading
    through a selector: the only one must be the constructor of a new entry."""
    root = Path(evidence_services.__file__).resolve().parents[1]
    found = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "CustodyEvent"
            ):
                found.append(f"CustodyEvent(...) in {path.relative_to(root)}")
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "CustodyEvent"
                and path.name != "selectors.py"
            ):
                found.append(f"CustodyEvent.{node.attr} in {path.relative_to(root)}")
    return sorted(found)


def test_custody_entries_cannot_be_edited(cw):
    """No service and no endpoint changes or deletes a custody entry; an edit made behind the
    platform's back breaks the entry's hash and is reported."""
    evidence = upload(cw)
    assert _custody_writes() == ["CustodyEvent(...) in evidence/services.py"]
    from cmcc.api import api

    paths = api.get_openapi_schema()["paths"]
    custody_methods = {m for path, ops in paths.items() if "evidence" in path for m in ops}
    assert custody_methods <= {"get", "post"}  # nothing under evidence updates or deletes
    client = cw.client("alice")
    url = f"{API}/evidence/{evidence.pk}/custody"
    assert client.put(url, "{}", content_type="application/json").status_code == 405
    assert client.patch(url, "{}", content_type="application/json").status_code == 405
    assert client.delete(url).status_code == 405
    # a database edit is detected by the chain
    entry = CustodyEvent.objects.filter(evidence=evidence).first()
    CustodyEvent.objects.filter(pk=entry.pk).update(note="rewritten")
    problems = services.evidence_verify(actor=cw.actor("vera"))[0].custody
    assert problems == ["entry 1 was changed after it was written"]


def test_working_copy_points_to_its_original_and_both_chains_record_it(cw):
    original = upload(cw)
    cropped = PNG[:2000]
    copy = services.evidence_copy(
        actor=cw.actor("alice"),
        original=original,
        file=io.BytesIO(cropped),
        filename="crop.png",
        note="cropped to crater",
    )
    assert copy.original == original and copy.sha256 == hashlib.sha256(cropped).hexdigest()
    assert original.sha256 == hashlib.sha256(PNG).hexdigest()
    assert [c.action for c in CustodyEvent.objects.filter(evidence=original).order_by("seq")][-1] == "copied"
    assert CustodyEvent.objects.get(evidence=copy).sha256_before == original.sha256


def test_link_evidence_and_transfer(cw):
    report = file_report(cw, "alice")
    link = services.evidence_link(
        actor=cw.actor("alice"),
        url="https://example.org/post/1",
        title="Post",
        report=report,
        sha256="AB" * 32,
    )
    assert link.kind == "link" and link.sha256 == "ab" * 32
    event = services.evidence_transfer(
        actor=cw.actor("alice"), evidence=link, to_custodian="CMCC evidence room"
    )
    assert event.seq == 2 and event.to_custodian == "CMCC evidence room"
    with pytest.raises(ValidationFailed):
        services.evidence_link(
            actor=cw.actor("alice"), url="https://x.org", title="Bad", report=report, sha256="xyz"
        )


def test_api_upload_download_and_access(cw):
    report = file_report(cw, "alice")
    client = cw.client("alice")
    r = client.post(
        f"{API}/evidence",
        {"title": "Crater photo", "report_id": str(report.pk), "file": SimpleUploadedFile("c.png", PNG)},
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["sha256"] == hashlib.sha256(PNG).hexdigest() and len(body["custody"]) == 1
    evidence_id = body["id"]
    r = client.get(f"{API}/evidence/{evidence_id}/original")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PNG
    assert r["X-Content-SHA256"] == body["sha256"]
    assert cw.client("vera").get(f"{API}/evidence/{evidence_id}").status_code == 200  # the cell sees it
    for who in ("bob", "charlie", "pat", None):
        assert cw.client(who).get(f"{API}/evidence/{evidence_id}").status_code == 404
    r = client.post(
        f"{API}/evidence",
        {"title": "Bad", "report_id": str(report.pk), "file": SimpleUploadedFile("x.bin", b"\x00\x01\x02")},
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "file"]
    r = client.post(f"{API}/evidence/verify")
    assert r.status_code == 403  # alice holds no 'verify'
    r = cw.client("vera").post(f"{API}/evidence/verify")
    assert r.status_code == 200 and r.json()[0]["ok"] is True
