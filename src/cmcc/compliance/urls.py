from django.urls import path

from . import views

app_name = "compliance"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("map/", views.incident_map, name="map"),
    path("reports/", views.reports, name="reports"),
    path("reports/new/", views.report_new, name="report-new"),
    path("reports/import/", views.report_import, name="report-import"),
    path("reports/<uuid:report_id>/", views.report, name="report"),
    path("reports/<uuid:report_id>/grade/", views.report_grade, name="report-grade"),
    path("triage/", views.triage, name="triage"),
    path("correlation/run/", views.correlation_run, name="correlation-run"),
    path("incidents/", views.incidents, name="incidents"),
    path("incidents/<uuid:incident_id>/", views.incident, name="incident"),
    path("incidents/<uuid:incident_id>/events/", views.incident_event, name="incident-event"),
    path("incidents/<uuid:incident_id>/edit/", views.incident_edit, name="incident-edit"),
    path(
        "incidents/<uuid:incident_id>/attribution/", views.incident_attribution, name="incident-attribution"
    ),
    path("incidents/<uuid:incident_id>/dissents/", views.incident_dissent, name="incident-dissent"),
    path("incidents/<uuid:incident_id>/merge/", views.incident_merge, name="incident-merge"),
    path("incidents/<uuid:incident_id>/split/", views.incident_split, name="incident-split"),
    path(
        "incidents/<uuid:incident_id>/reports/<uuid:report_id>/grade/",
        views.incident_grade,
        name="incident-grade",
    ),
    path("incidents/<uuid:incident_id>/threads/", views.incident_thread, name="incident-thread"),
    path("incidents/<uuid:incident_id>/publish/", views.incident_publish, name="incident-publish"),
    path("incidents/<uuid:incident_id>/evidence/", views.incident_evidence, name="incident-evidence"),
    path("evidence/<uuid:evidence_id>/", views.evidence, name="evidence"),
    path("evidence/<uuid:evidence_id>/original/", views.evidence_download, name="evidence-download"),
    path("evidence/<uuid:evidence_id>/copies/", views.evidence_copy, name="evidence-copy"),
    path("evidence/<uuid:evidence_id>/custody/", views.evidence_transfer, name="evidence-transfer"),
    path("sources/", views.sources, name="sources"),
    path("sources/<uuid:source_id>/", views.source, name="source"),
    path("sources/<uuid:source_id>/ratings/", views.source_rate, name="source-rate"),
    path("inbox/", views.inbox, name="inbox"),
    path("threads/<uuid:thread_id>/", views.thread, name="thread"),
    path("threads/<uuid:thread_id>/messages/", views.thread_post, name="thread-post"),
    path("findings/", views.findings, name="findings"),
    path("findings/feed.atom", views.findings_atom, name="findings-atom"),
    path("findings/feed.json", views.findings_json, name="findings-json"),
    path("findings/<uuid:finding_id>/", views.finding, name="finding"),
]
