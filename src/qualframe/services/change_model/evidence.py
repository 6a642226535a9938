"""Evidence for the nodes and links of a change model.

A piece of evidence backs exactly one node or link of a model with exactly
one object of the project: a coding (the whole coded passage), a quote (a
passage ``[start, end)`` of a coding, kept inside the coding's span by the
rules cell quotes follow, :mod:`qualframe.formats.quoting`), a stored
framework-matrix cell or a memo; it supports or contradicts, with a note,
by the acting analyst. Each object backs a node or link once.

Objects a model cites cannot be deleted while it does (the references
module refuses, naming the model); merges and text revisions carry the
evidence along (:mod:`qualframe.services.core.references`).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.formats.quoting import CodedSpan, clamped_passage, quotable
from qualframe.services.change_model.finding import LinkRef, find_link, find_model, find_node
from qualframe.services.change_model.records import EvidenceInfo, SubjectKind
from qualframe.services.codebook.tree import CodeTree
from qualframe.services.core import audit
from qualframe.services.core.field_limits import check_field
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version
from qualframe.services.core.wording import one_line
from qualframe.services.matrix.quotes import checked_passage
from qualframe.storage import queries
from qualframe.storage.models import ChangeModel, ModelEvidence
from qualframe.storage.queries.evidence import EvidenceRow
from qualframe.storage.queries.people import PersonRow
from qualframe.vocabulary import EvidenceKind, RowKind, Stance

if TYPE_CHECKING:
    import pandas as pd

#: How many characters of a quote a label shows.
LABEL_CHARACTERS = 60


# ---------------------------------------------------------------- reading what was typed


def parse_stance(value: Stance | str) -> Stance:
    """``value`` as a :class:`Stance` ("supports" or "contradicts", any letter
    case); raises :class:`ValidationError` otherwise. Pure."""
    if isinstance(value, Stance):
        return value
    try:
        return Stance(str(value).strip().lower())
    except ValueError:
        raise ValidationError(
            f"A piece of evidence supports or contradicts; {value!r} is neither."
        ) from None


def _as_id(value: Any, what: str) -> int:
    """An id as a Python int (numpy integers too); raises :class:`ValidationError`."""
    if isinstance(value, bool):
        raise ValidationError(f"A {what} is named by its id, a whole number, not {value!r}.")
    try:
        return operator.index(value)
    except TypeError:
        raise ValidationError(
            f"A {what} is named by its id, a whole number, not {value!r}."
        ) from None


@dataclass(frozen=True)
class _Subject:
    """The node or link a piece of evidence backs, as stored and as named."""

    kind: SubjectKind
    node_id: int | None
    link_id: int | None
    label: str


def _subject(
    uow: UnitOfWork, model: ChangeModel, node: Ref | None, link: LinkRef | None
) -> _Subject:
    """The one node or link named; raises :class:`ValidationError` for none or both."""
    if (node is None) == (link is None):
        raise ValidationError("Name exactly one node or one link for the evidence.")
    if node is not None:
        found = find_node(uow, model, node)
        return _Subject("node", found.id, None, found.label)
    assert link is not None
    row = find_link(uow, model, link)
    ends = {n.id: n.label for n in queries.change_models.nodes_of(uow.session, model.id)}
    return _Subject("link", None, row.id, f"{ends[row.source_id]} → {ends[row.target_id]}")


@dataclass(frozen=True)
class _Cited:
    """The object a new piece cites: its columns, and how people name it."""

    coding_id: int | None = None
    start: int | None = None
    end: int | None = None
    cell_id: int | None = None
    memo_id: int | None = None
    what: str = ""


def _cited(
    uow: UnitOfWork,
    coding: int | None,
    passage: tuple[int, int] | None,
    cell: int | None,
    memo: int | None,
) -> _Cited:
    """The one coding (maybe a passage of it), cell or memo of this project named.

    Raises :class:`ValidationError` for none or several, a passage without a
    coding or outside it (or only white space), and :class:`NotFoundError`
    for an object not in this project."""
    if sum(value is not None for value in (coding, cell, memo)) != 1:
        raise ValidationError("Give exactly one coding (or passage of one), cell or memo.")
    session, project_id = uow.session, uow.project_id
    if coding is None and passage is not None:
        raise ValidationError("A passage is part of a coding: give the coding too.")
    if coding is not None:
        coding_id = _as_id(coding, "coding")
        row = queries.codings.coding_by_id(session, project_id, coding_id)
        if row is None:
            raise NotFoundError(f"There is no coding with id {coding_id} in this project.")
        if passage is None:
            return _Cited(coding_id=row.id, what=f"coding {row.id}")
        start, end = _passage(passage)
        span = checked_passage(CodedSpan(row.id, row.start, row.end, row.quote), start, end)
        if span is None:  # the whole coding, white space aside
            return _Cited(coding_id=row.id, what=f"coding {row.id}")
        return _Cited(
            coding_id=row.id,
            start=span[0],
            end=span[1],
            what=f"[{span[0]}, {span[1]}) of coding {row.id}",
        )
    if cell is not None:
        cell_id = _as_id(cell, "matrix cell")
        if queries.evidence.cell_by_id(session, project_id, cell_id) is None:
            raise NotFoundError(
                f"There is no stored matrix cell with id {cell_id} in this project "
                "(a cell is stored once it is charted)."
            )
        return _Cited(cell_id=cell_id, what=f"matrix cell {cell_id}")
    memo_id = _as_id(memo, "memo")
    if queries.evidence.memo_by_id(session, project_id, memo_id) is None:
        raise NotFoundError(f"There is no memo with id {memo_id} in this project.")
    return _Cited(memo_id=memo_id, what=f"memo {memo_id}")


def _passage(passage: object) -> tuple[int, int]:
    """``passage`` as ``(start, end)``; raises :class:`ValidationError` otherwise."""
    if not isinstance(passage, (tuple, list)) or len(passage) != 2:
        raise ValidationError(f"A passage is (start, end) of the coding's document: {passage!r}.")
    return _as_id(passage[0], "passage start"), _as_id(passage[1], "passage end")


# ---------------------------------------------------------------- records


def people_with_cases(uow: UnitOfWork) -> list[PersonRow]:
    """Every participant of the project with its case (read once per unit of work)."""
    return uow.cached(
        ("participants with cases", uow.project_id),
        lambda: queries.people.participants_with_cases(uow.session, uow.project_id),
    )


class EvidenceLabels:
    """What evidence records name, read once per call: the model's node and
    link labels, code paths, participants with their cases, case names."""

    def __init__(self, uow: UnitOfWork, model: ChangeModel) -> None:
        """Reads the model's nodes and links, the code tree and the people."""
        session = uow.session
        self.model = model.name
        self.nodes = {n.id: n.label for n in queries.change_models.nodes_of(session, model.id)}
        self.links = {
            link.id: f"{self.nodes[link.source_id]} → {self.nodes[link.target_id]}"
            for link in queries.change_models.links_of(session, model.id)
        }
        tree = CodeTree.load(uow)
        self.codes = {code_id: " > ".join(tree.path(code)) for code_id, code in tree.by_id.items()}
        self.people = {p.participant_id: (p.identifier, p.case) for p in people_with_cases(uow)}
        self.cases = queries.people.case_names(session, uow.project_id)

    def info(self, row: EvidenceRow) -> EvidenceInfo:
        """The record of one evidence row."""
        kind, text, label, participant, case = self._described(row)
        code_id = row.code_id if row.coding_id is not None else row.cell_code_id
        subject: SubjectKind = "node" if row.node_id is not None else "link"
        named = self.nodes[row.node_id] if row.node_id is not None else self.links[row.link_id or 0]
        return EvidenceInfo(
            id=row.id,
            guid=row.guid,
            version=row.version,
            model=self.model,
            subject_kind=subject,
            subject=named,
            node_id=row.node_id,
            link_id=row.link_id,
            kind=kind,
            stance=Stance(row.stance),
            coding_id=row.coding_id,
            start=row.start,
            end=row.end,
            cell_id=row.cell_id,
            memo_id=row.memo_id,
            label=label,
            text=text,
            code=self.codes.get(code_id) if code_id is not None else None,
            document=row.document,
            document_id=row.document_id,
            participant=participant,
            case=case,
            note=row.note,
            author=row.author,
            created_at=row.created_at,
        )

    def _described(self, row: EvidenceRow) -> tuple[EvidenceKind, str, str, str | None, str | None]:
        """Kind, text, label, participant and case of one piece."""
        if row.coding_id is not None:
            participant, case = self.people.get(row.participant_id or -1, (None, None))
            text, kind = passage_text(row)
            who = participant or row.speaker or row.document or ""
            code = self.codes.get(row.code_id or -1, "")
            label = f"{who}, {code}: '{one_line(text, LABEL_CHARACTERS)}'"
            return kind, text, label, participant, case
        if row.cell_id is not None:
            participant, case = None, None
            if row.cell_row_kind == RowKind.PARTICIPANT:
                participant, case = self.people.get(row.cell_participant_id or -1, (None, None))
                place = participant or ""
            elif row.cell_row_kind == RowKind.CASE:
                case = self.cases.get(row.cell_case_id or -1)
                place = case or ""
            else:
                place = (row.cell_group_key or "").replace("|", ", ")
            code = self.codes.get(row.cell_code_id or -1, "")
            return EvidenceKind.CELL, row.cell_summary or "", f"{place} × {code}", participant, case
        title = row.memo_title or ""
        return EvidenceKind.MEMO, title, title, None, None


