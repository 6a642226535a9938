"""Deciding whether a line-start label is a speaker.

Detection (:mod:`qualframe.formats.speaker_turns`) takes any line starting
``Name:`` that looks like a name for a speaker's turn. It can be wrong both
ways: in a hearing, counsel's "You say:" before a quoted passage is prose,
and a missed "Q:" or an unusual name is a speaker. People correct it once
per project, as a :class:`~qualframe.storage.models.LabelDecision`:

- *not a speaker* (:func:`reject_label`): every turn the label started is
  merged into the turn before (its lines become part of that answer or
  question; at the very start of a text, or after a heading or other stop,
  they belong to no turn), and the label's mappings are removed (those of
  single turns with their turns, each named in the change);
- *a speaker* (:func:`accept_label`): every line starting with the label
  (``Label:``, ``**Label**:``, ``[Label]``) starts a turn, split off the turn
  that held it;
- *undo* (:func:`undo_label_decision`): the decision is deleted and the
  label's turns are again what detection finds (mappings removed by a
  rejection are not restored; undoing an acceptance merges away the turns
  it split off, with their own mappings, named in the change).

The text and the codings are never changed (codings point at spans of the
text, and are re-attributed to whoever now speaks there); search segments
follow the turns. Every decision writes one audit entry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.core import audit
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.documents import file_reading, speaker_sections, turn_splits
from qualframe.services.documents.speakers import find_label
from qualframe.storage import queries
from qualframe.storage.models import Document, LabelDecision
from qualframe.storage.models.base import utc_now

#: Longest label a decision can be about (the column's size).
MAX_LABEL_CHARS = 200


@dataclass(frozen=True)
class LabelDecisionInfo:
    """A decision about a line-start label: ``is_speaker`` True (a speaker,
    even where detection missed it) or False (not a speaker), who made it and
    when (UTC)."""

    label: str
    is_speaker: bool
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True)
class LabelDecisionChange:
    """What a decision about a label did: ``is_speaker`` is the decision now in
    force (None: undone, detection decides); ``documents`` counts documents
    whose turns changed, ``turns_added`` and ``turns_removed`` the turns split
    off and merged away, ``mappings_removed`` the mappings deleted (the
    label's, and the own mappings of turns merged away),
    ``codings_changed`` the codings whose speaker or participant changed;
    ``turn_mappings_removed`` names the turns' own mappings among them, as
    ``"label in turn N ('words…') of 'doc', was who"`` (N: the turn's number
    before the merge)."""

    label: str
    is_speaker: bool | None
    documents: int
    turns_added: int
    turns_removed: int
    mappings_removed: int
    codings_changed: int
    turn_mappings_removed: tuple[str, ...] = ()


def label_decisions(uow: UnitOfWork) -> list[LabelDecisionInfo]:
    """The project's decisions about line-start labels, by label. Reads only."""
    return [
        LabelDecisionInfo(d.label, d.is_speaker, d.decided_by, d.decided_at)
        for d in queries.speakers.label_decisions(uow.session, uow.project_id)
    ]


def _clean(label: str) -> str:
    """``label`` with its white space folded; raises :class:`ValidationError`
    when it is empty or too long."""
    cleaned = " ".join(str(label).split())
    if not cleaned:
        raise ValidationError("Give the label, as it is written at the start of lines.")
    if len(cleaned) > MAX_LABEL_CHARS:
        raise ValidationError(
            f"The label {cleaned[:40]!r}... is longer than {MAX_LABEL_CHARS} characters."
        )
    return cleaned


def _decisions(uow: UnitOfWork) -> dict[str, LabelDecision]:
    """``{label: decision}`` of the project."""
    return {d.label: d for d in queries.speakers.label_decisions(uow.session, uow.project_id)}


def _decision_for(decisions: dict[str, LabelDecision], label: str) -> LabelDecision | None:
    """The decision about ``label`` (exactly, else the only one differing in case)."""
    if label in decisions:
        return decisions[label]
    folded = [d for name, d in decisions.items() if name.casefold() == label.casefold()]
    return folded[0] if len(folded) == 1 else None


def _decide(uow: UnitOfWork, decision: LabelDecision | None, label: str, is_speaker: bool) -> None:
    """Record ``is_speaker`` for ``label`` (replacing ``decision``, if any)."""
    if decision is None:
        decision = LabelDecision(project_id=uow.project_id, label=label)
        uow.session.add(decision)
    decision.is_speaker = is_speaker
    decision.decided_by = uow.actor.name
    decision.decided_at = utc_now()


def _known(
    uow: UnitOfWork, decisions: dict[str, LabelDecision], *, but: str
) -> tuple[set[str], set[str]]:
    """The labels known to be speakers (participants' identifiers, mapped and
    accepted labels, as an import counts them) and the rejected ones, leaving
    out ``but`` (compared ignoring case)."""
    hints = file_reading.speaker_hints(uow)
    folded = but.casefold()
    accepted = {name for name in hints.known if name.casefold() != folded}
    accepted |= {name for name, d in decisions.items() if d.is_speaker and name != but}
    rejected = {name for name, d in decisions.items() if not d.is_speaker and name != but}
    return accepted, rejected


def _documents(uow: UnitOfWork, ids: list[int]) -> list[Document]:
    """The project's documents with these ids, in id order."""
    found = [queries.documents.document_by_id(uow.session, uow.project_id, i) for i in ids]
    return [document for document in found if document is not None]


def _label_turn_ids(uow: UnitOfWork, label: str) -> dict[int, list[tuple[int, int]]]:
    """``{document id: [(turn id, start)]}`` of the turns labelled ``label``
    (letter case ignored, as detection compares labels)."""
    wanted = label.casefold()
    documents = {
        document_id
        for name, document_id in queries.speakers.label_documents(uow.session, uow.project_id)
        if name.casefold() == wanted
    }
    return {
        document_id: [
            (turn.id, turn.start)
            for turn in queries.speakers.turns_of(uow.session, document_id)
            if turn.label.casefold() == wanted
        ]
        for document_id in sorted(documents)
    }


def _finish(
    uow: UnitOfWork,
    action: str,
    summary: str,
    change: LabelDecisionChange,
    documents: set[int],
) -> LabelDecisionChange:
    """Re-attribute ``documents``, write the audit entry and return ``change``
    with the codings re-attributed counted."""
    changed = speaker_sections.reattribute_documents(uow, documents)
    result = dataclasses.replace(change, codings_changed=changed)
    if result.turn_mappings_removed:
        gone = "; ".join(result.turn_mappings_removed)
        summary += f"; the mappings of turns merged away are removed: {gone}"
    audit.record(
        uow,
        action,
        "speaker_mapping",
        None,
        summary,
        {
            "label": result.label,
            "is_speaker": result.is_speaker,
            "documents": result.documents,
            "turns_added": result.turns_added,
            "turns_removed": result.turns_removed,
            "mappings_removed": result.mappings_removed,
            "turn_mappings_removed": list(result.turn_mappings_removed),
            "codings_reattributed": changed,
        },
    )
    return result


# ---------------------------------------------------------------- not a speaker


def reject_label(uow: UnitOfWork, label: str) -> LabelDecisionChange:
    """Say that ``label`` is not a speaker ("You say:" before a quoted passage).

    Records the decision (replacing an acceptance), merges every turn the
    label started into the turn before it (see the module docstring), removes
    every mapping of the label and re-attributes the documents concerned;
    codings are kept. Writes one ``speaker.reject`` audit entry. Raises
    :class:`NotFoundError` (with close labels) for a label that no turn and no
    mapping has, and :class:`ValidationError` for a label already rejected.
    """
    wanted = _clean(label)
    decisions = _decisions(uow)
    decision = _decision_for(decisions, wanted)
    if decision is not None and not decision.is_speaker:
        raise ValidationError(f"{decision.label!r} is already marked as not a speaker.")
    stored = find_label(uow, wanted, None)
    decision = decision or decisions.get(stored)
    turns = _label_turn_ids(uow, stored)
    # The label's turns' own mappings go with the turns (merge_turns names them).
    mappings = [
        m
        for m in queries.speakers.project_mappings(uow.session, uow.project_id)
        if m.label.casefold() == stored.casefold() and m.turn_id is None
    ]
    _decide(uow, decision, stored, False)
    removed = 0
    turn_mappings: tuple[str, ...] = ()
    for document in _documents(uow, sorted(turns)):
        ids = {turn_id for turn_id, _ in turns[document.id]}
        merged = turn_splits.merge_turns(uow.session, uow.project_id, document, ids)
        removed += merged.turns
        turn_mappings += merged.mappings_removed
    for mapping in mappings:
        uow.session.delete(mapping)
    affected = set(turns) | {m.document_id for m in mappings if m.document_id is not None}
    change = LabelDecisionChange(
        stored,
        False,
        len(turns),
        0,
        removed,
        len(mappings) + len(turn_mappings),
        0,
        turn_mappings,
    )
    summary = f"Marked {stored!r} as not a speaker: {removed} turn(s) merged into the turn before"
    return _finish(uow, "speaker.reject", summary, change, affected)


# ---------------------------------------------------------------- a speaker


def _found_turns(
    uow: UnitOfWork, label: str, find: Callable[[str], list[tuple[int, int, str]]]
) -> dict[int, tuple[Document, list[tuple[int, int, str]]]]:
    """``{document id: (document, [(start, end, label as written)])}`` of the
    documents where ``find(text)`` finds turns (only documents whose text holds
    ``label``, ignoring letter case, are read)."""
    found = {}
    ids = queries.speakers.documents_mentioning(uow.session, uow.project_id, label)
    for document in _documents(uow, ids):
        spans = find(document.text)
        if spans:
            found[document.id] = (document, spans)
    return found


def _split_all(
    uow: UnitOfWork, found: dict[int, tuple[Document, list[tuple[int, int, str]]]]
) -> tuple[set[int], int]:
    """Split the turns ``found`` off; returns the documents changed and the turns added."""
    changed: set[int] = set()
    added = 0
    for document_id, (document, spans) in found.items():
        count = turn_splits.split_turns(uow.session, document, spans)
        if count:
            changed.add(document_id)
            added += count
    return changed, added


def accept_label(uow: UnitOfWork, label: str) -> LabelDecisionChange:
    """Say that ``label`` is a speaker, even where detection missed it.

    Records the decision
    (replacing a rejection) and splits a turn of the label off wherever a line
    starts with it (``Label:``, ``**Label**:``, ``[Label]``), then
    re-attributes the documents concerned (the new turns' label is unmapped
    until mapped). Writes one ``speaker.accept`` audit entry. Raises
    :class:`NotFoundError` when no line of the project's documents starts
    with the label and no turn has it, and :class:`ValidationError` for a
    label already accepted.
    """
    wanted = _clean(label)
    decisions = _decisions(uow)
    decision = _decision_for(decisions, wanted)
    if decision is not None and decision.is_speaker:
        raise ValidationError(f"{decision.label!r} is already accepted as a speaker.")
    if decision is not None:
        wanted = decision.label  # the rejection's spelling, as the documents write it
    accepted, rejected = _known(uow, decisions, but=wanted)
    found = _found_turns(
        uow,
        wanted,
        lambda text: turn_splits.label_turns(
            text, wanted, known=accepted | {wanted}, rejected=rejected
        ),
    )
    if not found and not queries.speakers.label_exists(uow.session, uow.project_id, wanted):
        raise NotFoundError(
            f"No line of this project's documents starts with the label {wanted!r} "
            f"(as {wanted + ':'!r}) with words after it."
        )
    _decide(uow, decision, wanted, True)
    changed, added = _split_all(uow, found)
    change = LabelDecisionChange(wanted, True, len(changed), added, 0, 0, 0)
    summary = f"Accepted {wanted!r} as a speaker: {added} turn(s) split off"
    return _finish(uow, "speaker.accept", summary, change, changed)


# ---------------------------------------------------------------- undo


def undo_label_decision(uow: UnitOfWork, label: str) -> LabelDecisionChange:
    """Delete the decision about ``label``: detection decides again.

    After a rejection, the turns detection finds for the label are split off
    again (its old mappings are not restored); after an acceptance, the turns
    only the acceptance made are merged into the turn before. Re-attributes
    the documents concerned and writes one ``speaker.undo_decision`` audit
    entry. Raises :class:`NotFoundError` when there is no decision about the
    label.
    """
    wanted = _clean(label)
    decisions = _decisions(uow)
    decision = _decision_for(decisions, wanted)
    if decision is None:
        listing = ", ".join(sorted(decisions)) or "none yet"
        raise NotFoundError(f"No decision about the label {wanted!r} (decisions: {listing}).")
    stored = decision.label
    accepted, rejected = _known(uow, decisions, but=stored)
    if decision.is_speaker:
        change, affected = _undo_acceptance(uow, stored, accepted, rejected)
    else:
        found = _found_turns(
            uow,
            stored,
            lambda text: turn_splits.label_turns(text, stored, known=accepted, rejected=rejected),
        )
        affected, added = _split_all(uow, found)
        change = LabelDecisionChange(stored, None, len(affected), added, 0, 0, 0)
    uow.session.delete(decision)
    was = "a speaker" if decision.is_speaker else "not a speaker"
    summary = f"Undid the decision that {stored!r} is {was}"
    return _finish(uow, "speaker.undo_decision", summary, change, affected)


def _undo_acceptance(
    uow: UnitOfWork, label: str, accepted: set[str], rejected: set[str]
) -> tuple[LabelDecisionChange, set[int]]:
    """Merge away the turns of ``label`` that detection finds only when the label
    is accepted (turns made by a file's reader or found anyway are kept)."""
    affected: set[int] = set()
    removed = 0
    turn_mappings: tuple[str, ...] = ()
    turns = _label_turn_ids(uow, label)
    for document in _documents(uow, sorted(turns)):
        with_it = turn_splits.label_turns(
            document.text, label, known=accepted | {label}, rejected=rejected
        )
        without = {
            start
            for start, _, _ in turn_splits.label_turns(
                document.text, label, known=accepted, rejected=rejected
            )
        }
        only_accepted = {start for start, _, _ in with_it} - without
        ids = {turn_id for turn_id, start in turns[document.id] if start in only_accepted}
        if not ids:
            continue
        merged = turn_splits.merge_turns(uow.session, uow.project_id, document, ids)
        if merged.turns:
            affected.add(document.id)
            removed += merged.turns
            turn_mappings += merged.mappings_removed
    change = LabelDecisionChange(
        label, None, len(affected), 0, removed, len(turn_mappings), 0, turn_mappings
    )
    return change, affected
