"""Every write of ceasefire compliance, by slice. Views, the API, the command line and the demo
call these names; each is atomic, access-checked, validated and audited."""

from .dialogue.services import incident_publish, thread_close, thread_open, thread_post
from .evidence.services import (
    evidence_accessed,
    evidence_copy,
    evidence_link,
    evidence_transfer,
    evidence_upload,
    evidence_verify,
)
from .incidents.services import (
    correlation_run,
    incident_attribute,
    incident_dissent,
    incident_merge,
    incident_split,
    incident_transition,
    incident_update,
    report_grade,
)
from .intake.services import (
    ImportResult,
    report_create,
    reports_import,
    source_create,
    source_rate,
    source_update,
)

__all__ = [
    "ImportResult",
    "correlation_run",
    "evidence_accessed",
    "evidence_copy",
    "evidence_link",
    "evidence_transfer",
    "evidence_upload",
    "evidence_verify",
    "incident_attribute",
    "incident_dissent",
    "incident_merge",
    "incident_publish",
    "incident_split",
    "incident_transition",
    "incident_update",
    "report_create",
    "report_grade",
    "reports_import",
    "source_create",
    "source_rate",
    "source_update",
    "thread_close",
    "thread_open",
    "thread_post",
]
