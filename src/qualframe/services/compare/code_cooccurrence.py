"""Which codes occur together in the data: the co-occurrence table and heat map.

Counting is :mod:`qualframe.analysis.cooccurrence`'s; this module picks the
codings. Levels:

- ``segment`` with ``mode="overlap"``: pairs of codings whose spans
  overlap in a document; with ``mode="turn"``: pairs of codings starting in
  the same speaker turn;
- ``participant``: participants (or cases, documents: ``unit``) with at
  least one coding of each code.

Scope: the ``codes`` listed (each with its sub-codes' codings when
``include_subcodes``), or the sub-codes of a ``theme`` (each direct
sub-code with the codings of the codes below it), or by default every code
with codings, in codebook order. ``where`` keeps codings whose participant
(own or case attributes) or document has the given attribute values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from qualframe.analysis.cooccurrence import (
    CooccurrenceTable,
    participant_cooccurrence,
    segment_cooccurrence,
)
from qualframe.errors import ValidationError
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeTree, resolve_code
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.vocabulary import CooccurrenceLevel, CooccurrenceMode, CooccurrenceValue

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Level = CooccurrenceLevel
CodeRef = int | str
Where = Mapping[str, str | Sequence[str]]
UNITS = ("participant", "case", "document")


@dataclass(frozen=True)
class CodeCooccurrence:
    """A co-occurrence table with how it was made.

    ``table``: counts and similarity (codes × codes, see
    :class:`~qualframe.analysis.cooccurrence.CooccurrenceTable`);
    ``level``: ``"segment"`` or ``"participant"``; ``mode``: ``"overlap"``,
    ``"turn"`` or ``"participant"``; ``codes``: the code paths, in table
    order; ``where``: the attribute filter used, if any.
    """

    table: CooccurrenceTable
    level: str
    mode: str
    codes: tuple[str, ...]
    where: dict[str, Any] | None = None

    @property
    def counts(self) -> pd.DataFrame:
        """Codes × codes counts (the diagonal: the code itself)."""
        return self.table.counts

    @property
    def similarity(self) -> pd.DataFrame:
        """Codes × codes similarity, 0–1."""
        return self.table.similarity

    def to_frame(self, *, include_zero: bool = True) -> pd.DataFrame:
        """One row per pair of codes: ``code_a, code_b, count, similarity``."""
        return self.table.to_long(include_zero=include_zero)

    def chart(self, *, value: CooccurrenceValue = "counts", title: str | None = None) -> Figure:
        """The heat map (a matplotlib Figure; save it with ``save_figure``)."""
        from qualframe.analysis.charts import cooccurrence_heatmap

        return cooccurrence_heatmap(self.table, value=value, title=title)


def code_cooccurrence(
    uow: UnitOfWork,
    *,
    codes: Sequence[CodeRef] | None = None,
    theme: CodeRef | None = None,
    include_subcodes: bool = False,
    level: Level = "segment",
    mode: CooccurrenceMode = "overlap",
    unit: str = "participant",
    where: Where | None = None,
    coder: str | None = None,
) -> CodeCooccurrence:
    """Count how often codes occur together (see the module docstring).

    Reads only. Raises :class:`~qualframe.errors.NotFoundError` for an
    unknown code or attribute, :class:`ValidationError` for both ``codes``
    and ``theme``, a theme without sub-codes, an unknown level, mode or
    unit.
    """
    if level not in ("segment", "participant"):
        raise ValidationError(
            f"Unknown co-occurrence level {level!r}: use 'segment' or 'participant'."
        )
    if mode not in ("overlap", "turn"):
        raise ValidationError(f"Unknown co-occurrence mode {mode!r}: use 'overlap' or 'turn'.")
    if level == "participant" and unit not in UNITS:
        raise ValidationError(f"Unknown unit {unit!r}: use one of {', '.join(UNITS)}.")
    if codes is not None and theme is not None:
        raise ValidationError("Give either codes or a theme, not both.")
    label_of, order = _scope(uow, codes, theme, include_subcodes)
    rows = queries.codings.coding_spans(
        uow.session, uow.project_id, code_ids=set(label_of), where=where, coder=coder
    )
    frame = pd.DataFrame.from_records(rows, columns=list(queries.codings.SPAN_COLUMNS))
    frame["code"] = frame["code_id"].map(label_of)
    # Units are counted, not shown: ids serve as well as names.
    frame = frame.rename(columns={"participant_id": "participant", "case_id": "case"})
    frame["document"] = frame["document_id"]
    if order is None:  # every code with codings, in codebook order
        present = set(frame["code"])
        order = [path for path in dict.fromkeys(label_of.values()) if path in present]
    if level == "participant":
        table = participant_cooccurrence(frame, unit=unit, codes=order)
    else:
        turns = None
        if mode == "turn":
            turns = pd.DataFrame(
                queries.speakers.project_turns(uow.session, uow.project_id),
                columns=["document_id", "start", "end"],
            )
        table = segment_cooccurrence(frame, mode=mode, turns=turns, codes=order)
    return CodeCooccurrence(
        table=table,
        level=level,
        mode=table.mode,
        codes=tuple(order),
        where=dict(where) if where else None,
    )


def _scope(
    uow: UnitOfWork,
    codes: Sequence[CodeRef] | None,
    theme: CodeRef | None,
    include_subcodes: bool,
) -> tuple[dict[int, str], list[str] | None]:
    """``{code id: label}`` of the codings counted (a sub-code's codings under the
    label of the code they roll up to) and the labels in order (None: decide
    from the codings)."""
    tree = CodeTree.load(uow)

    def path(code: Any) -> str:
        return PATH_SEPARATOR.join(tree.path(code))

    if theme is not None:
        root = tree.by_id[resolve_code(uow, theme).id]
        children = tree.children.get(root.id, [])
        if not children:
            raise ValidationError(
                f"The code {path(root)!r} has no sub-codes; name the codes to compare instead."
            )
        chosen, include_subcodes = children, True
    elif codes is not None:
        if isinstance(codes, (str, int)):
            codes = [codes]
        chosen = [tree.by_id[resolve_code(uow, ref).id] for ref in codes]
        if not chosen:
            raise ValidationError("Name at least one code.")
    else:
        return {code.id: path(code) for code in tree.depth_first()}, None
    label_of: dict[int, str] = {}
    for code in chosen:
        below = tree.depth_first(code) if include_subcodes else []
        for member in (code, *below):
            label_of.setdefault(member.id, path(code))
    return label_of, list(dict.fromkeys(path(code) for code in chosen))
