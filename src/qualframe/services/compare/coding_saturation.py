"""Saturation: how many new codes each interview brought, in interview order.

Documents are taken in the order ``order_by`` says:

- ``"position"`` (default): by :attr:`Document.position` (interview order);
  documents without a position follow, in import order;
- ``"imported"``: in import order;
- the name of a document attribute of type date, number or ordinal (e.g.
  "interview date"): by its value; documents without one follow, in
  import order.

Documents placed after the others for want of a key are listed in
``unplaced``.

Only documents whose coding has started are steps: a document nobody has
coded yet (no codings in the scope, and not marked "coding done") brought no
new codes only because nobody looked, and would flatten the curve falsely;
it is left out and listed in ``not_coded``. A coded document not marked
"coding done" (see :mod:`qualframe.services.documents.coding_progress`) is a
step, flagged (``coding_done`` False, listed in ``in_progress``): it may
still bring new codes. A document marked done without codings is a step
with none (nothing in it was worth coding).

With ``by`` (a case or participant attribute) each group gets its own
curve: a document belongs to the group of the participant(s) it is
linked to (or, failing links, who speak in its codings); a document whose
participants are in several groups goes to :data:`SEVERAL_GROUPS`, one
with none to ``(no value)``. Counting is
:func:`qualframe.analysis.saturation.saturation`'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Unpack

from qualframe.analysis.saturation import SaturationCurve, saturation
from qualframe.errors import ValidationError
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeTree
from qualframe.services.compare.grouping import NO_VALUE, ParticipantGroups, participant_groups
from qualframe.services.core.scope import Scope, ScopeFilters
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.documents.coding_progress import CodingProgress, coding_progress
from qualframe.services.study.attributes import find_attribute
from qualframe.storage import queries
from qualframe.storage.queries.documents import DocumentOrderRow
from qualframe.vocabulary import AttributeLevel, AttributeType

if TYPE_CHECKING:
    import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: The group of a document whose participants are in different groups.
SEVERAL_GROUPS = "(several groups)"
ORDER_CHOICES = ("position", "imported")
#: Types of a document attribute that can order interviews.
KEY_TYPES = (AttributeType.DATE, AttributeType.NUMBER, AttributeType.ORDINAL)


@dataclass(frozen=True, slots=True, kw_only=True)
class SaturationStep:
    """One document of a saturation curve: the codes it brought.

    ``group``: the curve's group (None without ``by``); ``step``: 1-based
    within the group; ``codes``: distinct codes in this document; ``new``:
    codes seen here for the first time (``new_codes``, their paths);
    ``already_seen``: ``codes - new``; cumulative counts so far;
    ``coding_done``: whether the document is marked "coding done" (False: it
    may still bring new codes); ``coverage``: the share of its text under at
    least one coding, any coder (0 to 1, counted in code points).
    """

    group: str | None
    step: int
    document: str
    codings: int
    codes: int
    new: int
    already_seen: int
    new_codes: list[str]
    cumulative_codes: int
    cumulative_codings: int
    coding_done: bool
    coverage: float


@dataclass(frozen=True, slots=True, kw_only=True)
class CurveSummary:
    """One curve in numbers: its steps, distinct codes, the last step that
    brought a new code (0 when none did) and the steps since; ``not_done``:
    its steps not marked "coding done", ``not_done_since_new``: those among
    the steps since the last new code (a run without new codes means less
    while they are not done)."""

    group: str | None
    steps: int
    codes: int
    last_new_step: int
    steps_since_new: int
    not_done: int
    not_done_since_new: int


@dataclass(frozen=True)
class Saturation:
    """A saturation curve with how the documents were ordered and grouped.

    ``curve``: the steps (see
    :class:`~qualframe.analysis.saturation.SaturationCurve`); ``order_by``:
    ``"position"``, ``"imported"`` or the attribute used; ``by``: the
    grouping attribute, if any; ``documents``: the documents of the curve in
    order; ``unplaced``: those without a sort key, placed last in import
    order; ``not_coded``: documents left out because nobody has coded them
    yet (in the same order); ``in_progress``: documents of the curve coded
    but not marked "coding done".
    """

    curve: SaturationCurve
    order_by: str
    by: str | None
    documents: tuple[str, ...]
    unplaced: tuple[str, ...] = ()
    not_coded: tuple[str, ...] = ()
    in_progress: tuple[str, ...] = ()

    @property
    def steps(self) -> pd.DataFrame:
        """One row per document (per group first): new codes, cumulative codes..."""
        return self.curve.steps

    def summary(self) -> pd.DataFrame:
        """Per group: steps, codes, the last step with a new code, steps since,
        and the steps (all; since the last new code) not marked "coding done"."""
        summary = self.curve.summary()
        not_done, since = [], []
        for group, last in zip(summary["group"], summary["last_new_step"], strict=True):
            steps = self.curve.curve(group)
            open_steps = steps[~steps["coding_done"].astype(bool)]
            not_done.append(len(open_steps))
            since.append(int((open_steps["step"] > last).sum()))
        summary["not_done"] = not_done
        summary["not_done_since_new"] = since
        return summary

    def to_frame(self) -> pd.DataFrame:
        """The steps, with the new codes' paths joined by "; " (flat, for files)."""
        frame = self.curve.steps.copy()
        frame["new_codes"] = ["; ".join(codes) for codes in frame["new_codes"]]
        return frame

    def step_rows(self) -> list[SaturationStep]:
        """The steps as rows (per group first), in order."""
        return [
            SaturationStep(**_row(record, SaturationStep))
            for record in self.curve.steps.to_dict("records")
        ]

    def summary_rows(self) -> list[CurveSummary]:
        """:meth:`summary` as rows, one per group."""
        return [
            CurveSummary(**_row(record, CurveSummary))
            for record in self.summary().to_dict("records")
        ]

    def chart(self, *, title: str | None = None) -> Figure:
        """The cumulative curve (a matplotlib Figure; save it with ``save_figure``)."""
        from qualframe.analysis.charts import saturation_chart

        return saturation_chart(self.curve, title=title)


