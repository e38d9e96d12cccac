"""A consignment end to end through the services: registration, clearance by the party's
authority (per consignment and per line), appeal, crossing, inspection per line, collection,
interception or delivery; every step audited; illegal steps refused."""

import pytest

from cmcc.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from cmcc.core.models import AuditEntry
from cmcc.logistics import rules, selectors, services
from cmcc.logistics.choices import Status

from .conftest import days_ago


def crossing(slug="kerem-shalom"):
    return selectors.crossing_get(slug=slug)


def request_clearance(lw, c, who="alice", **kw):
    return services.clearance_request_create(
        actor=lw.actor(who),
        consignment=c,
        authority=lw.orgs["p"],
        justification=kw.pop("justification", ""),
        **kw,
    )


def test_registered_consignment_has_totals_lines_event_and_audit(lw, make_consignment):
    c = make_consignment(reference="SRF-1")
    assert c.status == Status.REGISTERED
    assert (c.total_weight_kg, c.total_pallets, c.line_count, c.sector_id) == (20400, 18, 2, "FOOD")
    assert [e.event for e in selectors.consignment_events(actor=lw.actor("alice"), consignment=c)] == [
        "register"
    ]
    entry = AuditEntry.objects.get(action="logistics.consignment.created", object_id=c.pk)
    assert entry.actor_name == "alice" and entry.after["reference"] == "SRF-1"


def test_full_path_to_distribution_with_a_partial_approval(lw, make_consignment):
    c = make_consignment(occurred_at=days_ago(6))
    request = request_clearance(lw, c, occurred_at=days_ago(5))
    assert request.releasability == "named" and set(request.lines.values_list("line_no", flat=True)) == {1, 2}
    # the liaison of the authority sees the request, not the consignment
    percy = lw.actor("percy")
    assert selectors.clearance_request_get(actor=percy, request_id=request.pk) == request
    with pytest.raises(NotFound):
        selectors.consignment_get(actor=percy, consignment_id=c.pk)
    decided = services.clearance_decide(
        actor=percy,
        request=request,
        decision="approve",
        lines=[{"line_no": 2, "decision": "reject", "reason": "dual_use", "note": "tablets listed"}],
        occurred_at=days_ago(4),
    )
    assert decided.status == "partially_approved"
    assert decided.decided_by_name == "percy" and decided.decided_by_org_id == lw.orgs["p"].pk
    assert decided.reason_id == "dual_use"
    c.refresh_from_db()
    assert c.status == Status.APPROVED and c.approved_at is not None
    assert list(c.lines.values_list("line_no", "clearance")) == [(1, "approved"), (2, "rejected")]
    alice = lw.actor("alice")
    steps = [
        ("manifest", {"crossing": crossing(), "occurred_at": days_ago(3, 8)}),
        ("arrive", {"occurred_at": days_ago(3, 9)}),
        ("inspect", {"occurred_at": days_ago(3, 11)}),
        ("offload", {"occurred_at": days_ago(3, 12)}),
        ("await_collection", {"occurred_at": days_ago(3, 13)}),
        ("collect", {"occurred_at": days_ago(2, 9)}),
        ("depart", {"occurred_at": days_ago(2, 10)}),
        ("reach_destination", {"occurred_at": days_ago(2, 15)}),
        ("warehouse", {"occurred_at": days_ago(1, 9)}),
        ("distribute", {"occurred_at": days_ago(0, 1), "note": "Distributed at two kitchens"}),
    ]
    for event, kw in steps:
        c = services.consignment_transition(actor=alice, consignment=c, event=event, **kw)
    assert c.status == Status.DISTRIBUTED
    for column in (
        "requested_at",
        "approved_at",
        "manifested_at",
        "entered_at",
        "offloaded_at",
        "collected_at",
        "delivered_at",
        "distributed_at",
    ):
        assert getattr(c, column) is not None, column
    assert c.crossing.slug == "kerem-shalom"
    # only the line that was cleared went through inspection
    assert list(c.lines.values_list("line_no", "inspection")) == [(1, "cleared"), (2, "pending")]
    events = list(selectors.consignment_events(actor=alice, consignment=c))
    assert [e.event for e in events][:4] == ["register", "request_clearance", "approve", "manifest"]
    assert events[2].actor_name == "percy"
    actions = set(AuditEntry.objects.filter(object_id=c.pk).values_list("action", flat=True))
    assert {
        "logistics.consignment.approve",
        "logistics.consignment.distribute",
        "logistics.consignment.inspect",
    } <= actions