def passage_text(row: EvidenceRow) -> tuple[str, EvidenceKind]:
    """The text a coding or quote evidence row shows (without a speaker label in
    front of a whole coding), and whether it is a coding or a quote (a passage
    is shown kept inside the coding as read)."""
    quote = row.quote or ""
    if row.start is not None and row.end is not None:
        span = CodedSpan(row.coding_id or 0, row.coding_start or 0, row.coding_end or 0, quote)
        kept = clamped_passage(span, row.start, row.end)
        if kept is not None:
            return span.piece(*kept), EvidenceKind.QUOTE
    kind = EvidenceKind.QUOTE if row.start is not None else EvidenceKind.CODING
    return quotable(quote, row.speaker), kind


def _one(uow: UnitOfWork, model: ChangeModel, evidence_id: int) -> EvidenceInfo:
    """The record of the stored piece ``evidence_id`` of ``model``."""
    rows = queries.evidence.evidence_rows(uow.session, model.id, evidence_ids=[evidence_id])
    return EvidenceLabels(uow, model).info(rows[0])


def _found(uow: UnitOfWork, evidence: int) -> tuple[ModelEvidence, ChangeModel]:
    """The project's piece ``evidence`` and its model; raises :class:`NotFoundError`."""
    evidence_id = _as_id(evidence, "piece of evidence")
    row = queries.evidence.evidence_by_id(uow.session, uow.project_id, evidence_id)
    if row is None:
        raise NotFoundError(f"There is no piece of evidence with id {evidence_id} in this project.")
    model = find_model(uow, row.model_id)
    return row, model