def _row(record: Mapping[Any, Any], kind: type) -> dict[str, Any]:
    """The fields of ``kind`` from a frame's record: numbers as ints, the group as
    text (None without one), the new codes as a list of paths."""
    found: dict[str, Any] = {}
    for field in fields(kind):
        value: Any = record.get(field.name)
        if field.name == "group":
            found["group"] = None if value is None else str(value)
        elif field.name == "new_codes":
            found["new_codes"] = [str(code) for code in value or ()]
        elif field.name == "document":
            found["document"] = str(value)
        elif field.name == "coding_done":
            found["coding_done"] = bool(value)
        elif field.name == "coverage":
            found["coverage"] = float(value)
        else:
            found[field.name] = int(value)
    return found


def coding_saturation(
    uow: UnitOfWork,
    *,
    order_by: str = "position",
    by: str | int | None = None,
    scope: Scope | None = None,
    **filters: Unpack[ScopeFilters],
) -> Saturation:
    """New codes per document in interview order: is the coding saturating?

    ``order_by``: ``"position"`` (interview order; documents without one
    last), ``"imported"`` or a document attribute of type date, number or
    ordinal (documents without a value last, listed in ``unplaced``). With
    ``by`` (a case or participant attribute) each group gets its own curve
    (see :mod:`qualframe.services.compare.coding_saturation`). The scope
    ``coder`` counts one coder's codings only. Documents nobody has coded
    (in the scope) and not marked "coding done" are left out
    (``not_coded``); coded ones not marked done are flagged (``in_progress``,
    ``coding_done`` False). Reads only.

    Raises :class:`~qualframe.errors.NotFoundError` for an unknown attribute
    and :class:`ValidationError` for an attribute that cannot order documents
    or group them, or a filter it cannot apply.
    """
    import pandas as pd

    chosen = Scope.of(scope, **filters).only("coder", what="Saturation")
    documents = queries.documents.document_order_rows(uow.session, uow.project_id)
    ordered, unplaced, label = _order(uow, documents, order_by)
    rows = queries.codings.coding_spans(uow.session, uow.project_id, coder=chosen.coder)
    frame = pd.DataFrame.from_records(rows, columns=list(queries.codings.SPAN_COLUMNS))
    frame["document"] = frame["document_id"].map({d.id: d.name for d in documents})
    tree = CodeTree.load(uow)
    paths = {code.id: PATH_SEPARATOR.join(tree.path(code)) for code in tree.codes}
    frame["code"] = frame["code_id"].map(paths)
    progress = {p.document_id: p for p in coding_progress(uow)}
    started = _started(frame, progress)
    names = [d.name for d in ordered if d.id in started]
    attribute = None
    if by is None:
        curve = saturation(frame, names, unit="document")
    else:
        groups = participant_groups(uow, by)
        of_document, order = _document_groups(uow, groups, documents, frame)
        curve = saturation(frame, names, unit="document", by=of_document)
        rank = {group: i for i, group in enumerate(order)}
        steps = curve.steps.sort_values(
            "group", key=lambda column: column.map(rank), kind="stable"
        ).reset_index(drop=True)
        attribute = groups.attribute
        curve = SaturationCurve(steps=steps, unit="document", by=attribute)
    curve = _with_progress(curve, {progress[d].document: progress[d] for d in started})
    return Saturation(
        curve=curve,
        order_by=label,
        by=attribute,
        documents=tuple(names),
        unplaced=tuple(name for name in unplaced if name in set(names)),
        not_coded=tuple(d.name for d in ordered if d.id not in started),
        in_progress=tuple(d.name for d in ordered if d.id in started and not started[d.id]),
    )


