"""Listing codings: the codings a code and a scope choose, with who speaks,
where, and the attribute values of the participant and the document.

:func:`list_codings` is the use case behind ``project.coding.codings()`` (a
DataFrame, built at the Python API's edge by
:func:`qualframe.services.coding.frame.frame_of_codings`), the web's
``GET /codings`` and the CLI's ``qualframe codings``. The listing is kept
column by column, as the one query returns it, because a listing of a
200,000-coding project must come back in a few milliseconds; iterating it
gives one :class:`ListedCoding` record per coding.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Unpack

from qualframe.services.codebook.tree import PATH_SEPARATOR, resolve_code
from qualframe.services.coding.codings import CODING_COLUMNS, CodingRecord
from qualframe.services.core.lookup import document_ids
from qualframe.services.core.refs import Ref, Refs, ref_list
from qualframe.services.core.scope import Scope, ScopeFilters
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.study import attributes as study
from qualframe.services.study.attribute_values import AttributeColumn
from qualframe.storage import queries
from qualframe.storage.models.base import as_utc
from qualframe.storage.queries.codings import CodingFilter
from qualframe.vocabulary import AttributeLevel

#: ``(id, parent id, name)`` of every code: enough for paths and sub-codes.
CodeLinks = Sequence[tuple[int, int | None, str]]


@dataclass(frozen=True, slots=True, kw_only=True)
class ListedCoding(CodingRecord):
    """A coding as listed: a :class:`CodingRecord` with the name of the case of
    its participant (None when attributed to nobody)."""

    case: str | None


@dataclass(frozen=True)
class CodingListing:
    """Codings as listed, by document then position.

    ``columns`` maps each of :data:`~qualframe.services.coding.codings.CODING_COLUMNS`
    (and ``participant_id`` and ``guid``) to its values, one per coding; ``attributes``
    are the attribute columns, in the order of their definitions. Offsets
    are code points; ``created_at`` is stored UTC (naive from SQLite).
    ``len()`` counts the codings; iterating gives :class:`ListedCoding` records.
    """

    columns: Mapping[str, Sequence[Any]]
    attributes: tuple[AttributeColumn, ...]

    def __len__(self) -> int:
        return len(self.columns["coding_id"])

    def __iter__(self) -> Iterator[ListedCoding]:
        names = ("coding_id", "code_id", "code", "document_id", "document", "start", "end",
                 "text", "speaker", "participant_id", "participant", "case", "coder",
                 "created_at", "guid")  # fmt: skip
        for (coding_id, code_id, code, document_id, document, start, end, text, speaker,
             participant_id, participant, case, coder, created_at, guid) in zip(
            *(self.columns[name] for name in names), strict=True
        ):  # fmt: skip
            yield ListedCoding(
                id=coding_id, code_id=code_id, code=code, document_id=document_id,
                document=document, start=start, end=end, text=text, speaker=speaker,
                participant_id=participant_id, participant=participant, case=case,
                coder=coder, created_at=as_utc(created_at), guid=guid,
            )  # fmt: skip

    def records(self) -> list[dict[str, Any]]:
        """One JSON-ready ``{column: value}`` per coding: the fixed columns, then
        one per attribute (see :meth:`AttributeColumn.json_values`);
        ``created_at`` as ISO text with its UTC offset."""
        names = [*CODING_COLUMNS, *(a.name for a in self.attributes)]
        values = [
            [as_utc(t).isoformat() for t in self.columns[name]]
            if name == "created_at"
            else self.columns[name]
            for name in CODING_COLUMNS
        ]
        values += [column.json_values() for column in self.attributes]
        return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


# ---------------------------------------------------------------- the use case


def list_codings(
    uow: UnitOfWork,
    code: Ref | None = None,
    *,
    include_subcodes: bool = False,
    scope: Scope | None = None,
    **filters: Unpack[ScopeFilters],
) -> CodingListing:
    """The codings chosen by ``code`` and the scope, by document then position.

    ``code`` is an id, name or path (with ``include_subcodes`` its sub-codes
    too); the scope (``scope=`` or the keywords ``where``, ``documents`` /
    ``document``, ``participants`` / ``participant``, ``cases`` / ``case``,
    ``coder``) narrows them, every filter combined with AND: ``where`` maps
    attribute names to a value or any of several (participant attributes
    include those inherited from the case, document attributes apply to the
    document). Reads only. Raises :class:`~qualframe.errors.NotFoundError`
    for an unknown code, document, participant, case or attribute and
    :class:`~qualframe.errors.ValidationError` for a speaker filter.
    """
    chosen = Scope.of(scope, **filters).only(
        "documents", "participants", "cases", "coder", "where", what="Listing codings"
    )
    links = [
        (c.id, c.parent_id, c.name) for c in queries.codes.code_rows(uow.session, uow.project_id)
    ]
    code_ids: list[int] | None = None
    if code is not None:
        picked = _code_id(uow, links, code)
        code_ids = [picked, *descendant_ids(links, picked)] if include_subcodes else [picked]
    restrict = CodingFilter(
        code_ids=code_ids,
        document_ids=document_ids(uow, chosen.documents),
        participant_ids=participant_ids(uow, chosen.participants),
        case_ids=case_ids(uow, chosen.cases),
        coder=chosen.coder,
        where=chosen.where,
    )
    rows = queries.codings.coding_listing(uow.session, uow.project_id, restrict)
    listing = queries.codings.LISTING_COLUMNS
    columns: dict[str, Sequence[Any]] = (
        dict(zip(listing, zip(*rows, strict=True), strict=True))
        if rows
        else {name: () for name in listing}
    )
    paths = code_paths(links)
    columns["code"] = [paths.get(code_id) for code_id in columns["code_id"]]
    attributes = _attribute_columns(uow, columns["participant_id"], columns["document_id"])
    return CodingListing(columns, attributes)


def participant_ids(uow: UnitOfWork, refs: Refs) -> set[int] | None:
    """Ids of the participants named (identifier or id) by ``refs`` (None: any)."""
    wanted = ref_list(refs)
    return None if wanted is None else {study.find_participant(uow, r).id for r in wanted}


def case_ids(uow: UnitOfWork, refs: Refs) -> set[int] | None:
    """Ids of the cases named (or numbered) by ``refs`` (None: any)."""
    wanted = ref_list(refs)
    return None if wanted is None else {study.find_case(uow, r).id for r in wanted}


def _code_id(uow: UnitOfWork, links: CodeLinks, ref: Ref) -> int:
    """The id of the code ``ref`` names: found in ``links`` when it is an id or
    a name only one code has exactly (saves a query per listing), else by
    :func:`resolve_code` (paths, other spellings, clear errors)."""
    if isinstance(ref, int) and not isinstance(ref, bool):
        matches = [code_id for code_id, _, _ in links if code_id == ref]
    else:
        matches = [code_id for code_id, _, name in links if name == ref]
    if len(matches) == 1:
        return matches[0]
    return resolve_code(uow, ref).id


def _attribute_columns(
    uow: UnitOfWork, participants: Sequence[int | None], documents: Sequence[int]
) -> tuple[AttributeColumn, ...]:
    """One column per attribute, aligned with the rows' participants/documents.

    Codings attributed to nobody have missing participant and case values.
    """
    definitions = queries.attributes.definitions_by_name(uow.session, uow.project_id)
    levels = {d.level for d in definitions.values()}
    people: dict[int, dict[str, str]] = {}
    if levels - {AttributeLevel.DOCUMENT}:
        people = queries.attributes.participant_attributes(
            uow.session, uow.project_id, {p for p in participants if p is not None}
        )
    texts: dict[int, dict[str, str]] = {}
    if AttributeLevel.DOCUMENT in levels:
        texts = queries.attributes.owner_attributes(
            uow.session, uow.project_id, AttributeLevel.DOCUMENT, set(documents)
        )
    empty: dict[str, str] = {}
    person_rows = [people.get(p, empty) if p is not None else empty for p in participants]
    document_rows = [texts.get(d, empty) for d in documents]
    return tuple(
        AttributeColumn(
            name=name if name not in CODING_COLUMNS else f"{name} (attribute)",
            type=definition.type,
            levels=tuple(definition.levels),
            values=[
                owner.get(name)
                for owner in (
                    document_rows if definition.level is AttributeLevel.DOCUMENT else person_rows
                )
            ],
        )
        for name, definition in definitions.items()
    )


# ---------------------------------------------------------------- the code tree


def code_paths(links: CodeLinks) -> dict[int, str]:
    """Each code's path "Theme > Sub-code", from ``(id, parent id, name)`` rows."""
    parents = {code_id: (parent_id, name) for code_id, parent_id, name in links}
    paths: dict[int, str] = {}
    for code_id in parents:
        names: list[str] = []
        current: int | None = code_id
        while current is not None and current in parents and len(names) <= len(parents):
            parent_id, name = parents[current]
            names.append(name)
            current = parent_id
        paths[code_id] = PATH_SEPARATOR.join(reversed(names))
    return paths


def descendant_ids(links: CodeLinks, code_id: int) -> list[int]:
    """Ids of every code below ``code_id`` in the tree."""
    children: dict[int | None, list[int]] = {}
    for child, parent_id, _ in links:
        children.setdefault(parent_id, []).append(child)
    found: list[int] = []
    stack = list(children.get(code_id, []))
    while stack:
        current = stack.pop()
        if current not in found:  # guards against a (forbidden) cycle
            found.append(current)
            stack.extend(children.get(current, []))
    return found