# ---------------------------------------------------------------- use cases


def add_evidence(
    uow: UnitOfWork,
    *,
    node: Ref | None = None,
    link: LinkRef | None = None,
    coding: int | None = None,
    passage: tuple[int, int] | None = None,
    cell: int | None = None,
    memo: int | None = None,
    stance: Stance | str = Stance.SUPPORTS,
    note: str = "",
    model: Ref | None = None,
) -> EvidenceInfo:
    """Attach a coding (or a ``passage`` of it), a cell or a memo to a node or link.

    Name exactly one ``node`` (id or label) or ``link`` (id or ``(source,
    target)``) of ``model`` (None: the project's only model), and exactly one
    ``coding`` (id; ``passage=(start, end)``, code points of its document
    inside the coding's span, quotes only that passage: white space around it
    is left out, and a passage covering the whole coding cites the whole
    coding), ``cell`` (a stored matrix cell's id) or ``memo`` (id) of this
    project. ``stance``: "supports" (default) or "contradicts"; ``note``: why.
    The acting analyst is the author. Returns the stored piece (version 1).

    Raises :class:`ValidationError` for none or several subjects or objects,
    a passage outside its coding (or only white space), an unknown stance or
    a note over the field limit; :class:`NotFoundError` for an unknown model,
    node, link or object; :class:`ConflictError` when the object already backs
    that node or link. Audited as ``model_evidence.add``; nothing is written
    on an error.
    """
    found = find_model(uow, model)
    subject = _subject(uow, found, node, link)
    cited = _cited(uow, coding, passage, cell, memo)
    chosen = parse_stance(stance)
    check_field(note, "evidence note")
    _refuse_repeat(uow, found, subject, cited)
    row = _stored(uow, found, subject, cited, chosen, note)
    info = _one(uow, found, row.id)
    audit.record(
        uow,
        "model_evidence.add",
        "model_evidence",
        row.id,
        f"Added {info.label} as evidence ({chosen.value}) for the {subject.kind} "
        f"{subject.label!r} of {found.name!r}",
        {**_details(info), "model": found.name},
    )
    return info