def _started(frame: pd.DataFrame, progress: Mapping[int, CodingProgress]) -> dict[int, bool]:
    """The documents whose coding has started (codings in ``frame``, the scope's,
    or marked "coding done"), each with whether it is marked done."""
    coded = {int(document_id) for document_id in frame["document_id"].unique()}
    return {
        document_id: found.done
        for document_id, found in progress.items()
        if document_id in coded or found.done
    }


def _with_progress(
    curve: SaturationCurve, progress: Mapping[str, CodingProgress]
) -> SaturationCurve:
    """``curve`` with each step's ``coding_done`` and ``coverage`` (by document name)."""
    steps = curve.steps.copy()
    documents = steps["document"]
    steps["coding_done"] = [progress[name].done for name in documents]
    steps["coverage"] = [float(progress[name].coverage) for name in documents]
    return SaturationCurve(steps=steps, unit=curve.unit, by=curve.by)


def _order(
    uow: UnitOfWork, documents: Sequence[DocumentOrderRow], order_by: str
) -> tuple[list[DocumentOrderRow], list[str], str]:
    """The documents in order, the names of those placed last for want of a key,
    and what ordered them."""
    choice = str(order_by).strip()
    if choice.casefold() == "imported":
        return list(documents), [], "imported"
    if choice.casefold() == "position":
        keys: dict[int, Any] = {d.id: d.position for d in documents if d.position is not None}
        label = "position"
    else:
        definition = find_attribute(uow, choice)
        if definition.level is not AttributeLevel.DOCUMENT or definition.type not in KEY_TYPES:
            raise ValidationError(
                f"The attribute {definition.name!r} cannot order interviews: use 'position', "
                "'imported' or a document attribute of type date, number or ordinal."
            )
        values = queries.attributes.document_values(uow.session, definition.id)
        keys = {doc: found.number for doc, found in values.items() if found.number is not None}
        label = definition.name
    # sorted() is stable: equal keys, and documents without a key, keep import order.
    placed = sorted((d for d in documents if d.id in keys), key=lambda d: keys[d.id])
    rest = [d for d in documents if d.id not in keys]
    return placed + rest, [d.name for d in rest], label


def _document_groups(
    uow: UnitOfWork,
    groups: ParticipantGroups,
    documents: Sequence[DocumentOrderRow],
    codings: pd.DataFrame,
) -> tuple[pd.Series, list[str]]:
    """Each document's group (document name -> group) and the groups in order."""
    import pandas as pd

    people: dict[int, set[int]] = {}
    for document_id, participant_id in queries.documents.document_links(
        uow.session, uow.project_id
    ):
        people.setdefault(document_id, set()).add(participant_id)
    # A document linked to nobody belongs to whoever speaks in its codings.
    speaking = codings.dropna(subset=["participant_id"])
    speakers: dict[int, set[int]] = {}
    for document_id, participant_id in zip(
        speaking["document_id"], speaking["participant_id"], strict=True
    ):
        speakers.setdefault(int(document_id), set()).add(int(participant_id))
    for document_id, speaker_ids in speakers.items():
        people.setdefault(document_id, speaker_ids)
    mapping: dict[str, str] = {}
    for document in documents:
        found = {groups.group_of.get(pid, NO_VALUE) for pid in people.get(document.id, set())}
        if len(found) > 1:
            mapping[document.name] = SEVERAL_GROUPS
        else:
            mapping[document.name] = found.pop() if found else NO_VALUE
    order = [g for g in groups.groups if g != NO_VALUE] + [NO_VALUE, SEVERAL_GROUPS]
    return pd.Series(mapping, dtype=object), order
