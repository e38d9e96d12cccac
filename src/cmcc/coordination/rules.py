"""Action-item workflow. Pure."""

from cmcc.core.workflow import Workflow

from .models import ActionStatus as S


class Event:
    COMPLETE = "complete"
    DROP = "drop"
    REOPEN = "reopen"


ACTION_ITEM = Workflow(
    {
        (S.OPEN, Event.COMPLETE): S.DONE,
        (S.OPEN, Event.DROP): S.DROPPED,
        (S.DONE, Event.REOPEN): S.OPEN,
        (S.DROPPED, Event.REOPEN): S.OPEN,
    }
)
