"""The disagreement queue of an agreement round, and how the team resolves it.

Each disagreement is one code in one passage of a document (see
:mod:`qualframe.services.team.passages`), named by its key
``"document_id:code_id:start:end"``, with every round coder's reading. The
team resolves it one way (:class:`~qualframe.vocabulary.Resolution`: keep
one coder's reading, keep both, merge, recode); what each does to the
codings, acting only on the text of the passage, is
:mod:`qualframe.services.team.outcomes`.

Codings are removed and changed through the coding services, so a coding a
matrix cell quotes or a change model cites is refused with their message,
and the whole resolution with it: nothing is written. Each resolution is
recorded (with the codings removed, added and cut at the passage's edges)
and audited (``disagreement.resolve``); resolutions of one round run one
after the other (its row is locked) and do not change its version.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence

from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeTree, resolve_code
from qualframe.services.core import audit
from qualframe.services.core.choices import parse_choice
from qualframe.services.core.lookup import find_document
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import counted, natural_key
from qualframe.services.team.finding import (
    find_round,
    resolution_record,
    resolutions_of,
    round_material,
)
from qualframe.services.team.material import Material
from qualframe.services.team.outcomes import Done, carry_out
from qualframe.services.team.passages import (
    Passage,
    disagreement_of,
    find_passages,
    readings_of,
    resolution_of,
)
from qualframe.services.team.records import (
    CoderReading,
    Disagreement,
    ResolutionRecord,
    parse_key,
    seen_token,
)
from qualframe.services.team.rounds import clean_note
from qualframe.storage import queries
from qualframe.storage.models import AgreementRound, DisagreementResolution
from qualframe.storage.models.base import utc_now
from qualframe.vocabulary import Resolution

#: What each outcome did, for the audit log's summary.
_DONE = {
    Resolution.KEEP_ONE: "kept {keep}'s reading",
    Resolution.KEEP_BOTH: "kept every reading",
    Resolution.MERGE: "merged the readings into one coding",
    Resolution.RECODE: "recoded the passage to {recoded!r}",
}


def _narrowed(
    uow: UnitOfWork,
    found: AgreementRound,
    material: Material,
    code: Ref | None,
    document: Ref | None,
) -> Material:
    """``material`` kept to one code and/or one document of the round."""
    if code is not None:
        code_id = resolve_code(uow, code).id
        codes = tuple(pair for pair in material.codes if pair[0] == code_id)
        if not codes:
            path = PATH_SEPARATOR.join(CodeTree.load(uow).path(resolve_code(uow, code_id)))
            raise NotFoundError(f"The agreement round {found.name!r} does not compare {path!r}.")
        material = dataclasses.replace(material, codes=codes)
    if document is not None:
        doc = find_document(uow, document)
        documents = tuple(d for d in material.documents if d.id == doc.id)
        if not documents:
            raise NotFoundError(
                f"The agreement round {found.name!r} does not compare the document {doc.name!r}."
            )
        material = dataclasses.replace(material, documents=documents)
    return material


def _queue(
    uow: UnitOfWork,
    round: Ref,
    code: Ref | None,
    document: Ref | None,
    resolved: bool | None,
) -> tuple[Material, list[tuple[Passage, ResolutionRecord | None]]]:
    """The round's material and the passages listed (each with its
    resolution, None when open), in the queue's order; nothing built yet."""
    if resolved is not None and not isinstance(resolved, bool):
        raise ValidationError(f"resolved is true, false or None (both), not {resolved!r}.")
    found = find_round(uow, round)
    material = _narrowed(uow, found, round_material(uow, found), code, document)
    settled = resolutions_of(uow, found, material)
    listed: list[tuple[Passage, ResolutionRecord | None]] = []
    if resolved is not True:
        listed += [
            (passage, None)
            for passage in find_passages(material)
            if resolution_of(passage, settled) is None
        ]
    if resolved is not False:
        listed += settled
    order = {doc.id: n for n, doc in enumerate(material.documents)}
    listed.sort(
        key=lambda item: (order[item[0].document.id], item[0].start, natural_key(item[0].code))
    )
    return material, listed


