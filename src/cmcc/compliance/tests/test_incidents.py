"""Incidents: the engine links on every new report with its reasons; analysts merge and split,
and later runs (incremental and batch) honour their decisions; the verification workflow with
its gates, attribution apart from determination, dissent, and optimistic concurrency."""

import datetime as dt

import pytest

from cmcc.compliance import selectors, services
from cmcc.compliance.models import Assessment, Incident, IncidentStep, LinkConstraint
from cmcc.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from cmcc.core.models import AuditEntry

from .conftest import BASE, file_report


def incident_of(report) -> Incident:
    return Assessment.objects.get(report=report).incident


def two_events(cw):
    """Two distinct events in Khan Yunis and Rafah, three reports each."""
    ky = [
        file_report(cw, "alice"),
        file_report(
            cw, "bob", title="Artillery fire east of Khan Younis", text="Shells near Khan Younis, 2 injured"
        ),
        file_report(cw, "pat", title="قصف شرق خان يونس", text="سقطت قذائف شرق خان يونس", lat=None, lon=None),
    ]
    rafah = [
        file_report(
            cw,
            who,
            title="Shelling in Rafah",
            text="Shells hit Rafah camp, one killed",
            lat=31.2752,
            lon=34.2558,
            occurred_at=BASE + dt.timedelta(hours=30),
        )
        for who in ("alice", "bob", "alice")
    ]
    return ky, rafah


def test_engine_links_each_new_report_with_reasons(cw):
    ky, rafah = two_events(cw)
    assert len({incident_of(r).pk for r in ky}) == 1
    assert len({incident_of(r).pk for r in rafah}) == 1
    assert incident_of(ky[0]) != incident_of(rafah[0])
    linked = Assessment.objects.get(report=ky[2])
    assert linked.link_method == "engine" and any("Khan" in reason for reason in linked.link_reasons)
    opened = Assessment.objects.get(report=ky[0])
    assert opened.link_reasons  # why it opened a new incident
    incident = incident_of(ky[0])
    assert incident.governorate == "Khan Younis" and incident.place_name
    assert AuditEntry.objects.filter(
        action="compliance.incident.reports_linked", object_id=incident.pk
    ).exists()


def test_categories_never_mix(cw):
    a = file_report(cw, "alice")
    b = file_report(cw, "bob", category="attack_on_civilians")
    assert incident_of(a) != incident_of(b)


def test_analyst_merge_is_kept_by_later_runs(cw):
    vera = cw.actor("vera")
    ky, rafah = two_events(cw)
    target, other = incident_of(ky[0]), incident_of(rafah[0])
    merged = services.incident_merge(
        actor=vera,
        incident=target,
        other=other,
        version=target.version,
        other_version=other.version,
        reason="the Rafah reports misplace the same shelling",
    )
    other.refresh_from_db()
    assert other.status == "merged" and other.merged_into == merged
    assert {incident_of(r).pk for r in ky + rafah} == {merged.pk}
    assert LinkConstraint.objects.filter(kind="must_link").count() == 5
    assert Assessment.objects.get(report=rafah[0]).link_method == "analyst"
    services.correlation_run(actor=vera)
    assert {incident_of(r).pk for r in ky + rafah} == {merged.pk}
    # the incident list does not show merged incidents
    assert other not in selectors.incident_list(actor=vera)


def test_analyst_split_is_kept_by_later_runs(cw):
    vera = cw.actor("vera")
    ky, _ = two_events(cw)
    incident = incident_of(ky[0])
    new = services.incident_split(
        actor=vera,
        incident=incident,
        reports=[ky[2]],
        version=incident.version,
        reason="another strike that day",
    )
    assert incident_of(ky[2]) == new and incident_of(ky[0]) == incident
    assert LinkConstraint.objects.filter(kind="cannot_link").count() == 1
    services.correlation_run(actor=vera)
    assert incident_of(ky[2]) == new and incident_of(ky[0]) == incident_of(ky[1]) == incident
    # a new report that would have joined both still cannot undo the split
    late = file_report(cw, "bob", text="Shelling east of Khan Younis, two injured", occurred_at=BASE)
    assert incident_of(late) in (incident, new)
    assert incident_of(ky[2]) == new and incident_of(ky[0]) == incident


def test_split_that_removes_corroboration_downgrades_confirmed_reports(cw):
    vera = cw.actor("vera")
    ky, _ = two_events(cw)
    incident = incident_of(ky[0])
    services.report_grade(actor=vera, report=ky[0], credibility=1)
    services.incident_split(
        actor=vera, incident=incident, reports=[ky[1]], version=incident.version, reason="x y z"
    )
    assert Assessment.objects.get(report=ky[0]).credibility == 2


def test_split_and_merge_input_errors(cw):
    vera = cw.actor("vera")
    ky, rafah = two_events(cw)
    incident = incident_of(ky[0])
    with pytest.raises(ValidationFailed):
        services.incident_split(
            actor=vera, incident=incident, reports=ky, version=incident.version, reason="all"
        )
    with pytest.raises(ValidationFailed):
        services.incident_split(
            actor=vera, incident=incident, reports=[rafah[0]], version=incident.version, reason="x"
        )
    with pytest.raises(ValidationFailed):
        services.incident_merge(
            actor=vera,
            incident=incident,
            other=incident,
            version=incident.version,
            other_version=1,
            reason="x",
        )


