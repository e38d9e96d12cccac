"""The file contract of ``cmcc compliance correlate``: no database, all-or-nothing outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cmcc.compliance.correlation.jsonl import InputError, run

RECORDS = [
    {
        "id": "b-17", "text": "Tank shelling on homes east of Khan Younis, 3 killed", "lang": "en",
        "lat": 31.3461, "lon": 34.3251, "geo_precision": 1, "occurred_at": "2025-10-21T14:00:00Z",
        "time_precision": 1, "category": "fire_across_line", "source": "ngo-4", "origin": None,
    },
    {
        "id": "a-02", "text": "قصف مدفعي من الدبابات على منازل شرق خان يونس، استشهاد ٣", "lang": "ar",
        "lat": None, "lon": None, "geo_precision": 2, "occurred_at": "2025-10-21T14:30:00+02:00",
        "time_precision": 1, "category": "fire_across_line", "source": "media-1", "origin": "post-9",
    },
    {
        "id": "c-40", "text": "Unexploded shell found in a school in Rafah", "lang": "en", "lat": 31.281,
        "lon": 34.262, "geo_precision": 1, "occurred_at": "2025-10-23", "time_precision": 1,
        "category": "uxo", "source": "monitor-2", "origin": None,
    },
]  # fmt: skip


def write_lines(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_round_trip_keeps_ids_and_order_and_writes_reasons(tmp_path):
    source = write_lines(tmp_path / "in.jsonl", RECORDS)
    result = run(source, tmp_path / "out.jsonl", reasons_path=tmp_path / "why.jsonl")
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [o["id"] for o in out] == ["b-17", "a-02", "c-40"]
    assert set(out[0]) == {"id", "incident"}
    assert out[0]["incident"] == out[1]["incident"] != out[2]["incident"]
    why = [json.loads(line) for line in (tmp_path / "why.jsonl").read_text().splitlines()]
    assert [w["id"] for w in why] == ["b-17", "a-02", "c-40"]
    assert any("shared place name" in r for r in why[1]["reasons"])
    assert (result.reports, result.incidents, result.corroborated) == (3, 2, 1)
    assert sorted(os.listdir(tmp_path)) == ["in.jsonl", "out.jsonl", "why.jsonl"]  # no temporary left


def test_numeric_ids_come_back_as_numbers(tmp_path):
    records = [{**r, "id": n} for n, r in enumerate(RECORDS, start=101)]
    run(write_lines(tmp_path / "in.jsonl", records), tmp_path / "out.jsonl")
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [o["id"] for o in out] == [101, 102, 103]
    assert out[0]["incident"] == out[1]["incident"] != out[2]["incident"]


def test_constraints_file_is_applied(tmp_path):
    source = write_lines(tmp_path / "in.jsonl", RECORDS)
    rules = write_lines(tmp_path / "rules.jsonl", [{"type": "cannot_link", "a": "b-17", "b": "a-02"}])
    run(source, tmp_path / "out.jsonl", constraints_path=rules)
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert out[0]["incident"] != out[1]["incident"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ({**RECORDS[1], "occurred_at": "21/10/2025"}, "line 2: occurred_at:"),
        ({**RECORDS[1], "category": "rumour"}, "line 2: category:"),
        ({**RECORDS[1], "lat": "north"}, "line 2: lat:"),
        ({**RECORDS[1], "id": "b-17"}, "line 2: id: duplicate id 'b-17' (first on line 1)"),
        ("not json", "line 2: record: not valid JSON"),
    ],
)
def test_bad_line_names_line_and_field_and_writes_nothing(tmp_path, line, expected):
    source = tmp_path / "in.jsonl"
    bad = line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
    source.write_text(json.dumps(RECORDS[0]) + "\n" + bad + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        run(source, tmp_path / "out.jsonl", reasons_path=tmp_path / "why.jsonl")
    assert sorted(os.listdir(tmp_path)) == ["in.jsonl"]


def cmcc(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cmcc.settings"}
    return subprocess.run(
        [sys.executable, "-m", "cmcc", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_command_line_contract(tmp_path):
    source = write_lines(tmp_path / "in.jsonl", RECORDS)
    done = cmcc("compliance", "correlate", str(source), "--output", str(tmp_path / "out.jsonl"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [json.loads(x)["id"] for x in (tmp_path / "out.jsonl").read_text().splitlines()] == [
        "b-17",
        "a-02",
        "c-40",
    ]

    write_lines(source, [RECORDS[0], {**RECORDS[2], "geo_precision": 7}])
    failed = cmcc(
        "compliance", "correlate", str(source), "--output", str(tmp_path / "bad.jsonl"), cwd=tmp_path
    )
    assert failed.returncode == 2
    assert failed.stderr.strip().count("\n") == 0
    assert "line 2: geo_precision" in failed.stderr
    assert not (tmp_path / "bad.jsonl").exists()

    usage = cmcc("compliance", "correlate", str(source), cwd=tmp_path)
    assert usage.returncode == 2 and usage.stderr.strip().count("\n") == 0 and "--output" in usage.stderr
