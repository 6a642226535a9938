"""A study-table row save refused as stale (409), told so the user can choose.

A row's save sends only the fields edited since the last save, with the
version they were read at (``if_version``). When someone else changed the
row since, nothing is saved and the answer names the record and each field
the save sent, with what is stored in it now; its body also carries the whole
stored record (``error.current``), so the page can keep what the user typed,
show the stored value beside it and let them keep theirs or take the stored one.
A row form posted without JavaScript (the whole row) refused as stale is told
by :class:`StaleRowForm`, whose message keeps what the user typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fastapi.encoders import jsonable_encoder
from starlette.responses import JSONResponse

from qualframe import CaseRecord, ParticipantRecord
from qualframe.errors import StaleVersionError
from qualframe.web.server.error_pages import error_body

#: The longest stored value quoted in a conflict message (characters; the body has it whole).
QUOTED_CHARACTERS = 80


def _quoted(text: str) -> str:
    if not text:
        return "empty"
    cut = text if len(text) <= QUOTED_CHARACTERS else text[: QUOTED_CHARACTERS - 1] + "…"
    return repr(cut)


def stored_fields(
    record: CaseRecord | ParticipantRecord, fields: Sequence[str], values: Mapping[str, object]
) -> list[tuple[str, str]]:
    """Each field a save sent (``fields``: "name", "description"...; ``values``:
    the attribute values it sent) with its stored text in ``record`` (reads
    nothing), in the order sent: names first, then attributes."""
    shown: list[tuple[str, str]] = []
    for name in fields:
        stored = getattr(record, name, None)
        shown.append((name, stored if isinstance(stored, str) else ""))
    for attribute in values:
        shown.append((attribute, record.attributes.get(attribute, "")))
    return shown


def stale_row(
    error: StaleVersionError, current: CaseRecord | ParticipantRecord, sent: list[tuple[str, str]]
) -> JSONResponse:
    """The 409 answer to a refused row save: the error's message plus the fields
    sent (``sent``: from :func:`stored_fields`) with their stored values, and
    the stored record as ``error.current``."""
    message = str(error)
    if sent:
        listed = "; ".join(f"{name} is {_quoted(stored)}" for name, stored in sent)
        message += f" Your change was to {', '.join(n for n, _ in sent)}; stored now: {listed}."
    body = error_body(error)
    body["error"]["message"] = message
    body["error"]["current"] = jsonable_encoder(current)
    body["error"]["fields"] = [name for name, _ in sent]
    return JSONResponse(body, status_code=409)


class StaleRowForm(StaleVersionError):
    """A row form (no JavaScript) refused as stale: the base message plus what the
    user typed that differs from the stored record, so it is not lost when the
    page shows the stored row again."""

    def __init__(self, error: StaleVersionError, differing: Sequence[tuple[str, str, str]]) -> None:
        super().__init__(error.what, read=error.read, current=error.current)
        if differing:
            typed = "; ".join(
                f"{name} {_quoted(mine)} (stored: {_quoted(stored)})"
                for name, mine, stored in differing
            )
            self.args = (f"{self.args[0]} What you typed, not saved: {typed}.",)


def typed_row(
    record: CaseRecord | ParticipantRecord,
    fields: Mapping[str, str | None],
    values: Mapping[str, str],
) -> list[tuple[str, str, str]]:
    """(field, typed, stored) for each field of a posted row (``fields``: "name",
    "description"... as typed, None when absent; ``values``: attribute values)
    whose typed text is not what ``record`` stores. Reads nothing."""
    stored = dict(stored_fields(record, [n for n, v in fields.items() if v is not None], values))
    typed = {**{n: v for n, v in fields.items() if v is not None}, **values}
    return [(name, typed[name], text) for name, text in stored.items() if typed[name] != text]
