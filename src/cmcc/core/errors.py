"""Domain errors. Services raise them; ``HTTP_STATUS`` maps them to HTTP in one place
(the API's exception handler and the web middleware both read it)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class DomainError(Exception):
    status = 400
    code = "error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message

    def payload(self) -> dict:
        return {"detail": self.message, "code": self.code}


class NotFound(DomainError):
    """Missing and forbidden look the same: a record the actor may not see does not exist."""

    status = 404
    code = "not_found"

    def __init__(self, message: str = "Not found.") -> None:
        super().__init__(message)


class NotAuthenticated(DomainError):
    status = 401
    code = "not_authenticated"

    def __init__(self, message: str = "Sign in or send an API token.") -> None:
        super().__init__(message)


class PermissionDenied(DomainError):
    """The actor sees the record but its role or organisation may not do this to it."""

    status = 403
    code = "permission_denied"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class InvalidTransition(Conflict):
    code = "invalid_transition"

    def __init__(self, state: str, event: str, allowed: Iterable[str]) -> None:
        allowed = sorted(allowed)
        allowed_text = ", ".join(allowed) if allowed else "none (final state)"
        super().__init__(f"Cannot '{event}' from state '{state}'. Allowed from '{state}': {allowed_text}.")
        self.state, self.event, self.allowed = state, event, allowed

    def payload(self) -> dict:
        return {**super().payload(), "state": self.state, "event": self.event, "allowed": self.allowed}


class ValidationFailed(DomainError):
    """Bad input: one entry per field, each with the reason. Answered as 422."""

    status = 422
    code = "validation_failed"

    def __init__(self, errors: Mapping[str, str | list[str]] | str, field: str = "") -> None:
        if isinstance(errors, str):
            errors = {field or "__all__": errors}
        self.errors = {k: ([v] if isinstance(v, str) else list(v)) for k, v in errors.items()}
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in self.errors.items()))

    def payload(self) -> dict:
        return {
            "detail": [
                {"loc": ["body", field] if field != "__all__" else ["body"], "msg": msg, "type": self.code}
                for field, msgs in self.errors.items()
                for msg in msgs
            ]
        }

    @classmethod
    def from_django(cls, exc) -> ValidationFailed:
        """Wrap a django ``ValidationError`` raised by ``full_clean``."""
        if hasattr(exc, "message_dict"):
            return cls({k: list(v) for k, v in exc.message_dict.items()})
        return cls({"__all__": list(exc.messages)})