def test_batch_run_regroups_engine_incidents_only(cw):
    vera = cw.actor("vera")
    ky, _rafah = two_events(cw)
    result = services.correlation_run(actor=vera)
    assert result["reports"] == 6
    assert len({incident_of(r).pk for r in ky}) == 1
    with pytest.raises(PermissionDenied):
        services.correlation_run(actor=cw.actor("cora"))


def advance(cw, incident, *events, who="vera", **kw):
    for event in events:
        incident.refresh_from_db()
        incident = services.incident_transition(
            actor=cw.actor(who), incident=incident, event=event, version=incident.version, **kw
        )
    return incident


def test_workflow_records_who_when_why_and_gates_by_action(cw):
    ky, _ = two_events(cw)
    incident = incident_of(ky[0])
    incident = advance(cw, incident, "triage", "start_review", "task")
    services.incident_update(
        actor=cw.actor("vera"),
        incident=incident,
        version=incident.version,
        findings="Crater analysis consistent with 120 mm mortar from the east.",
    )
    incident = advance(cw, incident, "draft_findings", "review")
    with pytest.raises(Conflict) as exc:  # right of reply first
        advance(cw, incident, "consult_parties")
    assert "right of reply" in exc.value.message
    services.thread_open(
        actor=cw.actor("vera"), incident=incident, party_org=cw.orgs["p"], summary="Shelling alleged"
    )
    incident = advance(cw, incident, "consult_parties")
    with pytest.raises(PermissionDenied):  # verify is not decide
        advance(cw, incident, "determine", determination="substantiated", reason="x")
    with pytest.raises(NotFound):  # a party liaison holding 'decide' does not even see the incident
        advance(cw, incident, "determine", who="pia", determination="substantiated", reason="x")
    with pytest.raises(ValidationFailed):
        advance(cw, incident, "determine", who="cora", determination="", reason="x")
    incident = advance(
        cw, incident, "determine", who="cora", determination="substantiated", reason="imagery + 3 origins"
    )
    assert incident.status == "determined" and incident.determination == "substantiated"
    assert incident.attribution == ""  # attribution is a separate decision
    incident = services.incident_attribute(
        actor=cw.actor("cora"),
        incident=incident,
        version=incident.version,
        attribution="disputed",
        attributed_to="",
        reason="both parties deny",
    )
    assert (incident.determination, incident.attribution) == ("substantiated", "disputed")
    services.incident_dissent(actor=cw.actor("vera"), incident=incident, text="I read the crater as 81 mm.")
    steps = list(IncidentStep.objects.filter(incident=incident).order_by("created_at", "version"))
    assert [s.event for s in steps if s.event not in ("edit", "put_to_party")] == [
        "triage",
        "start_review",
        "task",
        "draft_findings",
        "review",
        "consult_parties",
        "determine",
        "attribute",
    ]
    determine = next(s for s in steps if s.event == "determine")
    assert (determine.actor_name, determine.reason, determine.determination) == (
        "cora",
        "imagery + 3 origins",
        "substantiated",
    )
    assert selectors.dissents(actor=cw.actor("cora"), incident=incident).count() == 1
    with pytest.raises(Conflict):  # findings are frozen once determined
        services.incident_update(
            actor=cw.actor("vera"), incident=incident, version=incident.version, findings="new"
        )
    incident = advance(cw, incident, "reopen", who="cora", reason="new imagery")
    assert incident.status == "preliminary_review" and incident.determination == ""


def test_concurrent_edit_of_one_incident_is_a_conflict(cw):
    ky, _ = two_events(cw)
    incident = incident_of(ky[0])
    read_by_vera = read_by_cora = incident.version
    services.incident_update(
        actor=cw.actor("vera"), incident=incident, version=read_by_vera, title="Mortar fire, Khan Yunis"
    )
    with pytest.raises(Conflict) as exc:
        services.incident_update(
            actor=cw.actor("vera"), incident=incident, version=read_by_cora, summary="other"
        )
    assert "changed since you read it" in exc.value.message and "vera" in exc.value.message
    incident.refresh_from_db()
    assert incident.title == "Mortar fire, Khan Yunis" and incident.summary == ""


def test_outside_mandate_can_be_decided_early(cw):
    report = file_report(cw, "alice", category="live_fire_exercise", title="Announced exercise")
    incident = advance(cw, incident_of(report), "triage")
    incident = advance(cw, incident, "outside_mandate", who="cora", reason="announced live-fire exercise")
    assert incident.determination == "outside_mandate"


def test_incidents_along_a_route_for_other_capabilities(cw):
    incident = incident_of(file_report(cw, "alice"))  # Khan Yunis, 31.3443 34.3096
    services.incident_update(
        actor=cw.actor("vera"), incident=incident, version=incident.version, releasability="cmcc"
    )
    route = [(34.30, 31.30), (34.31, 31.40)]  # passes about 100 m from it
    day = dt.timedelta(days=1)
    found = selectors.incidents_along_route(
        actor=cw.actor("charlie"), route=route, since=BASE - day, until=BASE + day
    )
    assert [i.pk for i in found] == [incident.pk] and found[0].distance_km < 0.5
    assert (
        selectors.incidents_along_route(actor=cw.actor("charlie"), route=[(34.40, 31.50), (34.45, 31.55)])
        == []
    )
    hidden = incident_of(file_report(cw, "bob", category="looting", title="Looting", lat=31.345, lon=34.31))
    assert hidden.pk not in [
        i.pk for i in selectors.incidents_along_route(actor=cw.actor("charlie"), route=route)
    ]
