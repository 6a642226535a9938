"""Agreement rounds: double-coding checks the team opens, resolves and closes.

A round keeps its scope (documents, codes, coders, the unit) and the
agreement figures measured when it was opened, the "before"; its
disagreements (:mod:`qualframe.services.team.disagreements`) are resolved
one by one, and the "after" figures count each resolved passage as agreed.
A round's name is unique in the project, letter case aside. Opening and
deleting are in the audit log (``agreement_round.open``,
``agreement_round.delete``); a round's ``version`` counts changes to the
round itself, not its resolutions (two people resolve different
disagreements of one round at once), and ``delete_round(if_version=...)``
refuses a version that is not the stored one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from qualframe.errors import ConflictError, ValidationError
from qualframe.services.core import audit, text_rules
from qualframe.services.core.field_limits import check_field
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version
from qualframe.services.core.wording import counted
from qualframe.services.team.agreement import Agreed, measure
from qualframe.services.team.finding import (
    find_round,
    resolutions_of,
    round_material,
    round_record,
    round_records,
    stored_figures,
)
from qualframe.services.team.material import choose_scope
from qualframe.services.team.records import AgreementScope, RoundFigures, RoundRecord
from qualframe.storage import queries
from qualframe.storage.models import AgreementRound
from qualframe.storage.models.base import utc_now
from qualframe.vocabulary import AgreementUnit


def clean_name(value: str) -> str:
    """A round's name normalised (NFC, single spaces, stripped) and checked;
    raises :class:`ValidationError` when it is empty, too long or holds a
    character no database stores."""
    cleaned = text_rules.normalised_name(value)
    if not cleaned:
        raise ValidationError("An agreement round needs a name.")
    return text_rules.check_name(cleaned, "agreement round name")


def clean_note(value: str | None, what: str) -> str:
    """Free text normalised (NFC, LF line ends, stripped) and checked against
    ``field_characters``; None gives ""."""
    if value is None:
        return ""
    check_field(str(value).replace("\r\n", "\n").replace("\r", "\n"), what)
    return text_rules.normalised_text(value)


def _described(found: AgreementRound) -> str:
    return f"the agreement round {found.name!r}"


def open_round(
    uow: UnitOfWork,
    name: str,
    *,
    unit: AgreementUnit | str = "turn",
    documents: Sequence[Ref] | None = None,
    codes: Sequence[Ref] | None = None,
    coders: Sequence[str] | None = None,
    note: str = "",
) -> RoundRecord:
    """Open an agreement round called ``name`` on the scope
    :func:`~qualframe.services.team.agreement.measure_agreement` takes (the
    same defaults), storing its scope and the agreement figures now (the
    "before"), with an audit entry (``agreement_round.open``).

    Raises :class:`ConflictError` when the project has a round of that name
    (letter case aside), :class:`ValidationError` for an empty or over-long
    name or note and the scope's errors (unknown unit, fewer than two
    coders), :class:`~qualframe.errors.NotFoundError` for an unknown
    document, code or coder; nothing is written then."""
    name = clean_name(name)
    text = clean_note(note, "note of the agreement round")
    named = queries.team.rounds_named(uow.session, uow.project_id, name)
    if named:
        raise ConflictError(
            f"This project has an agreement round called {named[0].name!r} already."
        )
    material = choose_scope(uow, unit, documents, codes, coders)
    report = measure(material)
    found = AgreementRound(
        project_id=uow.project_id,
        name=name,
        unit=material.unit,
        note=text,
        opened_by=uow.actor.name,
        opened_at=utc_now(),
        figures=json.dumps(report.to_json()),
    )
    uow.session.add(found)
    uow.session.flush()
    queries.team.add_round_scope(
        uow.session,
        found,
        [doc.id for doc in material.documents],
        [code_id for code_id, _ in material.codes],
        material.coders,
    )
    _audit_opened(uow, found, material.scope)
    return round_record(uow, found)


def _audit_opened(uow: UnitOfWork, found: AgreementRound, scope: AgreementScope) -> None:
    audit.record(
        uow,
        "agreement_round.open",
        "agreement_round",
        found.id,
        f"Opened the agreement round {found.name!r}: {', '.join(scope.coders)} on "
        f"{counted(len(scope.documents), 'document')} and {counted(len(scope.codes), 'code')}, "
        f"by {scope.unit.value}",
        {
            "name": found.name,
            "unit": scope.unit.value,
            "documents": list(scope.documents),
            "codes": list(scope.codes),
            "coders": list(scope.coders),
        },
    )


def list_rounds(uow: UnitOfWork) -> list[RoundRecord]:
    """The project's agreement rounds, by name, each with its open
    disagreements and resolutions counted. Reads only."""
    return round_records(uow, queries.team.rounds_of(uow.session, uow.project_id))


def get_round(uow: UnitOfWork, round: Ref) -> RoundRecord:
    """The agreement round ``round`` (id or name). Reads only; raises
    :class:`~qualframe.errors.NotFoundError` for an unknown round."""
    return round_record(uow, find_round(uow, round))


def delete_round(uow: UnitOfWork, round: Ref, *, if_version: int | None = None) -> RoundRecord:
    """Delete an agreement round with its resolutions (the codings stay as the
    resolutions left them), with an audit entry (``agreement_round.delete``).
    Returns the round as it was.

    ``if_version``: the round's version you read; a different stored one raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is deleted.
    Raises :class:`~qualframe.errors.NotFoundError` for an unknown round."""
    found = find_round(uow, round)
    check_version(found, if_version, _described(found))
    record = round_record(uow, found)
    resolutions = queries.team.delete_round_contents(uow.session, found.id)
    uow.session.delete(found)
    uow.session.flush()
    audit.record(
        uow,
        "agreement_round.delete",
        "agreement_round",
        record.id,
        f"Deleted the agreement round {record.name!r} ({counted(resolutions, 'resolution')})",
        {"name": record.name, "unit": record.unit.value, "resolutions": resolutions},
    )
    return record


def round_figures(uow: UnitOfWork, round: Ref) -> RoundFigures:
    """The round's agreement before (as stored when it was opened) and after
    (measured now over its scope, each resolved passage counted as agreed:
    every round coder who coded the document is taken to have the reading
    now there, the union of the round coders' current codings of the code in
    the passage).
    Reads only; raises :class:`~qualframe.errors.NotFoundError` for an
    unknown round."""
    found = find_round(uow, round)
    material = round_material(uow, found)
    agreed = [
        Agreed(passage.document.id, passage.code_id, passage.start, passage.end)
        for passage, _ in resolutions_of(uow, found, material)
    ]
    return RoundFigures(
        round=round_record(uow, found),
        before=stored_figures(found),
        after=measure(material, agreed),
    )