def _refuse_repeat(uow: UnitOfWork, model: ChangeModel, subject: _Subject, cited: _Cited) -> None:
    """Raise :class:`ConflictError` when ``cited`` already backs ``subject`` (the
    same coding and passage, cell or memo, whatever its stance). Reads only."""
    repeat = queries.evidence.repeated(
        uow.session,
        node_id=subject.node_id,
        link_id=subject.link_id,
        coding_id=cited.coding_id,
        start=cited.start,
        end=cited.end,
        cell_id=cited.cell_id,
        memo_id=cited.memo_id,
    )
    if repeat is not None:
        raise ConflictError(
            f"{cited.what.capitalize()} already backs the {subject.kind} {subject.label!r} "
            f"in the change model {model.name!r} (evidence {repeat.id}, {repeat.stance.value}); "
            "edit that piece instead."
        )


def _stored(
    uow: UnitOfWork,
    model: ChangeModel,
    subject: _Subject,
    cited: _Cited,
    stance: Stance,
    note: str,
) -> ModelEvidence:
    """A new piece of ``model``'s evidence, written (flushed, version 1; not
    audited here), by the acting analyst."""
    row = ModelEvidence(
        model_id=model.id,
        project_id=uow.project_id,
        node_id=subject.node_id,
        link_id=subject.link_id,
        coding_id=cited.coding_id,
        start=cited.start,
        end=cited.end,
        cell_id=cited.cell_id,
        memo_id=cited.memo_id,
        stance=stance,
        note=note,
        author=uow.actor.name,
    )
    uow.session.add(row)
    uow.session.flush()
    return row


def _details(info: EvidenceInfo) -> dict[str, Any]:
    """What the audit log keeps of a piece of evidence."""
    return {
        "subject_kind": info.subject_kind,
        "subject": info.subject,
        "kind": info.kind.value,
        "stance": info.stance.value,
        "coding_id": info.coding_id,
        "start": info.start,
        "end": info.end,
        "cell_id": info.cell_id,
        "memo_id": info.memo_id,
        "label": info.label,
        "note": info.note,
    }


