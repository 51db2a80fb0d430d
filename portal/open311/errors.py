"""Open311 errors: what went wrong as the spec's `[{"code": …, "description": …}]`, with its HTTP status.

The spec's rule: 404 for something that does not exist, 403 for a missing or wrong api_key, 400 for
anything else the server cannot do as asked.
"""

from __future__ import annotations


class Open311Error(Exception):
    """A request the API refuses; `description` is meant for the person using the client app."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description

    def body(self) -> list[dict]:
        return [{"code": self.status, "description": self.description}]


def bad_request(description: str) -> Open311Error:
    return Open311Error(400, description)


def not_found(description: str) -> Open311Error:
    return Open311Error(404, description)


def forbidden(description: str) -> Open311Error:
    return Open311Error(403, description)
