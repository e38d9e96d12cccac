"""Compliance tables, defined by slice (intake, incidents, evidence, dialogue) and collected here."""

from .dialogue.models import Message, PublicFinding, Thread
from .evidence.models import CustodyEvent, Evidence
from .incidents.models import Assessment, Dissent, Incident, IncidentStep, LinkConstraint
from .intake.models import CasualtyClaim, Report, Source, SourceRating

__all__ = [
    "Assessment",
    "CasualtyClaim",
    "CustodyEvent",
    "Dissent",
    "Evidence",
    "Incident",
    "IncidentStep",
    "LinkConstraint",
    "Message",
    "PublicFinding",
    "Report",
    "Source",
    "SourceRating",
    "Thread",
]