def test_rejection_appeal_and_approval(lw, make_consignment):
    c = make_consignment()
    request = request_clearance(lw, c)
    percy = lw.actor("percy")
    services.clearance_decide(actor=percy, request=request, decision="reject", reason="not_authorized_org")
    c.refresh_from_db()
    assert c.status == Status.REJECTED and c.rejected_at is not None
    with pytest.raises(ValidationFailed) as exc:
        request_clearance(lw, c, appeal=True)
    assert "justification" in exc.value.errors
    appeal = request_clearance(lw, c, appeal=True, justification="Registration renewed last week")
    assert appeal.kind == "appeal" and appeal.appeal_of == request
    c.refresh_from_db()
    assert c.status == Status.APPEALED
    services.clearance_decide(actor=percy, request=appeal, decision="approve")
    c.refresh_from_db()
    assert c.status == Status.APPROVED
    assert request.lines.filter(decision="rejected", reason_id="not_authorized_org").count() == 2


def test_decision_by_anyone_but_the_authority_is_refused(lw, make_consignment):
    c = make_consignment()
    request = request_clearance(lw, c)
    # the requester sees it but is not the authority, even as an admin who may decide
    with pytest.raises(PermissionDenied):
        services.clearance_decide(actor=lw.actor("ada"), request=request, decision="approve")
    # a party member without the decide action
    with pytest.raises(PermissionDenied):
        services.clearance_decide(actor=lw.actor("pat"), request=request, decision="approve")
    # organisations that do not see the request
    for who in ("bob", "charlie", "cora"):
        with pytest.raises(NotFound):
            services.clearance_decide(actor=lw.actor(who), request=request, decision="approve")
    request.refresh_from_db()
    assert request.status == "pending"
    assert not AuditEntry.objects.filter(action__startswith="logistics.clearance_request.approved").exists()


def test_decision_needs_a_reason_to_reject_and_happens_once(lw, make_consignment):
    c = make_consignment()
    request = request_clearance(lw, c)
    percy = lw.actor("percy")
    with pytest.raises(ValidationFailed) as exc:
        services.clearance_decide(actor=percy, request=request, decision="reject")
    assert "reason" in exc.value.errors
    with pytest.raises(ValidationFailed):
        services.clearance_decide(actor=percy, request=request, decision="reject", reason="made_up")
    with pytest.raises(ValidationFailed) as exc:
        services.clearance_decide(
            actor=percy,
            request=request,
            decision="approve",
            lines=[
                {"line_no": 1, "decision": "reject", "reason": "documentation"},
                {"line_no": 2, "decision": "reject", "reason": "documentation"},
            ],
        )
    assert "lines" in exc.value.errors
    services.clearance_decide(actor=percy, request=request, decision="approve")
    from cmcc.core.errors import Conflict

    with pytest.raises(Conflict):
        services.clearance_decide(actor=percy, request=request, decision="reject", reason="other")


def test_requests_go_only_to_party_authorities(lw, make_consignment):
    c = make_consignment()
    for org in ("b", "c", "x"):
        with pytest.raises(ValidationFailed) as exc:
            services.clearance_request_create(actor=lw.actor("alice"), consignment=c, authority=lw.orgs[org])
        assert "authority_id" in exc.value.errors


def test_owner_cannot_approve_its_own_consignment(lw, make_consignment):
    c = make_consignment()
    request_clearance(lw, c)
    with pytest.raises(PermissionDenied):
        services.consignment_transition(actor=lw.actor("alice"), consignment=c, event="approve")


def test_illegal_transitions_are_409_naming_allowed_events(lw, make_consignment):
    c = make_consignment()
    for event in sorted(rules.OWNER_EVENTS - set(rules.CONSIGNMENT.allowed_events(c.status))):
        with pytest.raises(InvalidTransition) as exc:
            services.consignment_transition(actor=lw.actor("alice"), consignment=c, event=event)
        assert exc.value.allowed == ["cancel", "request_clearance"]
    c.refresh_from_db()
    assert c.status == Status.REGISTERED
    assert c.events.count() == 1


