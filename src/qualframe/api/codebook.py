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

from qualframe.api.facade import Facade, use_case
from qualframe.services.codebook import (
    code_paths,
    editing,
    exchange,
    history as codebook_history,
    merge as codebook_merge,
    removal,
    tree as codebook_tree,
)

__all__ = ["CodebookAPI"]


class CodebookAPI(Facade):
    """The codebook of one project (see :mod:`qualframe.services.codebook.editing`)."""

    # ------------------------------------------------------------ reading

    #: One code by id, name or path, as a :class:`CodeInfo`.
    get = use_case(codebook_tree.code_info)
    #: Every code in tree order, as :class:`CodeInfo` records.
    tree = use_case(codebook_tree.tree)
    #: The codebook as a DataFrame, one row per code in tree order.
    codes_frame = use_case(codebook_tree.tree, codebook_tree.frame_of)
    #: Changes to the framework as a DataFrame, oldest first.
    history = use_case(codebook_history.history, codebook_history.history_frame)
    #: Changes to the framework as :class:`CodebookChange` records, oldest first.
    history_records = use_case(codebook_history.history)

    # ------------------------------------------------------------ changes

    add = use_case(editing.create_code)
    #: Create "Theme > Code", with the theme when it is new; returns the code.
    add_path = use_case(code_paths.create_code_path)
    rename = use_case(editing.rename_code)
    edit = use_case(editing.edit_code)
    move = use_case(editing.move_code)
    shift = use_case(editing.shift_code)
    merge = use_case(codebook_merge.merge_codes)
    #: What :meth:`merge` would do, worked out and rolled back.
    preview_merge = use_case(codebook_merge.merge_codes, dry_run=True)
    retire = use_case(removal.retire_code)
    restore = use_case(removal.restore_code)
    delete = use_case(removal.delete_code)
    #: What deleting with ``force`` would remove, worked out and rolled back.
    preview_delete = use_case(removal.force_delete_code, dry_run=True)

    # ------------------------------------------------------------ files

    import_file = use_case(exchange.import_codebook)
    #: What :meth:`import_file` would create and update, worked out and rolled back.
    preview_import = use_case(exchange.import_codebook, exchange.as_preview, dry_run=True)
    export_file = use_case(exchange.export_codebook)
    records = use_case(exchange.codebook_records)
