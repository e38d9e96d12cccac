"""Every read of ceasefire compliance, by slice; each starts from what the actor may see.

Other capabilities use :func:`incidents_along_route`, :func:`incidents_near` and
:func:`incidents_in_box` (e.g. incidents on the way of a movement) and :func:`public_finding_list`.
"""

from .dialogue.selectors import (
    messages,
    messages_for,
    public_finding_get,
    public_finding_list,
    thread_get,
    thread_list,
)
from .evidence.selectors import custody, evidence_for_incident, evidence_get, evidence_list, working_copies
from .incidents.selectors import (
    assessment_for,
    assessments,
    constraints_for,
    dissents,
    incident_by_reference,
    incident_get,
    incident_list,
    incidents_along_route,
    incidents_in_box,
    incidents_near,
    open_counts,
    steps,
    triage_queue,
)
from .intake.selectors import (
    cell_org,
    claims_for,
    is_cell_member,
    report_get,
    report_list,
    reports_by_ids,
    source_get,
    source_list,
    source_ratings,
)
from .picture import corroboration_for, dashboard, incident_geojson

__all__ = [
    "assessment_for",
    "assessments",
    "cell_org",
    "claims_for",
    "constraints_for",
    "corroboration_for",
    "custody",
    "dashboard",
    "dissents",
    "evidence_for_incident",
    "evidence_get",
    "evidence_list",
    "incident_by_reference",
    "incident_geojson",
    "incident_get",
    "incident_list",
    "incidents_along_route",
    "incidents_in_box",
    "incidents_near",
    "is_cell_member",
    "messages",
    "messages_for",
    "open_counts",
    "public_finding_get",
    "public_finding_list",
    "report_get",
    "report_list",
    "reports_by_ids",
    "source_get",
    "source_list",
    "source_ratings",
    "steps",
    "thread_get",
    "thread_list",
    "triage_queue",
    "working_copies",
]
