"""Typed errors. Every face turns these into a clear message (CLI: stderr + non-zero exit;
API: JSON body with a status code)."""
from __future__ import annotations


class AmityError(Exception):
    """Base class of every error Amity reports to a user."""

    exit_code = 2
    http_status = 400

    def to_dict(self) -> dict:
        return {"error": type(self).__name__, "message": str(self)}


class InputError(AmityError):
    """Bad input, located as precisely as possible (file, line, field)."""

    http_status = 422

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None):
        self.file, self.line, self.field, self.reason = file, line, field, message
        where = []
        if file:
            where.append(str(file))
        if line is not None:
            where.append(f"line {line}")
        if field:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)

    def to_dict(self) -> dict:
        d = super().to_dict()
        d.update(file=self.file, line=self.line, field=self.field)
        return d


class UnknownActorError(AmityError):
    """A name that resolves to no actor; carries close suggestions."""

    http_status = 404

    def __init__(self, name: str, suggestions: list[str] | None = None):
        self.name, self.suggestions = name, list(suggestions or [])
        msg = f"unknown actor {name!r}"
        if self.suggestions:
            msg += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(msg)

    def to_dict(self) -> dict:
        d = super().to_dict()
        d["suggestions"] = self.suggestions
        return d


class NotFoundError(AmityError):
    http_status = 404


class StoreLockedError(AmityError):
    """The database file is held by another process (DuckDB allows one writer)."""

    http_status = 409
    exit_code = 3


class DataUnavailableError(AmityError):
    """A dataset is needed but neither loaded, cached nor in a mirror."""

    exit_code = 4
    http_status = 503


class NotFittedError(AmityError):
    """A model is asked for estimates before it was fitted (run ``amity closeness-build``)."""

    exit_code = 2
    http_status = 409


class StaleModelError(AmityError):
    """A store's derived table or parameters come from another model version: refit first."""

    exit_code = 2
    http_status = 409
