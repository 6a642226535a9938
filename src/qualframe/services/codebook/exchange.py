"""Importing and exporting the codebook as CSV, XLSX or YAML files.

An import merges the file into the existing tree by path (names matched
exactly, else ignoring case): codes missing from the tree are created,
codes present are updated. Unless ``replace`` is set, a file only adds
information: an empty cell never blanks a field, a ``deductive`` origin
(also what a file without an origin column says) never overwrites
``inductive``, and ``retired: no`` never restores a retired code. With
``replace`` the file's values win, blanks included. A colour is never
removed. A preview (``project.codebook.preview_import``) runs the import
and rolls it back, reporting the same plan; a bad file
(:class:`~qualframe.errors.InputFileError`) writes nothing either.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace as replace_record
from pathlib import Path
from typing import Any

from qualframe.errors import InputFileError, ValidationError
from qualframe.formats.codebook_files import CodeRecord, read_codebook_bytes, write_codebook
from qualframe.formats.sources import read_file_bytes
from qualframe.services.codebook.editing import apply_fields, place, record_change, snapshot
from qualframe.services.codebook.tree import (
    PATH_SEPARATOR,
    TEXT_FIELDS,
    CodeTree,
    clean_name,
    clean_text,
    next_colour,
    tree,
)
from qualframe.services.core.field_limits import check_fields
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage.models import Code
from qualframe.vocabulary import CodeOrigin


@dataclass(frozen=True)
class CodeUpdate:
    """A code an import changes: its path and ``field -> (before, after)``."""

    path: str
    changes: dict[str, tuple[Any, Any]]


@dataclass(frozen=True)
class CodebookImport:
    """What an import of ``source`` did (or, for a preview, ``dry_run``, would do).

    Paths are written "Theme > Sub-code", in file order.
    """

    source: str
    created: tuple[str, ...]
    updated: tuple[CodeUpdate, ...]
    unchanged: tuple[str, ...]
    dry_run: bool = False

    @property
    def changes_anything(self) -> bool:
        """Whether the import creates or updates at least one code."""
        return bool(self.created or self.updated)


@dataclass
class _Plan:
    """The import worked out before anything is written."""

    created: list[CodeRecord] = field(default_factory=list)
    updated: list[tuple[Code, CodeRecord, dict[str, Any]]] = field(default_factory=list)
    unchanged: list[CodeRecord] = field(default_factory=list)


def import_codebook(
    uow: UnitOfWork,
    path: str | Path,
    *,
    replace: bool = False,
    name: str | None = None,
) -> CodebookImport:
    """Merge the codebook file ``path`` (CSV, TSV, XLSX or YAML) into the tree
    by path (see the module's rules: empty cells never blank existing values
    unless ``replace``).

    New codes are appended under their parents in file order and given a
    palette colour when the file has none. Each created or updated code is
    audited as ``code.import`` (with the file name and the values before
    and after); an updated code counts one more version.
    ``project.codebook.preview_import`` runs it and rolls it back: what
    would change, nothing written. ``name`` is what messages and the audit
    log call the file (default: ``path``; an upload kept under a temporary
    path is named as the user named it). Returns what was created and
    updated. Raises :class:`InputFileError` naming the file for an
    unreadable file or a code name qualframe does not accept.
    """
    source = Path(name) if name else Path(path)
    data = read_file_bytes(Path(path))
    records = [_checked(source, record) for record in read_codebook_bytes(data, str(source))]
    plan = _plan(CodeTree.load(uow), records, source, replace=replace)
    report = CodebookImport(
        source=source.name,
        created=tuple(PATH_SEPARATOR.join(r.path) for r in plan.created),
        updated=tuple(
            CodeUpdate(PATH_SEPARATOR.join(r.path), _diff(code, wanted))
            for code, r, wanted in plan.updated
        ),
        unchanged=tuple(PATH_SEPARATOR.join(r.path) for r in plan.unchanged),
    )
    _apply(uow, plan, report.source)
    return report


def as_preview(report: CodebookImport) -> CodebookImport:
    """The import's report marked as a preview (``dry_run``): nothing was written."""
    return replace_record(report, dry_run=True)


def _checked(source: Path, record: CodeRecord) -> CodeRecord:
    """The record with names cleaned as qualframe stores them (texts no longer
    than a field holds)."""
    try:
        names = tuple(clean_name(name) for name in record.path)
        check_fields({key: getattr(record, key) for key in TEXT_FIELDS}, "of the code")
    except ValidationError as error:
        shown = PATH_SEPARATOR.join(record.path)
        raise InputFileError(source, f"the code {shown[:80]!r} cannot be used: {error}") from None
    texts = {key: clean_text(getattr(record, key)) for key in TEXT_FIELDS}
    return CodeRecord(
        path=names, origin=record.origin, colour=record.colour, retired=record.retired, **texts
    )


