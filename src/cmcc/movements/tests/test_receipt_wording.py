"""An acknowledgement means "received", never "approved" (BRIEF §3): nothing the API answers, no page
template, no translation and no export header presents receipt as approval."""

import json
import re
from pathlib import Path

from cmcc.core import openapi
from cmcc.movements import exports

from .conftest import ACROSS, call, notify

APP = Path(__file__).resolve().parents[1]
RECEIPT = re.compile(r"acknowledg|receiv|receipt|استلام|تسلم|استلم", re.I)
APPROVAL = re.compile(r"approv|permission|permit|authori[sz]|clearance|consent|accept|موافق|إذن|تصريح", re.I)
NEGATION = re.compile(r"\bnot\b|\bnever\b|\bno\b|n't|nothing|separate|ليس|لا |لم |ليست", re.I)


def offending(text: str) -> list[str]:
    """Sentences that speak of receipt and approval together without saying they differ."""
    found = []
    for sentence in re.split(r"(?<=[.;:!?؛])\s+|\n+|\"\s*[,:]\s*\"", text):
        if RECEIPT.search(sentence) and APPROVAL.search(sentence) and not NEGATION.search(sentence):
            found.append(sentence.strip()[:200])
    return found


def test_the_checker_catches_equating_wording():
    assert offending("Acknowledged (approved) by the party.")
    assert offending("Receipt = approval")
    assert not offending("Receipt is not approval.")
    assert not offending("Approved by every party concerned.")


def _movements_schema() -> str:
    """The movements paths of the OpenAPI document and every schema they refer to, as text."""
    document = json.loads(openapi.render())
    parts = [v for k, v in document["paths"].items() if k.startswith("/api/v1/movements")]
    schemas, seen = document["components"]["schemas"], set()
    todo = re.findall(r"#/components/schemas/(\w+)", json.dumps(parts))
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += re.findall(r"#/components/schemas/(\w+)", json.dumps(schemas[name]))
    return json.dumps(parts + [schemas[n] for n in sorted(seen)], indent=1)


def test_api_schema_never_equates_receipt_with_approval():
    text = _movements_schema()
    assert offending(text) == []
    for name in ("received_at", "received_by", "receipt_meaning"):
        assert name in text
    assert "acknowledged" not in text.lower()


def test_api_answers_never_equate_receipt_with_approval(world, zone):
    m = notify(world, route=ACROSS)
    tx = call(world, "pat", "get", "transmissions").json()["items"][0]
    receipt = call(world, "pat", "post", f"transmissions/{tx['id']}/receipt")
    answers = [
        receipt.content.decode(),
        call(world, "alice", "get", f"notifications/{m.pk}").content.decode(),
        call(world, "alice", "get", "notifications").content.decode(),
        call(world, "pat", "get", "transmissions").content.decode(),
        call(world, None, "get", "reference").content.decode(),
    ]
    assert receipt.json()["decision"] is None
    for answer in answers:
        assert offending(answer) == [], answer[:300]
    assert call(world, "alice", "get", f"notifications/{m.pk}").json()["clearance"] == "awaiting_decision"


def test_templates_and_translations_never_equate_receipt_with_approval():
    files = [*APP.glob("templates/**/*.html"), *APP.glob("locale/**/*.po"), *APP.glob("static/**/*.js")]
    problems = {str(p.relative_to(APP)): offending(p.read_text(encoding="utf-8")) for p in files}
    assert {k: v for k, v in problems.items() if v} == {}


def test_export_headers_keep_receipt_and_decision_apart():
    headers = [h for h, _ in exports.OUTCOME_COLUMNS]
    tags = [t for _, t in exports.OUTCOME_COLUMNS]
    assert offending(" | ".join(headers)) == []
    receipt = [h for h in headers if RECEIPT.search(h)]
    assert receipt and not any(APPROVAL.search(h) for h in receipt)
    assert not any(APPROVAL.search(t) for t in tags if "received" in t)