def test_inspection_refuses_lines_and_all_refused_means_returned(lw, make_consignment):
    percy = lw.actor("percy")
    alice = lw.actor("alice")
    results = []
    for refuse_all in (False, True):
        c = make_consignment()
        services.clearance_decide(actor=percy, request=request_clearance(lw, c), decision="approve")
        c = services.consignment_transition(
            actor=alice, consignment=c, event="manifest", crossing=crossing("zikim")
        )
        c = services.consignment_transition(actor=alice, consignment=c, event="arrive")
        line_results = [{"line_no": 2, "result": "refused", "note": "returned: packaging"}]
        if refuse_all:
            line_results.append({"line_no": 1, "result": "refused"})
        c = services.consignment_transition(
            actor=alice, consignment=c, event="inspect", line_results=line_results
        )
        results.append(
            (c.status, list(c.lines.values_list("inspection", flat=True)), c.entered_at is not None)
        )
    assert results[0] == (Status.INSPECTED, ["cleared", "refused"], True)
    assert results[1] == (Status.REFUSED, ["refused", "refused"], False)


def test_interception_needs_its_kind(lw, make_consignment):
    percy, alice = lw.actor("percy"), lw.actor("alice")
    c = make_consignment()
    services.clearance_decide(actor=percy, request=request_clearance(lw, c), decision="approve")
    for event in ("manifest", "arrive", "inspect", "offload", "collect", "depart"):
        c = services.consignment_transition(
            actor=alice, consignment=c, event=event, crossing=crossing() if event == "manifest" else None
        )
    with pytest.raises(ValidationFailed) as exc:
        services.consignment_transition(actor=alice, consignment=c, event="intercept")
    assert "interception" in exc.value.errors
    c = services.consignment_transition(
        actor=alice, consignment=c, event="intercept", interception="armed", note="north of the crossing"
    )
    assert c.status == Status.INTERCEPTED and c.interception == "armed" and c.intercepted_at is not None


def test_events_cannot_be_in_the_future_or_before_the_previous_step(lw, make_consignment):
    import datetime as dt

    from django.utils import timezone

    c = make_consignment()
    with pytest.raises(ValidationFailed):
        request_clearance(lw, c, occurred_at=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(ValidationFailed):
        request_clearance(lw, c, occurred_at=timezone.now() - dt.timedelta(days=30))


def test_only_owner_members_who_may_edit_record_events(lw, make_consignment):
    c = make_consignment(releasability="cmcc")
    with pytest.raises(PermissionDenied):
        services.consignment_transition(actor=lw.actor("bob"), consignment=c, event="cancel")
    with pytest.raises(PermissionDenied):
        services.consignment_transition(actor=lw.actor("avery"), consignment=c, event="cancel")
    private = make_consignment(reference="PRIVATE")
    with pytest.raises(NotFound):
        services.consignment_transition(actor=lw.actor("bob"), consignment=private, event="cancel")


def test_cancel_withdraws_the_pending_request(lw, make_consignment):
    c = make_consignment()
    request = request_clearance(lw, c)
    services.consignment_transition(actor=lw.actor("alice"), consignment=c, event="cancel")
    request.refresh_from_db()
    assert request.status == "withdrawn"


def test_protected_consignment_is_not_sent_to_a_party(lw, make_consignment):
    c = make_consignment(protected=True)
    with pytest.raises(ValidationFailed):
        request_clearance(lw, c)


def test_content_is_frozen_once_under_way_but_sharing_is_not(lw, make_consignment):
    from cmcc.core.errors import Conflict

    c = make_consignment()
    request_clearance(lw, c)
    with pytest.raises(Conflict):
        services.consignment_update(actor=lw.actor("alice"), consignment=c, channel="bilateral")
    c = services.consignment_update(actor=lw.actor("alice"), consignment=c, releasability="cmcc", note="ok")
    assert c.releasability == "cmcc"


def test_reference_is_unique_per_owner(lw, make_consignment):
    make_consignment(reference="DUP")
    with pytest.raises(ValidationFailed) as exc:
        make_consignment(reference="DUP")
    assert "reference" in exc.value.errors
    assert make_consignment(who="bob", reference="DUP").reference == "DUP"
