"""What resolving a disagreement does to the codings of its passage.

A resolution acts only on the text of its passage. On units (turns,
paragraphs, sentences) a coding that reaches outside the passage is first
cut at the passage's edges (:func:`~qualframe.services.coding.splitting.split_coding`):
the parts outside stay codings of the same coder and code (the original id,
and so its memos, stays with an outside part), and only the part inside is
changed. On spans the passage holds every coding it touches whole.

- **keep_one**: the other round coders' codings inside the passage are removed;
- **keep_both**: nothing changes;
- **merge**: each round coder who applied the code there ends with one coding
  of it over the union of the passage's codings (their own coding widened,
  their extra ones removed; coders who did not apply it get none); the
  resolver is never made a coder;
- **recode**: the codings inside the passage get the other code (coder and
  span kept; one repeating a coding its coder has with that code there is
  removed instead).

Codings are removed and changed through the coding services; a coding a
matrix cell quotes or a change model cites is refused first, with the
references module's message, and the whole resolution with it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from qualframe.errors import ValidationError
from qualframe.services.coding.codings import codable_code, remove_coding
from qualframe.services.coding.recoding import change_coding
from qualframe.services.coding.splitting import split_coding
from qualframe.services.core import references
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.team.material import Material, ScopeDocument
from qualframe.services.team.passages import Passage
from qualframe.services.team.units import overlaps
from qualframe.storage import queries
from qualframe.storage.queries.team import ScopeCoding
from qualframe.vocabulary import AgreementUnit, Resolution

#: A coding as a resolution's record keeps it: id, coder, span, code.
Change = dict[str, Any]


@dataclasses.dataclass(frozen=True)
class Done:
    """What a resolution did: the codings removed, added (or widened) and cut
    at the passage's edges, the memos kept without a removed coding, the
    coder kept (keep_one) and the code recoded to (recode)."""

    removed: list[Change]
    added: list[Change]
    split: list[Change] = dataclasses.field(default_factory=list)
    memos_kept: int = 0
    kept: str | None = None
    recoded_to: int | None = None


def _change(
    coding: ScopeCoding, code: str, start: int | None = None, end: int | None = None
) -> Change:
    return {
        "id": coding.id,
        "coder": coding.coder,
        "start": coding.start if start is None else start,
        "end": coding.end if end is None else end,
        "code": code,
    }


def action_of(passage: Passage) -> str:
    """What a resolution of ``passage`` does, for refusals and the audit log."""
    return (
        f"Resolving the disagreement on {passage.code!r} in {passage.document.name} "
        f"[{passage.start}, {passage.end})"
    )


def carry_out(
    uow: UnitOfWork,
    material: Material,
    passage: Passage,
    outcome: Resolution,
    keep: str | None,
    recode_to: Ref | None,
) -> Done:
    """Change the codings of ``passage`` as ``outcome`` says; returns what was done."""
    if outcome is Resolution.KEEP_BOTH:
        return Done([], [])
    kept = round_coder(material, passage.document, str(keep)) if keep is not None else None
    target = _recode_target(uow, passage, recode_to) if recode_to is not None else None
    group = _group(uow, material, passage)
    touched = [c for c in group if c.coder != kept]
    if outcome is Resolution.RECODE or any(_reaches_out(c, passage) for c in touched):
        references.refuse_quoted_codings(uow, [c.id for c in touched], action_of(passage))
    split = _split(uow, material, passage, touched)
    if split:
        group = _group(uow, material, passage)
    if outcome is Resolution.KEEP_ONE:
        removed, memos = _remove(uow, passage, [c for c in group if c.coder != kept])
        return Done(removed, [], split, memos, kept=kept)
    if outcome is Resolution.MERGE:
        return _merge(uow, passage, group, split)
    assert target is not None  # checked by the caller
    return _recode(uow, passage, group, target, split)


def round_coder(material: Material, doc: ScopeDocument, name: str) -> str:
    """The round coder ``name`` (letter case aside) who coded ``doc``; raises
    :class:`ValidationError` for one not of the round or who did not code it."""
    wanted = name.strip()
    matches = [c for c in material.coders if c == wanted] or [
        c for c in material.coders if c.casefold() == wanted.casefold()
    ]
    listed = ", ".join(repr(c) for c in material.coders)
    if len(matches) != 1:
        raise ValidationError(f"{wanted!r} is not a coder of this agreement round ({listed}).")
    if matches[0] not in doc.rated:
        coded = ", ".join(repr(c) for c in material.coders if c in doc.rated)
        raise ValidationError(
            f"{matches[0]} coded nothing in {doc.name}; keep the reading of a coder who coded "
            f"it ({coded})."
        )
    return matches[0]


def _recode_target(uow: UnitOfWork, passage: Passage, recode_to: Ref) -> tuple[int, str]:
    target, path = codable_code(uow, recode_to)
    if target.id == passage.code_id:
        raise ValidationError(
            f"Recode the passage to another code than {passage.code!r}, or keep both readings."
        )
    return target.id, path


def _group(uow: UnitOfWork, material: Material, passage: Passage) -> list[ScopeCoding]:
    """The round coders' codings of the passage's code overlapping it, as stored now."""
    coders = set(material.coders)
    stored = queries.team.scope_codings(
        uow.session, uow.project_id, [passage.document.id], [passage.code_id]
    )
    return [
        c
        for c in stored
        if c.coder in coders and overlaps((c.start, c.end), passage.start, passage.end)
    ]


def _reaches_out(coding: ScopeCoding, passage: Passage) -> bool:
    return coding.start < passage.start or coding.end > passage.end


def _split(
    uow: UnitOfWork, material: Material, passage: Passage, touched: Sequence[ScopeCoding]
) -> list[Change]:
    """Cut each of ``touched`` reaching outside the passage at its edges (unit
    rounds only: a span round's passage holds its codings whole); the
    original keeps the part before the passage, else the part after it."""
    if material.unit is AgreementUnit.SPAN:
        return []
    done: list[Change] = []
    for coding in touched:
        if not _reaches_out(coding, passage):
            continue
        cuts = [edge for edge in (passage.start, passage.end) if coding.start < edge < coding.end]
        keep = 0 if coding.start < passage.start else len(cuts)
        split_coding(uow, coding.id, cuts, keep=keep, action=action_of(passage))
        done.append(_change(coding, passage.code))
    return done


def _remove(
    uow: UnitOfWork, passage: Passage, codings: Sequence[ScopeCoding]
) -> tuple[list[Change], int]:
    """Remove ``codings`` through the coding services, refusing first (nothing
    removed) when a cell quotes or a model cites any of them; returns them
    and how many memos about them were kept (without the link)."""
    references.refuse_quoted_codings(uow, [c.id for c in codings], action_of(passage))
    memos = sum(remove_coding(uow, coding.id).memos_kept for coding in codings)
    return [_change(coding, passage.code) for coding in codings], memos


def _merge(
    uow: UnitOfWork, passage: Passage, group: Sequence[ScopeCoding], split: list[Change]
) -> Done:
    """Each coder who applied the code there: one coding over the union of the
    passage's codings (theirs widened, the rest of theirs removed)."""
    start = min(coding.start for coding in group)
    end = max(coding.end for coding in group)
    by_coder: dict[str, list[ScopeCoding]] = {}
    for coding in group:
        by_coder.setdefault(coding.coder, []).append(coding)
    removed: list[Change] = []
    widened: list[Change] = []
    memos = 0
    for codings in by_coder.values():
        exact = [c for c in codings if (c.start, c.end) == (start, end)]
        survivor = (exact or sorted(codings, key=lambda c: (c.start, c.id)))[0]
        gone, kept = _remove(uow, passage, [c for c in codings if c.id != survivor.id])
        removed += gone
        memos += kept
        if (survivor.start, survivor.end) != (start, end):
            change_coding(uow, survivor.id, start=start, end=end)
            widened.append(_change(survivor, passage.code, start, end))
    return Done(removed, widened, split, memos)


def _recode(
    uow: UnitOfWork,
    passage: Passage,
    group: Sequence[ScopeCoding],
    target: tuple[int, str],
    split: list[Change],
) -> Done:
    """Give ``group`` the code ``target``; a coding repeating one its coder has
    with that code there is removed instead."""
    target_id, path = target
    repeats = [
        coding
        for coding in group
        if (passage.document.id, coding.start, coding.end)
        in queries.codings.coded_spans(uow.session, target_id, coding.coder, [passage.document.id])
    ]
    removed, memos = _remove(uow, passage, repeats)
    moved = [coding for coding in group if coding not in repeats]
    for coding in moved:
        change_coding(uow, coding.id, code=target_id)
    recoded = [_change(coding, path) for coding in moved]
    removed += [_change(coding, passage.code) for coding in moved]
    return Done(removed, recoded, split, memos, recoded_to=target_id)
