"""What a framework matrix shows: :class:`MatrixSpec`, declared once.

A matrix is described by seven settings: its ``rows`` (participants, cases
or attribute groups), its columns (``columns``: codes; ``theme``: themes
whose direct sub-codes are columns), ``include_subcodes``, ``group_by``,
``where`` and ``order_by``. :class:`MatrixSpec` is that description as one
value, passed as it is from the edges to the services; the Python API also
takes the settings as keywords (:class:`SpecFields`)::

    project.matrix.build(theme="Barriers", group_by="case")
    project.matrix.build(spec)                      # the same, from a MatrixSpec
    project.matrix.build(spec, include_subcodes=True)  # spec, with one setting changed
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, Unpack

from qualframe.services.core.refs import Where
from qualframe.services.matrix.rows import row_kind

if TYPE_CHECKING:
    from qualframe.services.codebook.tree import CodeRef


class SpecOptions(TypedDict, total=False):
    """The settings of a matrix besides its rows and column codes (all optional).

    ``theme``: a theme (or several) whose direct sub-codes are columns;
    ``include_subcodes``: each column also counts its code's descendants'
    codings; ``group_by``: attributes (or ``"case"``) to group rows by (or
    to form group rows); ``where``: keep participants with these attribute
    values (``{"employer": "NHS"}``; a list means any of its values);
    ``order_by``: attributes to order rows by (after the grouping ones),
    then by name. A single name stands for a list of one.
    """

    theme: CodeRef | Sequence[CodeRef]
    include_subcodes: bool
    group_by: str | Sequence[str]
    where: Where | None
    order_by: str | Sequence[str]


class SpecFields(SpecOptions, total=False):
    """Every setting of a matrix, as keywords: ``rows`` ("participants", "cases"
    or "groups"), ``columns`` (codes by id, name or path) and
    :class:`SpecOptions`."""

    rows: str
    columns: CodeRef | Sequence[CodeRef]


class Specified(Protocol):
    """Anything that carries the spec it was built from (a built matrix)."""

    @property
    def spec(self) -> MatrixSpec: ...


#: The field of :class:`MatrixSpec` each keyword of :class:`SpecFields` sets.
_FIELD_OF = {"theme": "themes"}


@dataclass(frozen=True)
class MatrixSpec:
    """What a matrix shows (see :class:`SpecFields` for the settings).

    ``rows``: "participants", "cases" or "groups". Columns are the codes in
    ``columns`` followed by the direct sub-codes of each theme in
    ``themes`` (retired sub-codes left out); with ``include_subcodes`` each
    column also counts the codings of its code's descendants. ``group_by``:
    participant and case rows are grouped by these attributes, with an
    aggregate per group; group rows are formed by them. ``where`` keeps
    participants with the given attribute values (rows of cases and groups
    then hold only those participants). ``order_by`` orders rows by
    attributes (after the grouping ones), then by name.

    Construct it with :meth:`of` (keywords as the Python API takes them);
    the fields are normalised whichever way it is made: a single reference
    given for a tuple field is taken as one item, ``rows`` is checked.
    Raises :class:`~qualframe.errors.ValidationError` for unknown ``rows``.
    """

    rows: str = "participants"
    columns: tuple[CodeRef, ...] = ()
    themes: tuple[CodeRef, ...] = ()
    include_subcodes: bool = False
    group_by: tuple[str, ...] = ()
    where: Where | None = None
    order_by: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Frozen: normalise through object.__setattr__ so "Hope" means ("Hope",).
        normal = {
            "rows": row_kind(self.rows).value + "s",
            "columns": _items(self.columns),
            "themes": _items(self.themes),
            "group_by": tuple(str(name) for name in _items(self.group_by)),
            "order_by": tuple(str(name) for name in _items(self.order_by)),
            "where": dict(self.where) if self.where else None,
        }
        for name, value in normal.items():
            object.__setattr__(self, name, value)

    @classmethod
    def of(
        cls, spec: MatrixSpec | Specified | None = None, **fields: Unpack[SpecFields]
    ) -> MatrixSpec:
        """The spec ``spec`` (or a built matrix's spec; default: participants,
        no columns) with the keyword ``fields`` set instead of its own."""
        base = cls() if spec is None else spec if isinstance(spec, MatrixSpec) else spec.spec
        if not fields:
            return base
        changes: dict[str, Any] = {
            _FIELD_OF.get(name, name): value for name, value in fields.items()
        }
        return replace(base, **changes)


def spec_of(
    rows: str = "participants",
    columns: CodeRef | Sequence[CodeRef] = (),
    **options: Unpack[SpecOptions],
) -> MatrixSpec:
    """A :class:`MatrixSpec` from the settings (see :class:`SpecOptions`); builds nothing."""
    return MatrixSpec.of(rows=rows, columns=columns, **options)


def _items(value: Any) -> tuple[Any, ...]:
    """One reference or a sequence of them, as a tuple (None: none)."""
    if value is None:
        return ()
    if isinstance(value, (str, int)) or not isinstance(value, Sequence):
        return (value,)
    return tuple(value)
