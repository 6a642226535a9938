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
with codings, in codebook order. The scope narrows the codings: ``where``
keeps those whose participant (own or case attributes) or document has the
given attribute values, ``coder`` one coder's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Unpack, get_args

from qualframe.errors import ValidationError
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeTree, resolve_code
from qualframe.services.compare.numbers import finite_or_none
from qualframe.services.core.refs import Ref, Where, ref_list
from qualframe.services.core.scope import Scope, ScopeFilters
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.queries.speakers import TurnSpan
from qualframe.vocabulary import (
    CooccurrenceLevel,
    CooccurrenceMode,
    CooccurrenceUnit,
    CooccurrenceValue,
)

if TYPE_CHECKING:
    import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    # Imported when used: scipy makes ``import qualframe`` slow.
    from qualframe.analysis.cooccurrence import CooccurrenceTable

UNITS: tuple[CooccurrenceUnit, ...] = get_args(CooccurrenceUnit)
#: The filters co-occurrence applies (see :class:`~qualframe.services.core.scope.Scope`).
COOCCURRENCE_SCOPE = ("where", "coder")


@dataclass(frozen=True, slots=True, kw_only=True)
class CodePair:
    """Two codes and how often they occur together: ``count`` (codings, or
    participants/cases/documents) and ``similarity`` (0–1; None where
    undefined)."""

    code_a: str
    code_b: str
    count: int
    similarity: float | None


@dataclass(frozen=True)
class CodeCooccurrence:
    """A co-occurrence table with how it was made.

    ``table``: counts and similarity (codes × codes, see
    :class:`~qualframe.analysis.cooccurrence.CooccurrenceTable`);
    ``level``: ``"segment"`` or ``"participant"``; ``mode``: ``"overlap"``,
    ``"turn"`` or ``"participant"``; ``codes``: the code paths, in table
    order; ``where``: the attribute filter used, if any. :meth:`pairs`,
    :meth:`count_matrix` and :meth:`similarity_matrix` give the numbers as
    plain rows.
    """

    table: CooccurrenceTable
    level: str
    mode: str
    codes: tuple[str, ...]
    where: dict[str, str | list[str]] | None = None

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

    def pairs(self, *, include_zero: bool = False) -> list[CodePair]:
        """Each pair of codes once, most often together first (then by code)."""
        frame = self.to_frame(include_zero=include_zero)
        found = [
            CodePair(code_a=str(a), code_b=str(b), count=int(n), similarity=finite_or_none(s))
            for a, b, n, s in frame.itertuples(index=False)
        ]
        return sorted(found, key=lambda p: (-p.count, p.code_a, p.code_b))

    def count_matrix(self) -> list[list[int]]:
        """The counts as rows of numbers, codes × codes in table order."""
        return [[int(v) for v in row] for row in self.table.counts.to_numpy()]

    def similarity_matrix(self) -> list[list[float | None]]:
        """The similarity (0–1; None where undefined) as rows, codes × codes."""
        return [[finite_or_none(v) for v in row] for row in self.table.similarity.to_numpy()]

    def chart(self, *, value: CooccurrenceValue = "counts", title: str | None = None) -> Figure:
        """The heat map (a matplotlib Figure; save it with ``save_figure``)."""
        from qualframe.analysis.charts import cooccurrence_heatmap

        return cooccurrence_heatmap(self.table, value=value, title=title)


