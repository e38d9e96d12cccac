"""Workflows are tables: ``{(state, event): new_state}``. Pure, tested without a database."""

from __future__ import annotations

from collections.abc import Mapping

from .errors import InvalidTransition


class Workflow:
    def __init__(self, transitions: Mapping[tuple[str, str], str]) -> None:
        self.transitions = {(str(s), str(e)): str(t) for (s, e), t in transitions.items()}

    def allowed_events(self, state: str) -> list[str]:
        return sorted({e for (s, e) in self.transitions if s == str(state)})

    def next(self, state: str, event: str) -> str:
        try:
            return self.transitions[(str(state), str(event))]
        except KeyError:
            raise InvalidTransition(str(state), str(event), self.allowed_events(state)) from None

    def states(self) -> set[str]:
        return {s for s, _ in self.transitions} | set(self.transitions.values())

    def events(self) -> set[str]:
        return {e for _, e in self.transitions}
