"""The one exception tree of qualframe.

Everything qualframe raises on purpose derives from :class:`QualframeError`.
:class:`UserError` and its subclasses mean "the input or the request is
wrong": the CLI prints their message as one line and exits non-zero, the web
shows it on the page, and nothing has been written (every user action is one
transaction). Any other exception is a bug in qualframe.

::

    QualframeError
    ├── UserError
    │   ├── InputFileError        a file cannot be read as what it claims to be
    │   ├── ValidationError       a value breaks a rule (span, attribute type...)
    │   ├── NotFoundError         a named object does not exist
    │   ├── ConflictError         the object exists already / would clash
    │   │   └── StaleVersionError  someone changed it since the user read it
    │   ├── ProjectChoiceError    which project to act on is ambiguous
    │   ├── PermissionDeniedError  the person's project role does not allow it
    │   ├── LoginNeededError      a team server needs a login first
    │   ├── LoginFailedError      the login name and password do not match (or locked)
    │   └── BusyError             the database is busy with another writer; try again
    └── ConfigurationError        a setting is malformed
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath


class QualframeError(Exception):
    """Base of every error qualframe raises deliberately."""


class UserError(QualframeError):
    """The user's input or request is wrong; nothing was written.

    The message is a complete sentence meant for the user, shown as is.
    """


class InputFileError(UserError):
    """A file cannot be imported.

    ``source`` names the file (path or display name) and ``problem`` says
    what is wrong with it; ``line`` (1-based) points into tabular or text
    files when known. ``str()`` gives ``"<source>: <problem>"`` or
    ``"<source>, line N: <problem>"``.
    """

    def __init__(self, source: str | PurePath, problem: str, *, line: int | None = None) -> None:
        self.source = str(source)
        self.problem = problem
        self.line = line
        where = self.source if line is None else f"{self.source}, line {line}"
        super().__init__(f"{where}: {problem}")


class BatchImportError(UserError):
    """Some files of a batch import failed and the user asked to stop.

    ``failures`` keeps each file's own :class:`InputFileError`; nothing of
    the batch was written.
    """

    def __init__(self, failures: Sequence[InputFileError], total: int) -> None:
        self.failures = list(failures)
        self.total = total
        first = self.failures[0] if self.failures else None
        more = len(self.failures) - 1
        detail = f" First: {first}" if first else ""
        tail = f" (and {more} more)" if more > 0 else ""
        super().__init__(
            f"{len(self.failures)} of {total} files could not be imported; "
            f"nothing was written.{detail}{tail}"
        )


class ValidationError(UserError):
    """A value breaks a rule of the data model (span bounds, attribute type...)."""


class NotFoundError(UserError):
    """A named object (project, case, code, document...) does not exist."""


class ConflictError(UserError):
    """The request clashes with what exists (duplicate name, duplicate content...)."""


class StaleVersionError(ConflictError):
    """The record was changed (by someone else, or in another tab) since the
    version the user read: nothing was saved, so no newer edit is overwritten.

    ``what`` names the record ("the code 'Hope'"); ``read`` is the version
    the request stated (None when the change raced an unversioned request)
    and ``current`` the version stored now (None when unknown). Shown to the
    user, it asks them to reload and apply their change again.
    """

    def __init__(self, what: str, *, read: int | None = None, current: int | None = None) -> None:
        self.what = what
        self.read = read
        self.current = current
        if read is not None and current is not None:
            versions = f" (you read version {read}; it is now at version {current})"
        else:
            versions = ""
        super().__init__(
            f"{what[:1].upper()}{what[1:]} was changed by someone else since you read it"
            f"{versions}; nothing was saved. Reload it and make your change again."
        )


class ProjectChoiceError(UserError):
    """It is unclear which project to act on (none, or several and none named)."""


class PermissionDeniedError(UserError):
    """The acting account's role in the project does not allow the action
    (a viewer writing, a coder changing the codebook...); nothing was saved.
    The message names the role and what it may not do."""


class LoginNeededError(UserError):
    """A team server acts only for a logged-in account and there is none
    (no session, or it expired)."""


class LoginFailedError(UserError):
    """A login was refused: the login name and password do not match, the
    account is disabled (the same message, so that nothing is learnt of
    which accounts exist) or it is locked after too many failures."""


class BusyError(UserError):
    """The database stayed locked by another writer (a long import on SQLite)
    for longer than qualframe waits; nothing was written, and the same
    action will work once the other writer is done."""


class ConfigurationError(QualframeError):
    """A configuration value (flag or environment variable) is malformed."""


__all__ = [
    "BatchImportError",
    "ConfigurationError",
    "ConflictError",
    "InputFileError",
    "LoginFailedError",
    "LoginNeededError",
    "NotFoundError",
    "PermissionDeniedError",
    "ProjectChoiceError",
    "QualframeError",
    "StaleVersionError",
    "UserError",
    "ValidationError",
]
