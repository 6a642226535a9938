"""Charting progress per theme: how far the framework matrix is charted.

For each top-level theme (a code without a parent, not retired) this counts
the cells of the theme's **default matrix**: every participant of the
project as a row, and as columns the theme's direct sub-codes that are not
retired (the theme itself when it has none), counting the codings of
deeper sub-codes too (``include_subcodes``). Each cell is counted under the
status a matrix shows for it (see :mod:`qualframe.services.matrix.matrices`):

- ``done`` and ``draft``: as the analyst (or the draft from data) left it;
- ``to_chart``: the participant has codings of the column, nothing charted;
- ``no_data``: asked but nothing coded, or marked "no data";
- ``not_asked``: not asked any question covering the code, or marked so.

It reads what one matrix build reads (one grouped count of codings, the
stored participant cells, the question coverage), for all themes at once;
it writes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeTree
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.matrix.matrices import MatrixColumn, assemble
from qualframe.services.matrix.rows import Roster, participant_row
from qualframe.vocabulary import CellStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class ThemeProgress:
    """The charting of one top-level theme's default matrix: the theme's code id
    and name, how many columns (codes) and participants (rows) it has, and
    how many of its cells stand at each status (see the module docstring).
    The five counts add up to ``cells`` (columns × participants)."""

    code_id: int
    theme: str
    columns: int
    participants: int
    done: int
    draft: int
    to_chart: int
    no_data: int
    not_asked: int

    @property
    def cells(self) -> int:
        """Every cell of the theme's default matrix."""
        return self.columns * self.participants

    @property
    def percent_done(self) -> int:
        """Cells done, in whole percent of the cells with data or charted
        (done, draft, to chart); 0 when there are none."""
        charting = self.done + self.draft + self.to_chart
        return round(100 * self.done / charting) if charting else 0


@dataclass(frozen=True, slots=True)
class ChartingProgress:
    """Charting progress of the project: the participants counted and one
    :class:`ThemeProgress` per top-level theme, in codebook order."""

    participants: int
    themes: tuple[ThemeProgress, ...]


def theme_columns(tree: CodeTree) -> list[tuple[int, str, list[MatrixColumn]]]:
    """Each top-level theme that is not retired: its code id, its name and the
    columns of its default matrix (unretired direct sub-codes, or the theme)."""
    themes = []
    for theme in tree.children.get(None, []):
        if theme.retired:
            continue
        children = [c for c in tree.children.get(theme.id, []) if not c.retired]
        columns = [
            MatrixColumn(c.id, PATH_SEPARATOR.join(tree.path(c)), c.name, theme.name)
            for c in children
        ] or [MatrixColumn(theme.id, theme.name, theme.name)]
        themes.append((theme.id, theme.name, columns))
    return themes


def charting_progress(uow: UnitOfWork) -> ChartingProgress:
    """How many cells of each top-level theme's default matrix are done, draft,
    to chart, no data and not asked (see the module docstring for what is
    counted). Reads only; a project without codes or participants has
    themes with zero counts (or none)."""
    tree = CodeTree.load(uow)
    roster = Roster.load(uow)
    rows = [participant_row(roster, pid) for pid in roster.identifiers]
    themes = theme_columns(tree)
    columns = [column for _, _, theme_cols in themes for column in theme_cols]
    views = assemble(uow, tree, rows, columns, include_subcodes=True) if rows and columns else []
    found = []
    start = 0
    for code_id, name, theme_cols in themes:
        span = range(start, start + len(theme_cols))
        start += len(theme_cols)
        counts = Counter(row[j].status for row in views for j in span)
        found.append(_progress(code_id, name, len(theme_cols), len(rows), counts))
    return ChartingProgress(participants=len(rows), themes=tuple(found))


def _progress(
    code_id: int, name: str, columns: int, participants: int, counts: Counter[CellStatus]
) -> ThemeProgress:
    return ThemeProgress(
        code_id=code_id,
        theme=name,
        columns=columns,
        participants=participants,
        done=counts[CellStatus.DONE],
        draft=counts[CellStatus.DRAFT],
        to_chart=counts[CellStatus.EMPTY],
        no_data=counts[CellStatus.NO_DATA],
        not_asked=counts[CellStatus.NOT_ASKED],
    )