def list_disagreements(
    uow: UnitOfWork,
    round: Ref,
    *,
    code: Ref | None = None,
    document: Ref | None = None,
    resolved: bool | None = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[Disagreement]:
    """The disagreements of the agreement round ``round`` (id or name), maybe
    of one ``code`` and one ``document``: ``resolved`` False the open ones
    (the default), True the resolved ones (with their resolution), None
    both. Each has its passage in context and every round coder's reading;
    ordered by document (document order), start and code path. ``limit``
    and ``offset`` page through them (context and readings are built only
    for the page; :func:`count_disagreements` counts them all). Reads only.

    Raises :class:`~qualframe.errors.NotFoundError` for an unknown round,
    code or document, or one the round does not compare, and
    :class:`ValidationError` for a ``resolved`` that is not true, false or
    None, or a negative ``limit`` or ``offset``."""
    first, last = _page(limit, offset)
    material, listed = _queue(uow, round, code, document, resolved)
    return [disagreement_of(material, passage, record) for passage, record in listed[first:last]]


def count_disagreements(
    uow: UnitOfWork,
    round: Ref,
    *,
    code: Ref | None = None,
    document: Ref | None = None,
    resolved: bool | None = False,
) -> int:
    """How many disagreements :func:`list_disagreements` lists with the same
    arguments (without ``limit``/``offset``). Reads only; raises as it does."""
    return len(_queue(uow, round, code, document, resolved)[1])


def _page(limit: int | None, offset: int) -> tuple[int, int | None]:
    """``[first, last)`` of the page; raises :class:`ValidationError` for a
    negative or non-whole ``limit`` or ``offset``."""
    for name, value in (("limit", limit), ("offset", offset)):
        if value is None and name == "limit":
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError(f"{name} is a whole number, 0 or more; not {value!r}.")
    return offset, None if limit is None else offset + limit


def list_resolutions(uow: UnitOfWork, round: Ref) -> list[ResolutionRecord]:
    """The resolutions recorded in the agreement round ``round``, oldest
    first. Reads only; raises :class:`~qualframe.errors.NotFoundError` for an
    unknown round."""
    found = find_round(uow, round)
    return [record for _, record in resolutions_of(uow, found, round_material(uow, found))]


# ---------------------------------------------------------------- resolving


def resolve(
    uow: UnitOfWork,
    round: Ref,
    key: str,
    outcome: Resolution | str,
    *,
    keep: str | None = None,
    recode_to: Ref | None = None,
    note: str = "",
    seen: Sequence[str] | None = None,
) -> ResolutionRecord:
    """Resolve the disagreement ``key`` of the agreement round ``round`` by
    ``outcome`` (see the module docstring: "keep_one" with ``keep``, a coder
    of the round; "keep_both"; "merge"; "recode" with ``recode_to``, another
    code), with a ``note``. Returns the resolution recorded.

    ``seen``: the codings you saw in the readings as
    ``"id:code_id:start:end"`` (:attr:`Disagreement.seen`); when the
    passage's codings differ now (one added, removed, moved or recoded),
    :class:`ConflictError` ("the coding of this passage changed since you
    read it") and nothing is written.

    Two resolutions of one round run one after the other (the round's row
    is locked), so two people resolving different disagreements at once
    both succeed, and the same one twice is refused as resolved already.

    Raises :class:`ValidationError` for an unknown outcome, a malformed key,
    a missing or needless ``keep``/``recode_to``, a coder not of the round or
    who did not code the document, or a code that cannot be applied;
    :class:`~qualframe.errors.NotFoundError` for an unknown round, or a key
    whose document or code is gone or not in the round;
    :class:`ConflictError` when the passage is no longer a disagreement, was
    resolved already (naming who resolved it), or holds a coding a matrix
    cell quotes or a change model cites. Nothing is written then."""
    found = find_round(uow, round)
    queries.team.lock_round(uow.session, found.id)
    chosen = parse_choice(
        Resolution, outcome, "A disagreement is resolved by one of: {allowed}; not by {value}."
    )
    document_id, code_id, start, end = parse_key(key)
    text = clean_note(note, "note of the resolution")
    _check_options(chosen, keep, recode_to)
    material = _passage_material(uow, found, document_id, code_id)
    doc, path = material.documents[0], material.codes[0][1]
    passage = Passage(doc, code_id, path, start, end)
    earlier = resolution_of(passage, resolutions_of(uow, found, material))
    if earlier is not None:
        raise ConflictError(
            f"This disagreement on {path!r} in {doc.name} was resolved already, by "
            f"{earlier.resolved_by} on {earlier.resolved_at:%Y-%m-%d %H:%M} UTC "
            f"({earlier.outcome.value.replace('_', ' ')})."
        )
    readings = readings_of(material, passage)
    if seen is not None:
        _check_seen(seen, readings, code_id)
    if passage.key not in {p.key for p in find_passages(material)}:
        raise ConflictError(
            f"{doc.name} [{start}, {end}) is not a disagreement on {path!r} any more: the "
            "coders' codings there changed since the list was read. Read it again."
        )
    done = carry_out(uow, material, passage, chosen, keep, recode_to)
    return _record(uow, found, passage, chosen, text, done)


def _check_options(outcome: Resolution, keep: str | None, recode_to: Ref | None) -> None:
    """Refuse a ``keep`` or ``recode_to`` missing where needed or given where not."""
    if outcome is Resolution.KEEP_ONE and not (keep and str(keep).strip()):
        raise ValidationError("Keeping one reading needs the coder whose reading is kept (keep).")
    if outcome is not Resolution.KEEP_ONE and keep is not None:
        raise ValidationError(f"keep names the coder kept by keep_one, not by {outcome.value}.")
    if outcome is Resolution.RECODE and recode_to is None:
        raise ValidationError("Recoding needs the code to recode the passage to (recode_to).")
    if outcome is not Resolution.RECODE and recode_to is not None:
        raise ValidationError(f"recode_to is the code of recode, not of {outcome.value}.")


def _passage_material(
    uow: UnitOfWork, found: AgreementRound, document_id: int, code_id: int
) -> Material:
    """The round's material kept to one document and one code (both checked)."""
    scope = queries.team.round_scopes(uow.session, [found.id])[found.id]
    doc = find_document(uow, document_id)
    if doc.id not in scope.document_ids:
        raise NotFoundError(
            f"The agreement round {found.name!r} does not compare the document {doc.name!r}."
        )
    code = resolve_code(uow, code_id)
    if code.id not in scope.code_ids:
        path = PATH_SEPARATOR.join(CodeTree.load(uow).path(code))
        raise NotFoundError(f"The agreement round {found.name!r} does not compare {path!r}.")
    narrowed = scope._replace(document_ids=[doc.id], code_ids=[code.id])
    return round_material(uow, found, narrowed)


def _check_seen(seen: Sequence[str], readings: Sequence[CoderReading], code_id: int) -> None:
    """Raise :class:`ConflictError` unless ``seen`` are the codings in
    ``readings`` as they are now (``"id:code_id:start:end"`` each)."""
    if isinstance(seen, (str, int)) or not all(_is_token(token) for token in seen):
        raise ValidationError(
            "seen lists the codings you read as 'id:code:start:end' (four whole numbers "
            "each, as the disagreement's seen gives them)."
        )
    now = {
        seen_token(coding.id, code_id, coding.start, coding.end): coding.id
        for reading in readings
        for coding in reading.codings
    }
    read = {token.strip(): int(token.split(":")[0]) for token in seen}
    before = {read[t] for t in set(read) - set(now)}
    after = {now[t] for t in set(now) - set(read)}
    changed, gone, new = before & after, before - after, after - before
    if not (changed or gone or new):
        return
    parts = []
    for ids, was, were in ((changed, "was", "were"), (gone, "is", "are"), (new, "was", "were")):
        if ids:
            verb = was if len(ids) == 1 else were
            what = "changed" if ids is changed else "no longer there" if ids is gone else "added"
            parts.append(f"{_ids(sorted(ids))} {verb} {what}")
    raise ConflictError(
        f"The coding of this passage changed since you read it: {' and '.join(parts)}; "
        "nothing was changed. Read the disagreement again."
    )


def _is_token(token: object) -> bool:
    parts = token.strip().split(":") if isinstance(token, str) else []
    return len(parts) == 4 and all(part.isascii() and part.isdigit() for part in parts)


def _ids(ids: Sequence[int]) -> str:
    return ("coding " if len(ids) == 1 else "codings ") + ", ".join(str(i) for i in ids)


def _record(
    uow: UnitOfWork,
    found: AgreementRound,
    passage: Passage,
    outcome: Resolution,
    note: str,
    done: Done,
) -> ResolutionRecord:
    """Store and audit the resolution (the round's version stays: resolutions
    of one round do not conflict with each other)."""
    row = DisagreementResolution(
        project_id=uow.project_id,
        round_id=found.id,
        document_id=passage.document.id,
        code_id=passage.code_id,
        start=passage.start,
        end=passage.end,
        outcome=outcome,
        kept_coder=done.kept,
        recoded_to=done.recoded_to,
        note=note,
        resolved_by=uow.actor.name,
        resolved_at=utc_now(),
        changes=json.dumps(
            {
                "removed": done.removed,
                "added": done.added,
                "split": done.split,
                "memos_kept": done.memos_kept,
            }
        ),
    )
    uow.session.add(row)
    uow.session.flush()
    record = resolution_record(row, passage.document.name, CodeTree.load(uow))
    what = _DONE[outcome].format(keep=record.kept_coder, recoded=record.recoded_to)
    audit.record(
        uow,
        "disagreement.resolve",
        "disagreement",
        row.id,
        f"Resolved the disagreement on {passage.code!r} in {passage.document.name} "
        f"[{passage.start}, {passage.end}) of the agreement round {found.name!r}: {what} "
        f"({counted(record.removed, 'coding')} removed, {record.added} added)",
        {
            "round": found.name,
            "key": passage.key,
            "outcome": outcome.value,
            "kept_coder": record.kept_coder,
            "recoded_to": record.recoded_to,
            "removed": [c["id"] for c in done.removed],
            "added": [c["id"] for c in done.added],
            "split": [c["id"] for c in done.split],
            "memos_kept": done.memos_kept,
            "note": note,
        },
    )
    return record