def edit_evidence(
    uow: UnitOfWork,
    evidence: int,
    *,
    stance: Stance | str | None = None,
    note: str | None = None,
    if_version: int | None = None,
) -> EvidenceInfo:
    """Change a piece of evidence's stance or note (audited).

    ``evidence`` is its id; None leaves a field as it is. ``if_version``: the
    version you read (a different stored one raises
    :class:`~qualframe.errors.StaleVersionError`). Returns the piece with its
    new version (the same when nothing changed). Raises
    :class:`NotFoundError` for an unknown piece and :class:`ValidationError`
    for an unknown stance or a note over the field limit. Audited as
    ``model_evidence.edit``; nothing is written on an error.
    """
    row, model = _found(uow, evidence)
    check_version(row, if_version, f"evidence {row.id}")
    chosen = parse_stance(stance) if stance is not None else Stance(row.stance)
    if note is not None:
        check_field(note, "evidence note")
    before = {"stance": Stance(row.stance).value, "note": row.note}
    after = {"stance": chosen.value, "note": row.note if note is None else note}
    changed = [name for name in before if before[name] != after[name]]
    if not changed:
        return _one(uow, model, row.id)
    row.stance, row.note = chosen, after["note"]
    uow.session.flush()
    info = _one(uow, model, row.id)
    audit.record(
        uow,
        "model_evidence.edit",
        "model_evidence",
        row.id,
        f"Changed the {', '.join(changed)} of evidence {info.label} for the "
        f"{info.subject_kind} {info.subject!r} of {model.name!r}",
        {
            "model": model.name,
            "before": {name: before[name] for name in changed},
            "after": {name: after[name] for name in changed},
        },
    )
    return info


def remove_evidence(
    uow: UnitOfWork, evidence: int, *, if_version: int | None = None
) -> EvidenceInfo:
    """Remove a piece of evidence (audited); the coding, cell or memo stays.

    Returns what it was. ``if_version``: the version you read (a different
    stored one raises :class:`~qualframe.errors.StaleVersionError` and
    nothing is removed). Raises :class:`NotFoundError` for an unknown piece.
    Audited as ``model_evidence.remove``.
    """
    row, model = _found(uow, evidence)
    check_version(row, if_version, f"evidence {row.id}")
    info = _one(uow, model, row.id)
    uow.session.delete(row)
    uow.session.flush()
    audit.record(
        uow,
        "model_evidence.remove",
        "model_evidence",
        info.id,
        f"Removed evidence {info.label} from the {info.subject_kind} {info.subject!r} "
        f"of {model.name!r}",
        {**_details(info), "model": model.name},
    )
    return info


def list_evidence(
    uow: UnitOfWork,
    *,
    node: Ref | None = None,
    link: LinkRef | None = None,
    model: Ref | None = None,
) -> list[EvidenceInfo]:
    """The evidence of a node, a link, or the whole model (neither named), oldest first.

    Raises :class:`NotFoundError` for an unknown model, node or link and
    :class:`ValidationError` when both a node and a link are named. Reads only.
    """
    found = find_model(uow, model)
    node_id = link_id = None
    if node is not None or link is not None:
        subject = _subject(uow, found, node, link)
        node_id, link_id = subject.node_id, subject.link_id
    rows = queries.evidence.evidence_rows(uow.session, found.id, node_id=node_id, link_id=link_id)
    labels = EvidenceLabels(uow, found)
    return [labels.info(row) for row in rows]


#: The columns of :func:`frame_of_evidence`: the fields of :class:`EvidenceInfo`.
EVIDENCE_COLUMNS = tuple(field.name for field in fields(EvidenceInfo))


def frame_of_evidence(pieces: list[EvidenceInfo]) -> pd.DataFrame:
    """Evidence as a DataFrame, one row per piece, the columns of
    :class:`EvidenceInfo` (stance and kind as text). Pure."""
    import pandas as pd

    rows = [
        {
            name: (value.value if isinstance(value, (Stance, EvidenceKind)) else value)
            for name, value in ((name, getattr(piece, name)) for name in EVIDENCE_COLUMNS)
        }
        for piece in pieces
    ]
    return pd.DataFrame(rows, columns=list(EVIDENCE_COLUMNS))
