"""Errors raised by services for problems a user can fix; views show them as form errors."""


class DomainError(Exception):
    """A rule of the domain refused the change; `field` names the form field to attach it to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConcurrentEditError(DomainError):
    """Someone else saved the object after this user opened it."""

    def __init__(self, what: str = "this record"):
        super().__init__(
            f"Someone else changed {what} while you were editing it. "
            "Your changes have not been saved: check the current details and make them again."
        )


def check_version(obj, expected_version: int | None, what: str) -> None:
    """Raise ConcurrentEditError unless the form was based on the object's current version."""
    if expected_version is not None and obj.version != expected_version:
        raise ConcurrentEditError(what)
