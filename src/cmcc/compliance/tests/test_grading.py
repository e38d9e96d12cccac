"""Sources and grading: reliability A–F with its history, credibility 1–6 per report, and the
credibility-1 rule enforced by the service (same-origin reports never corroborate)."""

import datetime as dt

import pytest

from cmcc.compliance import selectors, services
from cmcc.compliance.models import Assessment
from cmcc.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from cmcc.core.models import AuditEntry

from .conftest import BASE, file_report


def _incident(report):
    return Assessment.objects.get(report=report).incident


def test_same_event_from_many_channels_is_one_incident(cw):
    a = file_report(cw, "alice")
    b = file_report(
        cw, "bob", title="Artillery fire east of Khan Younis", text="Shells near Khan Younis, 2 injured"
    )
    assert _incident(a) == _incident(b)
    assert _incident(a).report_count == 2 and _incident(a).origin_count == 2


def test_credibility_one_refused_without_two_independent_reports(cw):
    vera = cw.actor("vera")
    first = file_report(cw, "alice")
    second = file_report(cw, "bob", text="Shelling east of Khan Younis this morning, two injured.")
    with pytest.raises(Conflict) as exc:
        services.report_grade(actor=vera, report=first, credibility=1)
    assert "at least 2 independent" in exc.value.message and "there is 1" in exc.value.message
    assert Assessment.objects.get(report=first).credibility is None  # nothing half-written
    third = file_report(cw, "pat", text="قصف مدفعي شرق خان يونس صباح اليوم")
    assert _incident(third) == _incident(first)
    a = services.report_grade(actor=vera, report=first, credibility=1, note="three sources")
    assert a.credibility == 1 and a.graded_by == "vera"
    assert second and AuditEntry.objects.filter(action="compliance.report.graded").exists()


def test_reports_from_the_same_origin_do_not_count(cw):
    vera = cw.actor("vera")
    first = file_report(cw, "alice", origin="gmo-statement-20-oct")
    echoes = [
        file_report(
            cw,
            who,
            origin="GMO-statement-20-oct",
            text=f"Relaying the statement: shelling at Khan Yunis ({n})",
        )
        for n, who in enumerate(["bob", "pat", "alice", "bob"])
    ]
    incident = _incident(first)
    assert all(_incident(e) == incident for e in echoes)
    incident.refresh_from_db()
    assert incident.report_count == 5 and incident.origin_count == 1
    with pytest.raises(Conflict) as exc:
        services.report_grade(actor=vera, report=first, credibility=1)
    assert "same origin" in exc.value.message
    # an analyst finds two echoes are in fact independent eyewitness accounts
    services.report_grade(actor=vera, report=echoes[0], origin="")
    services.report_grade(actor=vera, report=echoes[1], origin="resident-call")
    assert services.report_grade(actor=vera, report=first, credibility=1).credibility == 1
    # and then that one of them relayed the statement after all: credibility 1 falls back to 2
    services.report_grade(actor=vera, report=echoes[1], origin="gmo-statement-20-oct")
    first_assessment = Assessment.objects.get(report=first)
    assert first_assessment.credibility == 2 and "Downgraded" in first_assessment.grading_note


def test_grading_is_for_the_cell_only(cw):
    report = file_report(cw, "alice")
    with pytest.raises(NotFound):  # alice's organisation does not see the incident
        services.report_grade(actor=cw.actor("alice"), report=report, credibility=3)
    with pytest.raises(PermissionDenied):  # cora sees it but holds no 'verify'
        services.report_grade(actor=cw.actor("cora"), report=report, credibility=3)
    with pytest.raises(ValidationFailed):
        services.report_grade(actor=cw.actor("vera"), report=report, credibility=9)


def test_source_reliability_history_keeps_who_when_why(cw):
    vera = cw.actor("vera")
    file_report(cw, "pat")
    source = selectors.source_list(actor=vera).get(name="Party North Liaison Authority")
    assert source.reliability == "F" and source.type == "party"
    services.source_rate(actor=vera, source=source, reliability="C", reason="Three of five claims confirmed")
    services.source_rate(actor=vera, source=source, reliability="D", reason="Two false claims this week")
    history = list(selectors.source_ratings(actor=vera, source=source))
    assert [(h.previous, h.reliability) for h in history] == [("", "F"), ("F", "C"), ("C", "D")]
    assert history[-1].rated_by == "vera" and history[-1].reason == "Two false claims this week"
    with pytest.raises(ValidationFailed):
        services.source_rate(actor=vera, source=source, reliability="D", reason="same")
    with pytest.raises(ValidationFailed):
        services.source_rate(actor=vera, source=source, reliability="B", reason="  ")
    # the party never sees how the cell rates it
    assert not selectors.source_list(actor=cw.actor("pat")).exists()


def test_credibility_is_graded_independently_of_reliability(cw):
    vera = cw.actor("vera")
    report = file_report(cw, "pat")
    source = selectors.source_list(actor=vera).get(name="Party North Liaison Authority")
    services.source_rate(actor=vera, source=source, reliability="E", reason="often wrong")
    a = services.report_grade(actor=vera, report=report, credibility=2, note="imagery matches")
    assert (a.source.reliability, a.credibility) == ("E", 2)


def test_named_source_and_own_observation_sources_are_registered(cw):
    vera = cw.actor("vera")
    file_report(
        cw, "vera", source_name="Al-Quds TV", source_type="media", occurred_at=BASE - dt.timedelta(days=2)
    )
    file_report(
        cw, "vera", source_type="own_observation", title="Patrol saw tank movement", category="incursion"
    )
    names = set(selectors.source_list(actor=vera).values_list("name", flat=True))
    assert {"Al-Quds TV", "CMCC Coordination Staff — monitors"} <= names
