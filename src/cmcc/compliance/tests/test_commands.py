"""`cmcc compliance import` and `cmcc compliance verify-evidence`: per-row errors on stderr with
exit status 2 and nothing written; idempotent re-imports; tampering found with exit status 1."""

import io
import json
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cmcc.compliance import services
from cmcc.compliance.evidence import storage
from cmcc.compliance.models import Report

from .conftest import file_report
from .test_evidence import PNG
from .test_import import CSV, KOBO


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch):
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(capsys, *args, stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()))
    try:
        from cmcc.__main__ import main

        main(["compliance", *args])
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    finally:
        sys.stdin = sys.__stdin__
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_csv_then_again(cw, capsys, tmp_path):
    path = tmp_path / "reports.csv"
    path.write_text(CSV, encoding="utf-8")
    code, out, err = run(capsys, "import", str(path), "--format", "cmcc")
    assert code == 0, err
    assert "3 reports imported" in out and Report.objects.count() == 3
    assert set(Report.objects.values_list("owner_org__slug", flat=True)) == {"cmcc-staff"}
    code, out, _ = run(capsys, "import", str(path), "--format", "cmcc", "--owner", "alpha-relief")
    assert code == 0 and Report.objects.filter(owner_org=cw.orgs["a"]).count() == 3
    code, out, _ = run(capsys, "import", str(path), "--format", "cmcc")
    assert code == 0 and "0 reports imported, 3 already imported" in out


def test_import_kobo_from_stdin(cw, capsys):
    code, _out, err = run(capsys, "import", "-", "--format", "kobo", "--quiet", stdin=json.dumps(KOBO))
    assert code == 0, err
    assert Report.objects.filter(channel="kobo").count() == 2


def test_bad_rows_are_listed_and_nothing_is_written(cw, capsys, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(CSV.replace("fire_across_line,2025-10-20T09:40:00Z", "riot,2025-10-20T09:40:00Z")
                    .replace("31.2752", "95"), encoding="utf-8")  # fmt: skip
    code, out, err = run(capsys, "import", str(path), "--format", "cmcc")
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert "cmcc: row 2, category: must be one of" in lines[0]
    assert any(line.startswith("cmcc: row 3, lat: out of range") for line in lines)
    assert lines[-1].startswith("cmcc: nothing imported")
    assert not Report.objects.exists()


def test_usage_errors_are_one_line(cw, capsys, tmp_path):
    code, _, err = run(capsys, "import", str(tmp_path / "missing.csv"), "--format", "cmcc")
    assert code == 2 and err.count("\n") == 1 and "no such file" in err
    code, _, err = run(capsys, "import", "x.csv", "--format", "excel")
    assert code == 2 and err.count("\n") == 1
    path = tmp_path / "r.csv"
    path.write_text(CSV, encoding="utf-8")
    code, _, err = run(capsys, "import", str(path), "--format", "cmcc", "--owner", "nobody")
    assert code == 2 and "unknown organisation" in err


def test_verify_evidence_finds_tampering(cw, capsys, settings):
    report = file_report(cw, "alice")
    evidence = services.evidence_upload(
        actor=cw.actor("alice"), file=SimpleUploadedFile("c.png", PNG), title="Crater", report=report
    )
    code, out, _ = run(capsys, "verify-evidence")
    assert code == 0 and "1 stored files checked, 0 with problems" in out
    (settings.MEDIA_ROOT / storage.name_for(evidence.sha256)).write_bytes(b"\x89PNG\r\n\x1a\nchanged")
    code, out, _ = run(capsys, "verify-evidence")
    assert code == 1 and "TAMPERED" in out and evidence.sha256 in out
