"""An unexpected error is written down as an incident: an id, the types of the
chained errors and where they were raised, never a message."""

from __future__ import annotations

import re

from qualframe.incidents import incident

SECRET = "what P3 said about her brother"


def _raise_chained() -> None:
    try:
        {}[SECRET]
    except KeyError as error:
        raise ValueError(f"could not read {SECRET!r}") from error


def test_an_incident_names_types_and_places_but_no_message() -> None:
    try:
        _raise_chained()
    except ValueError as error:
        found = incident(error)
    assert re.fullmatch(r"[0-9a-f]{8}", found.id)
    assert found.kind == "ValueError"
    assert found.where.endswith("in _raise_chained")
    assert "KeyError (message withheld)" in found.trace
    assert "which led to:\nValueError (message withheld)" in found.trace
    assert "_raise_chained" in found.trace
    assert SECRET not in found.trace and SECRET not in found.summary()
    assert found.summary() == f"error {found.id}: ValueError in {found.where}"


def test_every_incident_has_its_own_id() -> None:
    error = RuntimeError(SECRET)
    assert incident(error).id != incident(error).id
    assert incident(error).where == "an unknown place"  # never raised: no traceback
