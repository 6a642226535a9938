"""The codebook part of the Python API: the tree of codes and its history.

Codes are given by id, by name (when only one code has it) or by path
``"Theme > Sub-code"``. Every call is one transaction: on an error nothing
is written.

::

    project.codebook.add("Disclosure", definition="Talking about one's own ...")
    project.codebook.add("Expectations", parent="Disclosure", origin="inductive")
    project.codebook.merge("Disclosure > Expectation", "Disclosure > Expectations")
    project.codebook.codes_frame()          # a DataFrame, one row per code
    project.codebook.export_file("editing.xlsx")
"""

from __future__ import annotations

from pathlib import Path
from typing import ParamSpec, TypeVar

import pandas as pd

from qualframe.api.facade import Facade
from qualframe.formats.codebook_files import CodeRecord
from qualframe.services.codebook import editing, exchange
from qualframe.services.codebook import history as codebook_history
from qualframe.services.codebook import merge as codebook_merge
from qualframe.services.codebook.editing import DeleteSummary
from qualframe.services.codebook.exchange import CodeUpdate, ImportReport
from qualframe.services.codebook.merge import MergeSummary
from qualframe.services.codebook.tree import CodeInfo, code_info
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage.models import Code
from qualframe.vocabulary import CodeOrigin

#: A code as the API accepts it: id, name or path "Theme > Sub-code".
CodeName = int | str

P = ParamSpec("P")
R = TypeVar("R")

__all__ = [
    "CodeInfo",
    "CodeUpdate",
    "CodebookAPI",
    "DeleteSummary",
    "ImportReport",
    "MergeSummary",
]


def _infos(uow: UnitOfWork, codes: list[Code]) -> list[CodeInfo]:
    return [code_info(uow, code) for code in codes]