def code_cooccurrence(
    uow: UnitOfWork,
    codes: Sequence[Ref] | None = None,
    *,
    theme: Ref | None = None,
    include_subcodes: bool = False,
    level: CooccurrenceLevel = "segment",
    mode: CooccurrenceMode = "overlap",
    unit: CooccurrenceUnit = "participant",
    scope: Scope | None = None,
    **filters: Unpack[ScopeFilters],
) -> CodeCooccurrence:
    """Which codes occur together: overlapping codings (``mode="overlap"``) or
    codings starting in one speaker turn (``mode="turn"``) at
    ``level="segment"``; participants, cases or documents (``unit``) with
    codings of both at ``level="participant"``.

    The codes: those listed in ``codes`` (ids, names or paths; each with its
    sub-codes' codings when ``include_subcodes``), or the sub-codes of a
    ``theme`` (each with the codes below it), or by default every code with
    codings, in codebook order. The scope (``where``, ``coder``) keeps the
    codings whose participant (own or case attributes) or document has the
    attribute values, or one coder's. Reads only.

    Raises :class:`~qualframe.errors.NotFoundError` for an unknown code or
    attribute, :class:`ValidationError` for both ``codes`` and ``theme``, a
    theme without sub-codes, an unknown level, mode or unit, or a filter it
    cannot apply.
    """
    import pandas as pd

    chosen = Scope.of(scope, **filters).only(*COOCCURRENCE_SCOPE, what="Co-occurrence")
    _check_choices(level, mode, unit)
    if codes is not None and theme is not None:
        raise ValidationError("Give either codes or a theme, not both.")
    label_of, order = _code_labels(uow, codes, theme, include_subcodes)
    rows = queries.codings.coding_spans(
        uow.session,
        uow.project_id,
        code_ids=set(label_of),
        where=chosen.where,
        coder=chosen.coder,
    )
    frame = pd.DataFrame.from_records(rows, columns=list(queries.codings.SPAN_COLUMNS))
    frame["code"] = frame["code_id"].map(label_of)
    # Units are counted, not shown: ids serve as well as names.
    frame = frame.rename(columns={"participant_id": "participant", "case_id": "case"})
    frame["document"] = frame["document_id"]
    if order is None:  # every code with codings, in codebook order
        present = set(frame["code"])
        order = [path for path in dict.fromkeys(label_of.values()) if path in present]
    table = _count(uow, frame, order, level, mode, unit)
    return CodeCooccurrence(
        table=table,
        level=level,
        mode=table.mode,
        codes=tuple(order),
        where=_plain_where(chosen.where),
    )


def _check_choices(level: str, mode: str, unit: str) -> None:
    """Raise :class:`ValidationError` for an unknown level, mode or unit."""
    if level not in get_args(CooccurrenceLevel):
        raise ValidationError(
            f"Unknown co-occurrence level {level!r}: use 'segment' or 'participant'."
        )
    if mode not in get_args(CooccurrenceMode):
        raise ValidationError(f"Unknown co-occurrence mode {mode!r}: use 'overlap' or 'turn'.")
    if level == "participant" and unit not in UNITS:
        raise ValidationError(f"Unknown unit {unit!r}: use one of {', '.join(UNITS)}.")


def _count(
    uow: UnitOfWork,
    frame: pd.DataFrame,
    order: list[str],
    level: str,
    mode: CooccurrenceMode,
    unit: str,
) -> CooccurrenceTable:
    """The table of the codings in ``frame`` (see :mod:`qualframe.analysis.cooccurrence`)."""
    import pandas as pd

    from qualframe.analysis.cooccurrence import participant_cooccurrence, segment_cooccurrence

    if level == "participant":
        return participant_cooccurrence(frame, unit=unit, codes=order)
    turns = None
    if mode == "turn":
        turns = pd.DataFrame(
            queries.speakers.project_turns(uow.session, uow.project_id),
            columns=list(TurnSpan._fields),
        )
    return segment_cooccurrence(frame, mode=mode, turns=turns, codes=order)


def _plain_where(where: Where | None) -> dict[str, str | list[str]] | None:
    """The attribute filter as given, values as text or lists of text (None: none)."""
    if not where:
        return None
    return {str(k): v if isinstance(v, str) else [str(x) for x in v] for k, v in where.items()}


def _code_labels(
    uow: UnitOfWork,
    codes: Sequence[Ref] | None,
    theme: Ref | None,
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
        chosen = [tree.by_id[resolve_code(uow, ref).id] for ref in ref_list(codes) or []]
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
