"""Unexpected errors (bugs), reported without the data they carry.

An exception's message, and the messages of the errors chained to it, can
quote the data being worked on: a database error names the row that broke
a constraint (PostgreSQL's ``DETAIL: Key (name)=(...)``, ``Failing row
contains (...)``), a ``KeyError`` its key, a ``ValueError`` the text it
could not parse. Interview text does not belong in a server log or on a
terminal, so an unexpected error is reported as an :class:`Incident`: a
random id the person quotes, the exception types of the chain and where
each was raised (file, line, function, the line of code): never a
message, an argument or a variable.

The whole traceback, messages included, is for whoever asks for it: the
``QUALFRAME_DEBUG`` setting (the CLI's ``--debug``) says so, and the edges
(the CLI's error printer, the web's error pages) decide. SQL parameters are
in no message either way: engines are created with ``hide_parameters``.
"""

from __future__ import annotations

import secrets
import traceback
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Incident", "incident"]

#: Most chained exceptions followed (a cause of a cause...).
MAX_CHAIN = 8
#: The package's folder: frames inside it are shown relative to its parent.
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Incident:
    """An unexpected error as it may be written down anywhere.

    ``id``: eight hex digits, random, for the person to quote; ``kind``:
    the exception's type (``IntegrityError``); ``where``: the innermost
    frame in qualframe's code (else the innermost of all) as
    ``qualframe/services/x.py:12 in f``; ``trace``: the exception types of
    the chain and their frames, one per line, with no message."""

    id: str
    kind: str
    where: str
    trace: str

    def summary(self) -> str:
        """``error 3f9a1c2e: IntegrityError in qualframe/x.py:12 in f``."""
        return f"error {self.id}: {self.kind} in {self.where}"


def incident(error: BaseException) -> Incident:
    """The :class:`Incident` of ``error`` (a new random id each call)."""
    chain = _chain(error)
    frames = traceback.extract_tb(error.__traceback__)
    return Incident(
        id=secrets.token_hex(4),
        kind=type(error).__name__,
        where=_where(frames),
        trace="\n".join(_trace_lines(chain)),
    )


def _chain(error: BaseException) -> list[BaseException]:
    """``error`` and the exceptions it was raised from or during, outermost first."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < MAX_CHAIN:
        chain.append(current)
        cause = current.__cause__
        if cause is None and not current.__suppress_context__:
            cause = current.__context__
        current = cause
    return chain


def _qualified(error: BaseException) -> str:
    kind = type(error)
    return (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )


def _shown_path(filename: str) -> str:
    """A frame's file: relative to the folder holding qualframe when inside it."""
    path = Path(filename)
    try:
        return str(path.resolve().relative_to(_PACKAGE.parent))
    except (ValueError, OSError):
        return filename


def _where(frames: traceback.StackSummary) -> str:
    if not frames:
        return "an unknown place"
    ours = [frame for frame in frames if _shown_path(frame.filename).startswith("qualframe")]
    frame = (ours or frames)[-1]
    return f"{_shown_path(frame.filename)}:{frame.lineno} in {frame.name}"


def _trace_lines(chain: list[BaseException]) -> list[str]:
    """Innermost cause first, as Python prints tracebacks; no messages."""
    lines: list[str] = []
    for depth, error in enumerate(reversed(chain)):
        if depth:
            lines.append("which led to:")
        lines.append(f"{_qualified(error)} (message withheld)")
        for frame in traceback.extract_tb(error.__traceback__):
            lines.append(
                f'  File "{_shown_path(frame.filename)}", line {frame.lineno}, in {frame.name}'
            )
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
    return lines
