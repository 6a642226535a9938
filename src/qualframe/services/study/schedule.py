"""The interview schedule: questions in order, structured (with a response scale) or open.

A question has an identifier unique in the project (``Q1``), its text, a
kind, and for a structured question a scale (categorical or ordinal) with
its levels (ordinal: lowest first). ``heading`` is the text that marks the
question's section in transcripts. Positions run 1, 2, 3... without gaps.

Every use case takes the :class:`~qualframe.services.core.unit_of_work.UnitOfWork`
first, runs in its transaction, records each change in the audit log and
raises a :class:`~qualframe.errors.UserError` (nothing written) for bad input.
Questions are accepted by identifier (letter case ignored), by exact text,
or by id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from qualframe.errors import (
    InputFileError,
    NotFoundError,
    UserError,
    ValidationError,
)
from qualframe.formats.tables import CellValue, TableRow
from qualframe.services.core import audit
from qualframe.services.core.field_limits import check_fields
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.study.attribute_values import as_text, is_empty
from qualframe.services.study.attributes import (
    check_distinct,
    clean_levels,
    clean_name,
    counted,
    delete_recorded,
    matching,
    natural_key,
    parse_enum,
    unused_name,
)
from qualframe.services.study.tables import TableSource, problems_error, read_source
from qualframe.storage import queries
from qualframe.storage.models import Question
from qualframe.vocabulary import QuestionKind, ScaleType

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MAX_IDENTIFIER_LENGTH = 50
#: Column names of a schedule file (letter case ignored), by field.
SCHEDULE_COLUMNS = {
    "identifier": ("identifier", "id", "question id", "question_id", "number", "no"),
    "text": ("question", "text", "question text", "question_text"),
    "kind": ("kind", "type"),
    "scale": ("scale", "scale type", "scale_type"),
    "levels": ("levels", "values", "responses", "response options", "options"),
    "heading": ("heading", "section", "section heading"),
}
_KIND_WORDS = {
    "structured": QuestionKind.STRUCTURED,
    "closed": QuestionKind.STRUCTURED,
    "open": QuestionKind.OPEN,
    "open-ended": QuestionKind.OPEN,
    "open ended": QuestionKind.OPEN,
}


@dataclass(frozen=True)
class QuestionRecord:
    """A question of the schedule; ``position`` is 1-based, ``answers`` counts the
    recorded answers (including 'not asked')."""

    id: int
    identifier: str
    position: int
    text: str
    kind: QuestionKind
    scale: ScaleType | None
    levels: tuple[str, ...]
    heading: str
    answers: int


@dataclass(frozen=True)
class ScheduleImport:
    """What importing a schedule file did (or, from its preview, ``dry_run``, would do)."""

    source: str
    created: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: int
    dry_run: bool = False

    def summary(self) -> str:
        """One sentence for people."""
        verb = "Would import" if self.dry_run else "Imported"
        total = len(self.created) + len(self.updated) + self.unchanged
        return (
            f"{verb} {counted(total, 'question')} from {Path(self.source).name} "
            f"({len(self.created)} new, {len(self.updated)} changed, {self.unchanged} unchanged)"
        )


@dataclass(frozen=True)
class QuestionSpec:
    """A checked question definition (before it is stored)."""

    identifier: str
    text: str
    kind: QuestionKind
    scale: ScaleType | None
    levels: tuple[str, ...]
    heading: str


def check_question(
    identifier: str,
    text: str,
    kind: QuestionKind | str | None = None,
    scale: ScaleType | str | None = None,
    levels: Sequence[str] = (),
    heading: str = "",
) -> QuestionSpec:
    """Check and clean a question definition.

    ``kind`` defaults to structured when levels are given, else open;
    ``scale`` defaults to categorical for a structured question. Raises
    :class:`ValidationError` for an empty identifier or text, an open
    question with a scale or levels, a structured one without levels, or a
    repeated level.
    """
    identifier = clean_name("question identifier", identifier)
    if len(identifier) > MAX_IDENTIFIER_LENGTH:
        raise ValidationError(
            f"The question identifier {identifier[:20]!r}... is longer than "
            f"{MAX_IDENTIFIER_LENGTH} characters; use a short one such as 'Q1'."
        )
    check_fields({"text": str(text or ""), "heading": heading}, f"of the question {identifier!r}")
    text = " ".join(str(text or "").split())
    if not text:
        raise ValidationError(f"The question {identifier!r} needs its text.")
    cleaned = clean_levels(levels)
    if kind is None or (isinstance(kind, str) and not kind.strip()):
        checked_kind = QuestionKind.STRUCTURED if cleaned else QuestionKind.OPEN
    else:
        checked_kind = _kind(kind)
    checked_scale = None if scale in (None, "") else parse_enum(ScaleType, scale, "answer scale")
    if checked_kind is QuestionKind.OPEN:
        if cleaned or checked_scale is not None:
            raise ValidationError(
                f"The open question {identifier!r} cannot have a response scale; "
                "make it structured or remove the scale and levels."
            )
        return QuestionSpec(identifier, text, checked_kind, None, (), heading.strip())
    if not cleaned:
        raise ValidationError(
            f"The structured question {identifier!r} needs its response levels "
            "(e.g. 'Agree; Neutral; Disagree')."
        )
    check_distinct(cleaned, f"The question {identifier!r}", "level")
    return QuestionSpec(
        identifier,
        text,
        checked_kind,
        checked_scale or ScaleType.CATEGORICAL,
        tuple(cleaned),
        heading.strip(),
    )


def _kind(value: QuestionKind | str) -> QuestionKind:
    word = " ".join(str(value).strip().casefold().split())
    if word in _KIND_WORDS:
        return _KIND_WORDS[word]
    raise ValidationError(f"{value!r} is not a question kind (use structured or open).")


def split_levels(cell: CellValue) -> list[str]:
    """The levels written in one cell, separated by ``|`` or else by ``;``."""
    text = as_text(cell)
    separator = "|" if "|" in text else ";"
    return [part.strip() for part in text.split(separator) if part.strip()]


# ---------------------------------------------------------------- lookups, records


def find_question(uow: UnitOfWork, ref: Ref) -> Question:
    """The question with identifier (letter case ignored), exact text or id ``ref``."""
    questions = queries.schedule.questions(uow.session, uow.project_id)
    found: list[Question] = matching(ref, questions, "identifier", "text")
    if len(found) == 1:
        return found[0]
    listing = ", ".join(q.identifier for q in questions) or "none yet"
    raise NotFoundError(f"No question {ref!r} in the interview schedule (questions: {listing}).")


def _record(session: Session, question: Question) -> QuestionRecord:
    return QuestionRecord(
        id=question.id,
        identifier=question.identifier,
        position=question.position,
        text=question.text,
        kind=question.kind,
        scale=question.scale,
        levels=tuple(question.levels or ()),
        heading=question.heading,
        answers=queries.schedule.answer_count(session, question.id),
    )


def list_questions(uow: UnitOfWork) -> list[QuestionRecord]:
    """The interview schedule, in order, each question with its count of answers."""
    return [
        _record(uow.session, q) for q in queries.schedule.questions(uow.session, uow.project_id)
    ]


def _renumber(questions: Sequence[Question]) -> None:
    for position, question in enumerate(questions, start=1):
        question.position = position


def _check_identifier_free(uow: UnitOfWork, identifier: str, own_id: int | None = None) -> None:
    unused_name(
        "question identifier",
        identifier,
        queries.schedule.questions(uow.session, uow.project_id),
        "identifier",
        lambda other: f"The schedule has a question {other.identifier!r} already.",
        own_id,
    )


# ---------------------------------------------------------------- changes


def add_question(
    uow: UnitOfWork,
    identifier: str,
    text: str,
    kind: QuestionKind | str | None = None,
    scale: ScaleType | str | None = None,
    levels: Sequence[str] = (),
    heading: str = "",
    position: int | None = None,
) -> QuestionRecord:
    """Add a question at ``position`` (1-based; default: at the end); the questions
    after it move down.

    ``kind`` is structured (answers are one of ``levels``, on a categorical
    or ordinal ``scale``, ordinal levels lowest first) or open (answers are
    in the transcripts); by default structured when ``levels`` are given,
    else open. ``heading`` is the text marking its section in transcripts.
    Writes the question and an audit entry. Raises :class:`ValidationError`
    for a bad definition (see :func:`check_question`) or position and
    :class:`ConflictError` for a taken identifier.
    """
    spec = check_question(identifier, text, kind, scale, levels, heading)
    _check_identifier_free(uow, spec.identifier)
    questions = list(queries.schedule.questions(uow.session, uow.project_id))
    question = _new_question(uow, spec)
    uow.session.add(question)
    index = len(questions) if position is None else _index(position, len(questions) + 1)
    questions.insert(index, question)
    _renumber(questions)
    uow.session.flush()
    audit.record(
        uow,
        "question.create",
        "question",
        question.id,
        f"Added {spec.kind.value} question {spec.identifier!r} at position {question.position}",
        {"text": spec.text, "levels": list(spec.levels)},
    )
    return _record(uow.session, question)


def _new_question(uow: UnitOfWork, spec: QuestionSpec) -> Question:
    return Question(
        project_id=uow.project_id,
        identifier=spec.identifier,
        position=0,
        text=spec.text,
        kind=spec.kind,
        scale=spec.scale,
        levels=list(spec.levels),
        heading=spec.heading,
    )


def _index(position: int, size: int) -> int:
    """0-based index of 1-based ``position`` among ``size`` places."""
    if not 1 <= position <= size:
        raise ValidationError(f"Position {position} is outside the schedule (1 to {size}).")
    return position - 1


def edit_question(
    uow: UnitOfWork,
    question: Ref,
    *,
    identifier: str | None = None,
    text: str | None = None,
    kind: QuestionKind | str | None = None,
    scale: ScaleType | str | None = None,
    levels: Sequence[str] | None = None,
    heading: str | None = None,
) -> QuestionRecord:
    """Change a question's identifier, text, kind, scale, levels or heading.

    Raises :class:`ValidationError` when answers would lose their level
    (removed from ``levels``, or the question made open) and
    :class:`ConflictError` for a taken identifier.
    """
    found = find_question(uow, question)
    new_kind = _kind(kind) if kind is not None else found.kind
    structured = new_kind is QuestionKind.STRUCTURED
    if levels is None:
        levels = found.levels if structured else ()
    spec = check_question(
        identifier if identifier is not None else found.identifier,
        text if text is not None else found.text,
        new_kind,
        scale if scale is not None else (found.scale if structured else None),
        levels,
        heading if heading is not None else found.heading,
    )
    _check_identifier_free(uow, spec.identifier, found.id)
    _check_answers_fit(uow.session, found, spec)
    changed = _apply_spec(uow.session, found, spec)
    if changed:
        uow.session.flush()
        audit.record(
            uow,
            "question.edit",
            "question",
            found.id,
            f"Edited question {found.identifier!r}: changed {', '.join(changed)}",
            {"levels": list(spec.levels)},
        )
    return _record(uow.session, found)


def _check_answers_fit(session: Session, question: Question, spec: QuestionSpec) -> None:
    if spec.kind is QuestionKind.OPEN and queries.schedule.answer_count(session, question.id):
        raise ValidationError(
            f"The question {question.identifier!r} has recorded answers; it cannot become "
            "open (delete its answers first)."
        )
    used = queries.schedule.answer_values(session, question.id)
    kept = {level.casefold() for level in spec.levels}
    lost = sorted(value for value in used if value.casefold() not in kept)
    if lost:
        raise ValidationError(
            f"The question {question.identifier!r} has answers {', '.join(map(repr, lost))}; "
            "keep those levels (or change the answers first)."
        )


def _apply_spec(session: Session, question: Question, spec: QuestionSpec) -> list[str]:
    """Copy ``spec`` onto ``question``; returns the names of the fields that changed.
    Stored answers follow a level whose letter case changes."""
    changed = []
    for field in ("identifier", "text", "kind", "scale", "heading"):
        if getattr(question, field) != getattr(spec, field):
            setattr(question, field, getattr(spec, field))
            changed.append(field)
    if list(question.levels or ()) != list(spec.levels):
        question.levels = list(spec.levels)
        changed.append("levels")
        spelling = {level.casefold(): level for level in spec.levels}
        for answer in queries.schedule.answers_of_question(session, question.id):
            if answer.value is not None:
                answer.value = spelling.get(answer.value.casefold(), answer.value)
    return changed


def move_question(uow: UnitOfWork, question: Ref, position: int) -> QuestionRecord:
    """Move a question to ``position`` (1-based); the others close up around it.
    Raises :class:`ValidationError` for a position outside the schedule."""
    found = find_question(uow, question)
    questions = [
        q for q in queries.schedule.questions(uow.session, uow.project_id) if q.id != found.id
    ]
    old = found.position
    questions.insert(_index(position, len(questions) + 1), found)
    _renumber(questions)
    if found.position != old:
        uow.session.flush()
        audit.record(
            uow,
            "question.move",
            "question",
            found.id,
            f"Moved question {found.identifier!r} from position {old} to {found.position}",
        )
    return _record(uow.session, found)


def delete_question(uow: UnitOfWork, question: Ref) -> int:
    """Delete a question with its answers (and an audit entry); returns how many
    answers were deleted. The questions after it move up."""
    found = find_question(uow, question)
    answers = queries.schedule.answers_of_question(uow.session, found.id)
    summary = f"Deleted question {found.identifier!r} and its {counted(len(answers), 'answer')}"
    delete_recorded(uow, "question", found, answers, summary)
    _renumber(queries.schedule.questions(uow.session, uow.project_id))
    return len(answers)


# ---------------------------------------------------------------- import


def import_schedule(
    uow: UnitOfWork,
    path: TableSource,
    *,
    sheet: str | None = None,
) -> ScheduleImport:
    """Import the interview schedule from a CSV or XLSX file (a path or an upload;
    ``sheet``: a workbook's worksheet, default the first).

    Columns (letter case ignored): ``identifier`` and ``question`` (required),
    ``kind`` (structured/open), ``scale`` (categorical/ordinal), ``levels``
    (separated by ``;`` or ``|``) and ``heading``. Questions already in the
    schedule (same identifier) are updated. Afterwards the file's questions
    come first, in the file's order, followed by any other questions.

    Writes the questions and one audit entry. Raises :class:`InputFileError`
    listing every problem (file and lines), writing nothing. Its preview
    (``StudyAPI.preview_import_schedule``) runs it and rolls it back.
    """
    table = read_source(path, sheet=sheet)
    columns = _schedule_columns(table.source, table.columns)
    specs = _read_specs(uow, table.source, table.rows, columns)
    existing = {
        q.identifier.casefold(): q for q in queries.schedule.questions(uow.session, uow.project_id)
    }
    created = tuple(s.identifier for s in specs if s.identifier.casefold() not in existing)
    updated: list[str] = []
    unchanged = 0
    for spec in specs:
        old = existing.get(spec.identifier.casefold())
        if old is not None:
            same = _same(old, spec)
            unchanged += same
            if not same:
                updated.append(spec.identifier)
    result = ScheduleImport(table.source, created, tuple(updated), unchanged)
    _write_schedule(uow, specs, existing)
    audit.record(
        uow,
        "schedule.import",
        "project",
        uow.project_id,
        result.summary(),
        {"file": Path(table.source).name, "created": list(created), "updated": updated},
    )
    return result


def schedule_preview(result: ScheduleImport) -> ScheduleImport:
    """The import as a preview: what it would do (``dry_run``, summed up as
    "Would import ...")."""
    return replace(result, dry_run=True)


def _same(question: Question, spec: QuestionSpec) -> bool:
    return (
        question.identifier == spec.identifier
        and question.text == spec.text
        and question.kind is spec.kind
        and question.scale == spec.scale
        and tuple(question.levels or ()) == spec.levels
        and question.heading == spec.heading
    )


def _schedule_columns(source: str, header: Sequence[str]) -> dict[str, str]:
    """Field name -> file column; raises :class:`InputFileError` without identifier/question."""
    found: dict[str, str] = {}
    for field, aliases in SCHEDULE_COLUMNS.items():
        match = next((c for c in header if " ".join(c.casefold().split()) in aliases), None)
        if match is not None:
            found[field] = match
    missing = [SCHEDULE_COLUMNS[f][0] for f in ("identifier", "text") if f not in found]
    if missing:
        raise InputFileError(
            source,
            f"a schedule file needs the column{'s' if len(missing) > 1 else ''} "
            f"{' and '.join(map(repr, missing))}; its columns are "
            f"{', '.join(map(repr, header))}",
        )
    return found


def _read_specs(
    uow: UnitOfWork,
    source: str,
    rows: Sequence[TableRow],
    columns: dict[str, str],
) -> list[QuestionSpec]:
    """Checked rows; raises one :class:`InputFileError` listing every problem."""
    existing = {
        q.identifier.casefold(): q for q in queries.schedule.questions(uow.session, uow.project_id)
    }
    problems: list[str] = []
    specs: list[QuestionSpec] = []
    first_line: dict[str, int] = {}

    def cell(row: TableRow, field: str) -> CellValue:
        return row.values[columns[field]] if field in columns else None

    for row in rows:
        identifier = as_text(cell(row, "identifier"))
        earlier = first_line.setdefault(identifier.casefold(), row.line)
        try:
            if identifier and earlier != row.line:
                raise ValidationError(
                    f"the question {identifier!r} appears twice, on lines {earlier} and {row.line}"
                )
            spec = check_question(
                identifier,
                as_text(cell(row, "text")),
                as_text(cell(row, "kind")) or None,
                as_text(cell(row, "scale")) or None,
                split_levels(cell(row, "levels")),
                "" if is_empty(cell(row, "heading")) else as_text(cell(row, "heading")),
            )
            old = existing.get(spec.identifier.casefold())
            if old is not None:
                _check_answers_fit(uow.session, old, spec)
            specs.append(spec)
        except UserError as error:
            problems.append(f"line {row.line}: {error}")
    if problems:
        raise problems_error(source, problems)
    return specs


def _write_schedule(
    uow: UnitOfWork,
    specs: Sequence[QuestionSpec],
    existing: dict[str, Question],
) -> None:
    ordered: list[Question] = []
    for spec in specs:
        question = existing.get(spec.identifier.casefold())
        if question is None:
            question = _new_question(uow, spec)
            uow.session.add(question)
        else:
            _apply_spec(uow.session, question, spec)
        ordered.append(question)
    in_file = {spec.identifier.casefold() for spec in specs}
    others = sorted(
        (q for key, q in existing.items() if key not in in_file),
        key=lambda q: (q.position, natural_key(q.identifier)),
    )
    _renumber(ordered + others)
    uow.session.flush()
