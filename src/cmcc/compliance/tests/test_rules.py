"""The pure rules: the workflow table and its gates, the credibility-1 rule, the corroboration
summary and the casualty spread. No database."""

import pytest

from cmcc.compliance import rules
from cmcc.compliance.rules import Claim, Item
from cmcc.compliance.vocab import Status
from cmcc.core.errors import InvalidTransition


def test_the_verification_path_runs_from_received_to_follow_up():
    path = [
        ("triage", "triaged"),
        ("start_review", "preliminary_review"),
        ("task", "tasked"),
        ("draft_findings", "findings_drafted"),
        ("review", "reviewed"),
        ("consult_parties", "parties_consulted"),
        ("determine", "determined"),
        ("escalate", "escalated"),
        ("publish", "published"),
        ("follow_up", "follow_up"),
    ]
    state = Status.RECEIVED
    for event, expected in path:
        state = rules.INCIDENT.next(state, event)
        assert state == expected


def test_illegal_transition_names_state_and_allowed_events():
    with pytest.raises(InvalidTransition) as exc:
        rules.INCIDENT.next("received", "determine")
    assert "received" in exc.value.message and "triage" in exc.value.message


def test_determination_and_publication_need_decide_analysis_needs_verify():
    assert rules.gate("triage") == "verify" and rules.gate("consult_parties") == "verify"
    for event in ("determine", "outside_mandate", "escalate", "publish", "follow_up", "reopen"):
        assert rules.gate(event) == "decide"
    assert rules.allowed_events("parties_consulted", ["verify"]) == []
    assert rules.allowed_events("parties_consulted", ["decide"]) == ["determine"]
    assert "merge" not in rules.allowed_events("received", ["verify", "decide"])


def test_every_state_can_be_merged_except_merged():
    for state in rules.stage_order():
        assert rules.INCIDENT.next(state, "merge") == "merged"
    with pytest.raises(InvalidTransition):
        rules.INCIDENT.next("merged", "merge")


def test_credibility_one_needs_two_independent_corroborating_reports():
    target = Item("r1", "report:r1")
    assert rules.confirm_refusal(target, [target, Item("r2", "report:r2")])
    assert rules.confirm_refusal(target, [target, Item("r2", "report:r2"), Item("r3", "report:r3")]) is None


def test_same_origin_reports_do_not_corroborate():
    target = Item("r1", "origin:gmo")
    rumour = [Item(f"r{i}", "origin:gmo") for i in range(2, 40)]
    refusal = rules.confirm_refusal(target, [target, *rumour])
    assert refusal and "same origin" in refusal
    # two more reports of one other origin still count once
    refusal = rules.confirm_refusal(target, [target, *rumour, Item("a", "origin:tv"), Item("b", "origin:tv")])
    assert refusal and "there is 1" in refusal
    assert rules.confirm_refusal(target, [target, Item("a", "origin:tv"), Item("b", "report:b")]) is None


def test_doubtful_and_improbable_reports_do_not_corroborate():
    target = Item("r1", "report:r1")
    items = [target, Item("r2", "report:r2", credibility=5), Item("r3", "report:r3", credibility=4)]
    assert rules.confirm_refusal(target, items)


def test_corroboration_summary_counts_origins_and_flags_repeated_rumours():
    items = [Item(f"r{i}", "origin:post", 6, "F") for i in range(5)]
    c = rules.corroboration(items)
    assert c.reports == 5 and c.independent_origins == 1 and c.repeated_rumour and not c.corroborated
    assert c.grades == {"F6": 5} and c.level == "uncorroborated"
    c = rules.corroboration([Item("a", "report:a", 2, "B"), Item("b", "report:b", 3, "C")])
    assert c.corroborated and c.level == "corroborated" and not c.repeated_rumour


def test_casualty_claims_are_shown_as_a_spread_never_summed():
    claims = [
        Claim("killed", "civilian", 3, None, "Ministry", "r1"),
        Claim("killed", "civilian", 5, 7, "Media", "r2"),
        Claim("injured", "unknown", 10, None, "NGO", "r3"),
    ]
    spread = rules.casualty_spread(claims)
    killed = spread[0]
    assert (killed.kind, killed.low, killed.high, killed.text) == ("killed", 3, 7, "3–7")
    assert len(killed.claims) == 2 and not killed.agreed
    assert spread[1].text == "10"
    assert rules.conservative_fatalities(claims) == 3
    assert rules.conservative_fatalities([]) is None
