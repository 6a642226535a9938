"""What an agreement measure reads: the scope a user chose, checked and
completed, and the documents, speaker turns and codings in it.

:func:`choose_scope` turns the references a user gave (documents by id or
name, codes by id or path, coders by name; None: the defaults) into a
:class:`Material`; :func:`load_material` reads the same for a stored scope
(a round's). The defaults: the documents coded by two coders or more, every
codable code used in them, every coder with codings in them. A coder who
coded nothing at all in a document is *missing* there
(:attr:`ScopeDocument.rated`), never taken to have applied no code.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeTree, resolve_code
from qualframe.services.core.choices import parse_choice
from qualframe.services.core.lookup import DocumentIndex
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import natural_key
from qualframe.services.team.records import AgreementScope
from qualframe.services.team.units import Interval
from qualframe.storage import queries
from qualframe.storage.queries.team import ScopeCoding
from qualframe.vocabulary import AgreementUnit


@dataclass(frozen=True)
class ScopeDocument:
    """A document of the scope: its text, speaker turns (read only for the
    units that need them) and the coders of the scope who coded it (any code)."""

    id: int
    name: str
    text: str
    turns: tuple[Interval, ...]
    rated: frozenset[str]


@dataclass(frozen=True)
class Material:
    """Everything one measure reads: the unit, the documents (in document
    order), the codes (``(id, path)`` in codebook order), the coders (in the
    scope's order) and every coding of those documents and codes, whatever
    its coder (a resolved passage's reading is every coder's there)."""

    unit: AgreementUnit
    documents: tuple[ScopeDocument, ...]
    codes: tuple[tuple[int, str], ...]
    coders: tuple[str, ...]
    codings: tuple[ScopeCoding, ...]

    @property
    def scope(self) -> AgreementScope:
        """The scope as people read it (names and paths)."""
        return AgreementScope(
            unit=self.unit,
            documents=tuple(d.name for d in self.documents),
            codes=tuple(path for _, path in self.codes),
            coders=self.coders,
        )

    @cached_property
    def by_passage(self) -> dict[tuple[int, int], list[ScopeCoding]]:
        """``{(document id, code id): its codings}`` (every coder's, in text order)."""
        found: dict[tuple[int, int], list[ScopeCoding]] = {}
        for coding in self.codings:
            found.setdefault((coding.document_id, coding.code_id), []).append(coding)
        return found

    def coders_codings(self) -> list[ScopeCoding]:
        """The codings made by the scope's coders."""
        coders = set(self.coders)
        return [coding for coding in self.codings if coding.coder in coders]


def parse_unit(value: AgreementUnit | str) -> AgreementUnit:
    """``value`` as an :class:`AgreementUnit`; raises :class:`ValidationError` if unknown."""
    refusal = "Agreement is measured on one of: {allowed}; not on {value}."
    return parse_choice(AgreementUnit, value, refusal)


def choose_scope(
    uow: UnitOfWork,
    unit: AgreementUnit | str,
    documents: Sequence[Ref] | None,
    codes: Sequence[Ref] | None,
    coders: Sequence[str] | None,
) -> Material:
    """The material of the scope the user chose (see the module docstring).

    Raises :class:`ValidationError` for an unknown unit, an empty list, fewer
    than two coders (named, or who coded the documents) or no code to
    compare, and :class:`NotFoundError` for an unknown document, code or
    coder (a name nobody coded under). Reads only."""
    chosen_unit = parse_unit(unit)
    wanted = _coders(uow, coders)
    document_ids = _documents(uow, documents, wanted)
    rated = queries.team.coders_by_document(uow.session, uow.project_id, document_ids)
    scope_coders = wanted or tuple(
        sorted({c for d in document_ids for c in rated.get(d, ())}, key=natural_key)
    )
    _refuse_single_coder(rated, document_ids, scope_coders)
    code_ids = _codes(uow, codes, document_ids, scope_coders)
    return load_material(uow, chosen_unit, document_ids, code_ids, scope_coders)


def load_material(
    uow: UnitOfWork,
    unit: AgreementUnit,
    document_ids: Sequence[int],
    code_ids: Sequence[int],
    coders: Sequence[str],
    also_rated: Mapping[int, Collection[str]] | None = None,
) -> Material:
    """The material of a scope given by ids (documents of other projects and
    codes no longer there are left out). ``also_rated``: coders taken to have
    coded a document although no coding of theirs is left there (a round's
    resolutions removed them). Reads only."""
    session = uow.session
    rated = queries.team.coders_by_document(session, uow.project_id, document_ids)
    for document_id, more in (also_rated or {}).items():
        rated.setdefault(document_id, set()).update(more)
    scope_coders = set(coders)
    texts = queries.documents.document_texts(session, uow.project_id, set(document_ids))
    with_turns = unit in (AgreementUnit.TURN, AgreementUnit.SENTENCE)
    turns = queries.team.document_turns(session, [doc.id for doc in texts]) if with_turns else {}
    tree = CodeTree.load(uow)
    order = {code.id: n for n, code in enumerate(tree.depth_first())}
    kept = sorted({c for c in code_ids if c in tree.by_id}, key=order.__getitem__)
    paths = tuple((c, PATH_SEPARATOR.join(tree.path(tree.by_id[c]))) for c in kept)
    codings = queries.team.scope_codings(
        session, uow.project_id, [d.id for d in texts], kept
    ) if kept and texts else []  # fmt: skip
    # The codings are read by a later statement than ``rated``: a coder whose
    # coding arrived in between coded the document too (never a coding by a
    # coder taken to be missing there).
    for coding in codings:
        rated.setdefault(coding.document_id, set()).add(coding.coder)
    documents = tuple(
        ScopeDocument(
            id=doc.id,
            name=doc.name,
            text=doc.text,
            turns=tuple(turns.get(doc.id, ())),
            rated=frozenset(rated.get(doc.id, set()) & scope_coders),
        )
        for doc in texts
    )
    return Material(unit, documents, paths, tuple(coders), tuple(codings))


def _coders(uow: UnitOfWork, coders: Sequence[str] | None) -> tuple[str, ...]:
    """The coders named (in the order given, once each), checked; () for None."""
    if coders is None:
        return ()
    if isinstance(coders, str):
        coders = [coders]
    known = queries.team.project_coders(uow.session, uow.project_id)
    found: list[str] = []
    for given in coders:
        name = known_person(
            str(given).strip(), known, "has coded in this project (its coders: {listed})"
        )
        if name not in found:
            found.append(name)
    if len(found) < 2:
        only = f"only {found[0]!r} was named" if found else "none was named"
        raise ValidationError(f"Agreement needs at least two coders; {only}.")
    return tuple(found)


def known_person(name: str, known: Sequence[str], nobody: str) -> str:
    """The person ``name`` among ``known`` (exactly, else the one name equal
    letter case aside); raises :class:`NotFoundError` saying ``nobody`` (e.g.
    "has coded in this project (its coders: {listed})"), with close names."""
    if name in known:
        return name
    folded = [who for who in known if who.casefold() == name.casefold()]
    if len(folded) == 1:
        return folded[0]
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    hint = (" Did you mean " + " or ".join(repr(c) for c in close) + "?") if close else ""
    listed = ", ".join(repr(who) for who in known) or "nobody yet"
    raise NotFoundError(f"Nobody called {name!r} {nobody.format(listed=listed)}.{hint}")


def _documents(
    uow: UnitOfWork, documents: Sequence[Ref] | None, coders: Sequence[str]
) -> list[int]:
    """The ids of the documents named (None: those coded by two or more of
    ``coders``, or of anyone when no coder was named)."""
    if documents is not None:
        if isinstance(documents, (str, int)):
            documents = [documents]
        if not documents:
            raise ValidationError("Name at least one document to measure agreement on.")
        index = DocumentIndex.load(uow)
        return list(dict.fromkeys(index.id_of(ref) for ref in documents))
    coded = queries.team.coders_by_document(uow.session, uow.project_id)
    wanted = set(coders)
    found = [
        document_id
        for document_id, who in coded.items()
        if len(who & wanted if wanted else who) >= 2
    ]
    if not found:
        everyone = sorted({c for who in coded.values() for c in who}, key=natural_key)
        if len(everyone) < 2 and not wanted:
            who = f"only {everyone[0]!r} has" if everyone else "nobody has"
            raise ValidationError(f"Agreement needs at least two coders; {who} coded here yet.")
        among = ", ".join(repr(c) for c in (wanted or everyone))
        raise ValidationError(
            f"No document is coded by two or more of the coders ({among}) yet: agreement "
            "compares coders on the same documents."
        )
    return found


def _refuse_single_coder(
    rated: dict[int, set[str]], document_ids: Sequence[int], coders: Sequence[str]
) -> None:
    """Raise :class:`ValidationError` unless two or more of ``coders`` coded the documents."""
    wanted = set(coders)
    active = sorted(
        {c for d in document_ids for c in rated.get(d, ()) if c in wanted}, key=natural_key
    )
    if len(active) >= 2:
        return
    who = f"only {active[0]!r} coded" if active else "nobody has coded"
    raise ValidationError(f"Agreement needs at least two coders; {who} these documents.")


def _codes(
    uow: UnitOfWork,
    codes: Sequence[Ref] | None,
    document_ids: Sequence[int],
    coders: Sequence[str],
) -> list[int]:
    """The ids of the codes named (None: every codable code the coders used in
    the documents)."""
    if codes is not None:
        if isinstance(codes, (str, int)):
            codes = [codes]
        if not codes:
            raise ValidationError("Name at least one code to measure agreement on.")
        return list(dict.fromkeys(resolve_code(uow, ref).id for ref in codes))
    tree = CodeTree.load(uow)
    used = queries.team.used_code_ids(uow.session, uow.project_id, document_ids, coders)
    found = [code_id for code_id in used if not tree.by_id[code_id].retired]
    if not found:
        raise ValidationError(
            "These coders applied no code that can still be applied in these documents; "
            "name the codes to compare."
        )
    return found