def _plan(code_tree: CodeTree, records: list[CodeRecord], source: Path, *, replace: bool) -> _Plan:
    """Sort the records into codes to create, to update and unchanged."""
    existing: dict[tuple[str, ...], Code] = {}
    folded: dict[tuple[str, ...], Code] = {}
    for code in code_tree.codes:
        code_path = code_tree.path(code)
        existing[code_path] = code
        folded.setdefault(_fold(code_path), code)
    plan = _Plan()
    seen: dict[tuple[str, ...], tuple[str, ...]] = {}
    for record in records:
        key = _fold(record.path)
        if key in seen:
            raise InputFileError(
                source,
                f"the codes {PATH_SEPARATOR.join(seen[key])!r} and "
                f"{PATH_SEPARATOR.join(record.path)!r} differ only in case; sibling codes "
                "need different names",
            )
        seen[key] = record.path
        match = existing.get(record.path) or folded.get(key)
        if match is None:
            plan.created.append(record)
            continue
        wanted = _wanted(match, record, replace=replace)
        if wanted:
            plan.updated.append((match, record, wanted))
        else:
            plan.unchanged.append(record)
    return plan


def _fold(path: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name.casefold() for name in path)


def _wanted(code: Code, record: CodeRecord, *, replace: bool) -> dict[str, Any]:
    """The fields the record changes on an existing code (see the module rules)."""
    wanted: dict[str, Any] = {}
    for key in TEXT_FIELDS:
        value = getattr(record, key)
        if value != getattr(code, key) and (value or replace):
            wanted[key] = value
    if record.origin != code.origin and (record.origin is CodeOrigin.INDUCTIVE or replace):
        wanted["origin"] = record.origin
    if record.colour and record.colour != (code.colour or "").upper():
        wanted["colour"] = record.colour
    if record.retired != code.retired and (record.retired or replace):
        wanted["retired"] = record.retired
    return wanted


def _diff(code: Code, wanted: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    def plain(value: Any) -> Any:
        return value.value if isinstance(value, CodeOrigin) else value

    return {key: (plain(getattr(code, key)), plain(value)) for key, value in wanted.items()}


def _apply(uow: UnitOfWork, plan: _Plan, source: str) -> None:
    """Write the plan: parents are created before their children (file order)."""
    for code, _record, wanted in plan.updated:
        apply_fields(uow, code, wanted, verb="import", note=f" from {source}", file=source)
    known = CodeTree.load(uow)
    by_path = {_fold(known.path(code)): code for code in known.codes}
    for record in plan.created:
        parent = by_path.get(_fold(record.path[:-1])) if len(record.path) > 1 else None
        new = Code(
            project_id=uow.project_id,
            name=record.name,
            origin=record.origin,
            colour=record.colour or next_colour(uow),
            retired=record.retired,
            **{key: getattr(record, key) for key in TEXT_FIELDS},
        )
        place(uow, new, parent.id if parent is not None else None, None)
        uow.session.add(new)
        uow.session.flush()
        by_path[_fold(record.path)] = new
        where = PATH_SEPARATOR.join(record.path)
        record_change(
            uow,
            "import",
            new,
            f"Created code {where!r} from {source}",
            path=where,
            after=snapshot(new),
            file=source,
            created=True,
        )


def codebook_records(uow: UnitOfWork, *, include_retired: bool = True) -> list[CodeRecord]:
    """The codebook as file records (path tuples and fields), in tree order, as
    :func:`export_codebook` writes them. Reads only."""
    return [
        CodeRecord(
            path=info.path,
            origin=info.origin,
            colour=info.colour,
            retired=info.retired,
            **{key: getattr(info, key) for key in TEXT_FIELDS},
        )
        for info in tree(uow, include_retired=include_retired)
    ]


def export_codebook(uow: UnitOfWork, path: str | Path, *, include_retired: bool = True) -> int:
    """Write the codebook to ``path`` as CSV, XLSX or YAML (by suffix), retired
    codes too unless ``include_retired`` is false; returns the number of
    codes written. Nothing in the database changes.

    Raises :class:`ValidationError` for an unsupported suffix and
    :class:`InputFileError` when the file cannot be written.
    """
    records = codebook_records(uow, include_retired=include_retired)
    target = Path(path)
    try:
        write_codebook(records, target)
    except OSError as error:
        raise InputFileError(
            target, f"the file cannot be written ({error.strerror or error})"
        ) from None
    return len(records)
