"""Finding where the coders of a round disagree, and what each of them coded there.

Pure functions on a round's :class:`~qualframe.services.team.material.Material`.

- **On units**: one disagreement per unit and code where some coders of the
  round applied the code and others who coded the document did not (a
  coder who coded nothing in the document is missing, never in
  disagreement); its passage is the unit.
- **On spans**: per code, the round coders' codings joined where they
  overlap make clusters; a cluster is a disagreement unless every coder who
  coded the document has exactly the same text marked there (each coder's
  overlapping codings joined, as the figures join them); its passage is the
  cluster.

A passage is resolved when a resolution of its document and code holds it
(a cluster that shrank after a coder's reading was kept lies inside the
passage resolved).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from qualframe.services.core.wording import natural_key
from qualframe.services.team.material import Material, ScopeDocument
from qualframe.services.team.records import (
    CoderReading,
    Disagreement,
    ReadingCoding,
    ResolutionRecord,
    passage_key,
)
from qualframe.services.team.units import UnitIndex, clusters, context, document_units, overlaps
from qualframe.storage.queries.team import ScopeCoding
from qualframe.vocabulary import AgreementUnit


@dataclass(frozen=True)
class Passage:
    """Where coders disagree (or disagreed): a document, a code (id and path)
    and a span, code points, end exclusive."""

    document: ScopeDocument
    code_id: int
    code: str
    start: int
    end: int

    @property
    def key(self) -> str:
        """The disagreement's key, ``"document_id:code_id:start:end"``."""
        return passage_key(self.document.id, self.code_id, self.start, self.end)


def find_passages(material: Material) -> list[Passage]:
    """Every passage of ``material`` where its coders disagree, by document
    (document order), start and code path."""
    coders = set(material.coders)
    by_document: dict[int, dict[int, list[ScopeCoding]]] = defaultdict(lambda: defaultdict(list))
    for coding in material.codings:
        if coding.coder in coders:
            by_document[coding.document_id][coding.code_id].append(coding)
    found: list[Passage] = []
    for doc in material.documents:
        if len(doc.rated) < 2:
            continue  # one coder (or none) cannot disagree with anyone here
        codings = by_document.get(doc.id, {})
        if material.unit is AgreementUnit.SPAN:
            found += _span_passages(material, doc, codings)
        else:
            found += _unit_passages(material, doc, codings)
    return found


def _unit_passages(
    material: Material, doc: ScopeDocument, codings: dict[int, list[ScopeCoding]]
) -> Iterator[Passage]:
    units, _ = document_units(material.unit, doc.text, doc.turns)
    index = UnitIndex(units)
    ordered: list[Passage] = []
    for code_id, path in material.codes:
        appliers: dict[int, set[str]] = defaultdict(set)
        for coding in codings.get(code_id, []):
            for u in index.overlapping(coding.start, coding.end):
                appliers[u].add(coding.coder)
        for u, who in appliers.items():
            if len(who) < len(doc.rated):
                start, end = units[u]
                ordered.append(Passage(doc, code_id, path, start, end))
    yield from sorted(ordered, key=lambda p: (p.start, natural_key(p.code)))


def _span_passages(
    material: Material, doc: ScopeDocument, codings: dict[int, list[ScopeCoding]]
) -> Iterator[Passage]:
    ordered: list[Passage] = []
    for code_id, path in material.codes:
        mine = codings.get(code_id, [])
        for start, end in clusters((c.start, c.end) for c in mine):
            spans: dict[str, list[tuple[int, int]]] = {coder: [] for coder in doc.rated}
            for coding in mine:
                if start <= coding.start and coding.end <= end and coding.coder in spans:
                    spans[coding.coder].append((coding.start, coding.end))
            # Each coder's marked text, overlapping codings joined: what the
            # figures compare (two codings of 0-10 and 5-20 read as 0-20).
            readings = [clusters(found) for found in spans.values()]
            if any(reading != readings[0] for reading in readings):
                ordered.append(Passage(doc, code_id, path, start, end))
    yield from sorted(ordered, key=lambda p: (p.start, natural_key(p.code)))


def resolution_of(
    passage: Passage, resolutions: Sequence[tuple[Passage, ResolutionRecord]]
) -> ResolutionRecord | None:
    """The resolution whose passage (same document and code) holds ``passage``, if any."""
    for resolved, record in resolutions:
        if (
            resolved.document.id == passage.document.id
            and resolved.code_id == passage.code_id
            and resolved.start <= passage.start
            and passage.end <= resolved.end
        ):
            return record
    return None


def readings_of(material: Material, passage: Passage) -> tuple[CoderReading, ...]:
    """What each coder of ``material`` (in its order) coded with the passage's
    code overlapping the passage (none: an empty reading)."""
    mine: dict[str, list[ReadingCoding]] = {coder: [] for coder in material.coders}
    for coding in material.by_passage.get((passage.document.id, passage.code_id), []):
        if coding.coder in mine and overlaps(
            (coding.start, coding.end), passage.start, passage.end
        ):
            mine[coding.coder].append(
                ReadingCoding(id=coding.id, start=coding.start, end=coding.end, quote=coding.quote)
            )
    return tuple(
        CoderReading(
            coder=coder,
            codings=tuple(sorted(found, key=lambda c: (c.start, c.id))),
            coded_document=coder in passage.document.rated,
        )
        for coder, found in mine.items()
    )


def disagreement_of(
    material: Material, passage: Passage, resolution: ResolutionRecord | None
) -> Disagreement:
    """``passage`` as a :class:`Disagreement` record, with its context and readings."""
    text = passage.document.text
    before, after = context(text, passage.start, passage.end)
    return Disagreement(
        key=passage.key,
        document=passage.document.name,
        document_id=passage.document.id,
        code=passage.code,
        code_id=passage.code_id,
        start=passage.start,
        end=passage.end,
        text=text[passage.start : passage.end],
        before=before,
        after=after,
        readings=readings_of(material, passage),
        resolution=resolution,
    )