class CodebookAPI(Facade):
    """The codebook of one project (see :mod:`qualframe.services.codebook.editing`)."""

    # ------------------------------------------------------------ reading

    def get(self, code: CodeName) -> CodeInfo:
        """One code by id, name or path. Raises NotFoundError, or
        ValidationError when a name is shared (the message lists the paths)."""
        return self._run(code_info, code)

    def tree(self, *, include_retired: bool = True) -> list[CodeInfo]:
        """Every code, each before its sub-codes, siblings in order.

        Without ``include_retired``: only the codes offered for coding.
        """
        return self._run(editing.tree, include_retired=include_retired)

    def codes_frame(self, *, include_retired: bool = True) -> pd.DataFrame:
        """The codebook as a DataFrame, one row per code in tree order."""
        return self._run(editing.codes_frame, include_retired=include_retired)

    def history(self, code: CodeName | None = None) -> pd.DataFrame:
        """Changes to the framework, oldest first (of one code and the codes
        merged into it, when ``code`` is given)."""
        return self._run(codebook_history.history, code)

    # ------------------------------------------------------------ changes

    def add(
        self,
        name: str,
        *,
        parent: CodeName | None = None,
        definition: str = "",
        inclusion: str = "",
        exclusion: str = "",
        example: str = "",
        origin: CodeOrigin | str = CodeOrigin.DEDUCTIVE,
        colour: str | None = None,
        position: int | None = None,
    ) -> CodeInfo:
        """Create a code under ``parent`` (None: top level); ``colour`` is
        ``#RRGGBB`` (default: the least-used colour of a colour-blind-safe
        palette); ``position`` is its index among its siblings (default: last).
        Raises ConflictError when a sibling has the name."""

        def work(uow: UnitOfWork) -> CodeInfo:
            code = editing.create_code(
                uow,
                name,
                parent=parent,
                definition=definition,
                inclusion=inclusion,
                exclusion=exclusion,
                example=example,
                origin=origin,
                colour=colour,
                position=position,
            )
            return code_info(uow, code)

        return self._run(work)

    def rename(self, code: CodeName, new_name: str) -> CodeInfo:
        """Give a code a new name (unique among its siblings)."""
        return self._run(lambda u: code_info(u, editing.rename_code(u, code, new_name)))

    def edit(
        self,
        code: CodeName,
        *,
        name: str | None = None,
        definition: str | None = None,
        inclusion: str | None = None,
        exclusion: str | None = None,
        example: str | None = None,
        origin: CodeOrigin | str | None = None,
        colour: str | None = None,
    ) -> CodeInfo:
        """Change a code's name and fields in one transaction (None: unchanged;
        "" blanks a text field); a new ``name`` is a rename (audited as such)."""

        def work(uow: UnitOfWork) -> CodeInfo:
            found = editing.resolve_code(uow, code)
            if name is not None:
                editing.rename_code(uow, found, name)
            changed = editing.edit_code(
                uow,
                found,
                definition=definition,
                inclusion=inclusion,
                exclusion=exclusion,
                example=example,
                origin=origin,
                colour=colour,
            )
            return code_info(uow, changed)

        return self._run(work)

    def move(
        self, code: CodeName, parent: CodeName | None, position: int | None = None
    ) -> CodeInfo:
        """Move a code with its sub-codes under ``parent`` (None: top level) at
        sibling index ``position`` (None: last). Moving a code under itself or
        its own descendants is refused (ValidationError)."""
        return self._run(lambda u: code_info(u, editing.move_code(u, code, parent, position)))

    def shift(self, code: CodeName, steps: int) -> CodeInfo:
        """Move a code ``steps`` places among its siblings (-1: up one, 1: down
        one). Raises ValidationError when it is already first or last."""
        return self._run(lambda u: code_info(u, editing.shift_code(u, code, steps)))

    def merge(self, source: CodeName, target: CodeName) -> MergeSummary:
        """Merge ``source`` into ``target``: its codings (without exact
        duplicates), memos and sub-codes go to ``target``; ``source`` is deleted."""
        return self._run(codebook_merge.merge_codes, source, target)

    def preview_merge(self, source: CodeName, target: CodeName) -> MergeSummary:
        """What :meth:`merge` would move (codings, duplicates, sub-codes, memos,
        matrix cells), without changing anything. Raises as :meth:`merge`."""
        return self._dry_run(codebook_merge.merge_codes, source, target)

    def retire(self, code: CodeName) -> list[CodeInfo]:
        """Retire a code and its sub-codes (kept with their codings, not offered
        for new coding); returns the codes that changed."""
        return self._run(lambda u: _infos(u, editing.retire_code(u, code)))

    def restore(self, code: CodeName, *, recursive: bool = False) -> list[CodeInfo]:
        """Offer a retired code for coding again (with its retired ancestors, and
        its sub-codes when ``recursive``); returns the codes that changed."""
        return self._run(lambda u: _infos(u, editing.restore_code(u, code, recursive=recursive)))

    def delete(self, code: CodeName, *, force: bool = False) -> DeleteSummary:
        """Delete a code without codings or sub-codes; ``force`` deletes its
        subtree and codings too. Memos on them stay, on the project."""
        return self._run(editing.delete_code, code, force=force)

    def preview_delete(self, code: CodeName) -> DeleteSummary:
        """What deleting ``code`` with ``force`` would remove (codes, codings)
        and how many memos would move to the project; nothing changes."""
        return self._dry_run(editing.delete_code, code, force=True)

    # ------------------------------------------------------------ files

    def import_file(
        self,
        path: str | Path,
        *,
        dry_run: bool = False,
        replace: bool = False,
        name: str | None = None,
    ) -> ImportReport:
        """Merge a codebook file (CSV, XLSX or YAML) into the tree by path.

        Empty cells never blank existing values unless ``replace``; a
        ``dry_run`` reports what would change and writes nothing. ``name``
        is how messages name the file (default: ``path``), e.g. an upload's
        original name.
        """
        return self._run(
            exchange.import_codebook,
            Path(path),
            dry_run=dry_run,
            replace=replace,
            name=name,
        )

    def preview_import(
        self, path: str | Path, *, replace: bool = False, name: str | None = None
    ) -> ImportReport:
        """What importing ``path`` would create and update (nothing is written)."""
        return self.import_file(path, dry_run=True, replace=replace, name=name)

    def export_file(self, path: str | Path, *, include_retired: bool = True) -> int:
        """Write the codebook to ``path`` (.csv, .xlsx, .yaml); returns the code count."""
        return self._run(exchange.export_codebook, Path(path), include_retired=include_retired)

    def records(self, *, include_retired: bool = True) -> list[CodeRecord]:
        """The codebook as file records (path tuples and fields), in tree order."""
        return self._run(exchange.codebook_records, include_retired=include_retired)
