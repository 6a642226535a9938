"""Evidence profiles of nodes and links, and the flags on thin evidence.

What backs a node or link is its explicit evidence (pieces supporting or
contradicting: codings, quotes, matrix cells, memos) and, for a node bound
to codes, every coding of those codes and their sub-codes (supporting).
Each piece or coding brings its participant (a coding's speaker; a cell's
participant row) and case (the participant's; a cell's case row); memos
and group rows bring neither.

The counts of a whole model are read in a few statements, whatever the
number of codings: the codings of bound codes are counted by code and
participant in the database (:class:`EvidenceTally`). Profiles split them
by an attribute of cases or participants (participants inherit their
case's values) and by case, and add quotes: the chosen ones (explicit
codings and quotes) first, then codings of the bound codes, spread over the
participants.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from qualframe.errors import ValidationError
from qualframe.formats.quoting import quotable
from qualframe.services.change_model.evidence import (
    EvidenceLabels,
    passage_text,
    people_with_cases,
)
from qualframe.services.change_model.finding import LinkRef, find_link, find_model, find_node
from qualframe.services.change_model.records import (
    EvidenceProfile,
    Flag,
    FlagReason,
    GroupCount,
    ProfileQuote,
    SubjectEvidence,
    SubjectKind,
)
from qualframe.services.codebook.tree import CodeTree
from qualframe.services.compare.grouping import NO_VALUE, grouping_attribute, participant_groups
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import natural_key
from qualframe.storage import queries
from qualframe.storage.models import ChangeModel
from qualframe.storage.queries.evidence import BoundCodingRow, EvidenceRow
from qualframe.vocabulary import AttributeLevel, Stance

if TYPE_CHECKING:
    import pandas as pd

#: The attribute named in a profile's split by case.
CASE = "case"
#: Most quotes a profile may ask for.
MAX_QUOTES = 500


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one piece of evidence, or the bound codings of one participant,
    bring to a node or link: a participant and case (None when unknown),
    codings (pieces and bound codings), how many support and contradict."""

    participant_id: int | None
    case_id: int | None
    codings: int
    supports: int
    contradicts: int


SubjectKey = tuple[SubjectKind, int]


class EvidenceTally:
    """The evidence of a model (or of one node or link), read once: its pieces
    with their participants and cases, and the codings of bound codes counted
    by participant. Three statements (four with the people), whatever the
    number of codings."""

    def __init__(
        self,
        uow: UnitOfWork,
        model: ChangeModel,
        *,
        node_id: int | None = None,
        link_id: int | None = None,
    ) -> None:
        """Reads the evidence of ``model``, or of its node ``node_id`` or link ``link_id``."""
        session = uow.session
        self.case_of = {person.participant_id: person.case_id for person in people_with_cases(uow)}
        self.pieces: dict[SubjectKey, list[Contribution]] = defaultdict(list)
        for piece in queries.evidence.evidence_people(
            session, model.id, node_id=node_id, link_id=link_id
        ):
            key: SubjectKey = (
                ("node", piece.node_id) if piece.node_id is not None else ("link", piece.link_id)  # type: ignore[assignment]
            )
            case_id = piece.case_id
            if case_id is None and piece.participant_id is not None:
                case_id = self.case_of.get(piece.participant_id)
            supports = int(piece.stance == Stance.SUPPORTS)
            self.pieces[key].append(
                Contribution(piece.participant_id, case_id, 1, supports, 1 - supports)
            )
        self.bound_codes = self._bound_codes(uow, model, node_id, link_id)
        wanted = {code for codes in self.bound_codes.values() for code in codes}
        self.by_code: dict[int, list[tuple[int | None, int]]] = defaultdict(list)
        if wanted:
            for code_id, participant_id, count in queries.evidence.codings_by_code_and_participant(
                session, uow.project_id, wanted
            ):
                self.by_code[code_id].append((participant_id, count))

    @staticmethod
    def _bound_codes(
        uow: UnitOfWork, model: ChangeModel, node_id: int | None, link_id: int | None
    ) -> dict[int, set[int]]:
        """``{node id: the codes it is bound to and their sub-codes}``."""
        if link_id is not None:
            return {}
        bindings = [
            (node, code)
            for node, code in queries.evidence.bindings_of_model(uow.session, model.id)
            if node_id is None or node == node_id
        ]
        if not bindings:
            return {}
        tree = CodeTree.load(uow)
        found: dict[int, set[int]] = defaultdict(set)
        for node, code_id in bindings:
            code = tree.by_id.get(code_id)
            if code is not None:
                found[node] |= {code_id, *(below.id for below in tree.depth_first(code))}
        return found

    def bound_people(self, node_id: int) -> dict[int | None, int]:
        """``{participant id: codings}`` of the codes node ``node_id`` is bound
        to (None: codings spoken by no participant)."""
        per_participant: dict[int | None, int] = defaultdict(int)
        for code_id in self.bound_codes.get(node_id, ()):
            for participant_id, count in self.by_code.get(code_id, ()):
                per_participant[participant_id] += count
        return per_participant

    def bound(self, node_id: int) -> Iterator[Contribution]:
        """The codings of the codes node ``node_id`` is bound to, one
        contribution per participant."""
        for participant_id, count in self.bound_people(node_id).items():
            case_id = self.case_of.get(participant_id) if participant_id is not None else None
            yield Contribution(participant_id, case_id, count, count, 0)

    def contributions(self, kind: SubjectKind, subject_id: int) -> Iterator[Contribution]:
        """What backs one node or link: each explicit piece, then the bound
        codings (a node's) of each participant."""
        yield from self.pieces.get((kind, subject_id), ())
        if kind == "node":
            yield from self.bound(subject_id)

    def summary(self, kind: SubjectKind, subject_id: int, label: str) -> SubjectEvidence:
        """How much evidence backs one node or link (see :class:`SubjectEvidence`)."""
        explicit = self.pieces.get((kind, subject_id), [])
        bound = self.bound_people(subject_id) if kind == "node" else {}
        supporting = [part for part in explicit if part.supports]
        people, cases = self._people_and_cases(explicit, bound)
        backers, backing_cases = self._people_and_cases(supporting, bound)
        return SubjectEvidence(
            subject_kind=kind,
            subject=label,
            id=subject_id,
            supports=len(supporting),
            contradicts=sum(part.contradicts for part in explicit),
            bound_codings=sum(bound.values()),
            participants=len(people),
            cases=len(cases),
            supporting_participants=len(backers),
            supporting_cases=len(backing_cases),
        )

    def _people_and_cases(
        self, parts: Sequence[Contribution], bound: dict[int | None, int]
    ) -> tuple[set[int], set[int]]:
        """The distinct participants and cases behind ``parts`` and the bound
        codings ``bound`` (``{participant id: codings}``); a participant brings
        its case, a case-row cell its case."""
        people = {part.participant_id for part in parts if part.participant_id is not None}
        people.update(person for person in bound if person is not None)
        cases = {part.case_id for part in parts if part.case_id is not None}
        cases.update(
            case for case in (self.case_of.get(person) for person in people) if case is not None
        )
        return people, cases


def flag_of(summary: SubjectEvidence) -> FlagReason | None:
    """Why a node or link is flagged, if it is: no evidence at all, or only
    contradicting evidence (no supporting piece, no bound coding). Pure."""
    if summary.total_supporting:
        return None
    return "only contradicting evidence" if summary.contradicts else "no evidence"


def _subjects(uow: UnitOfWork, model: ChangeModel) -> list[tuple[SubjectKind, int, str]]:
    """Every node (position order) and link (oldest first) of ``model`` with its label."""
    nodes = queries.change_models.nodes_of(uow.session, model.id)
    labels = {node.id: node.label for node in nodes}
    found: list[tuple[SubjectKind, int, str]] = [("node", n.id, n.label) for n in nodes]
    found += [
        ("link", link.id, f"{labels[link.source_id]} → {labels[link.target_id]}")
        for link in queries.change_models.links_of(uow.session, model.id)
    ]
    return found


def evidence_summary(uow: UnitOfWork, *, model: Ref | None = None) -> list[SubjectEvidence]:
    """How much evidence backs each node and link of a model: supporting and
    contradicting pieces, codings of bound codes (and their sub-codes), and
    the distinct participants and cases behind them; nodes in position order,
    then links. A few statements for the whole model. Raises
    :class:`NotFoundError` for an unknown model. Reads only."""
    found = find_model(uow, model)
    tally = EvidenceTally(uow, found)
    return [tally.summary(kind, ident, label) for kind, ident, label in _subjects(uow, found)]


def flags(uow: UnitOfWork, *, model: Ref | None = None) -> list[Flag]:
    """Nodes and links with no evidence (for a node: no piece and no coding of
    a bound code) or only contradicting evidence, in the order of
    :func:`evidence_summary`. Reads only."""
    found = []
    for summary in evidence_summary(uow, model=model):
        reason = flag_of(summary)
        if reason is not None:
            found.append(
                Flag(
                    subject_kind=summary.subject_kind,
                    subject=summary.subject,
                    id=summary.id,
                    reason=reason,
                )
            )
    return found


# ---------------------------------------------------------------- profiles


def _counted(attribute: str, group: str, parts: Iterable[Contribution]) -> GroupCount:
    """The counts of ``parts`` as one group."""
    codings = supports = contradicts = 0
    people: set[int] = set()
    cases: set[int] = set()
    for part in parts:
        codings += part.codings
        supports += part.supports
        contradicts += part.contradicts
        if part.participant_id is not None:
            people.add(part.participant_id)
        if part.case_id is not None:
            cases.add(part.case_id)
    return GroupCount(
        attribute=attribute,
        group=group,
        codings=codings,
        participants=len(people),
        cases=len(cases),
        supports=supports,
        contradicts=contradicts,
    )


@dataclass(frozen=True)
class _Grouping:
    """Which group of attribute ``attribute`` a participant and a case row fall in."""

    attribute: str
    groups: tuple[str, ...]
    of_participant: dict[int, str]
    of_case: dict[int, str]

    def group(self, part: Contribution) -> str | None:
        """The group of a contribution: its participant's (NO_VALUE without a
        value), else its case row's for a case attribute; None: no one."""
        if part.participant_id is not None:
            return self.of_participant.get(part.participant_id, NO_VALUE)
        if part.case_id is not None and self.of_case:
            return self.of_case.get(part.case_id, NO_VALUE)
        return None


def _grouping(uow: UnitOfWork, by: Ref) -> _Grouping:
    """The groups of attribute ``by`` (a categorical, ordinal or boolean
    attribute of cases or participants; raises as the comparisons do)."""
    definition = grouping_attribute(uow, by)
    groups = participant_groups(uow, definition.id)
    of_case: dict[int, str] = {}
    if definition.level is AttributeLevel.CASE:
        of_case = queries.attributes.assigned_values(uow.session, definition)
    return _Grouping(groups.attribute, groups.groups, groups.group_of, of_case)


def _split_by_case(uow: UnitOfWork, parts: Sequence[Contribution]) -> tuple[GroupCount, ...]:
    """Every case of the project (natural order) with the counts of ``parts`` from it."""
    names = queries.people.case_names(uow.session, uow.project_id)
    per_case: dict[int, list[Contribution]] = defaultdict(list)
    for part in parts:
        if part.case_id is not None:
            per_case[part.case_id].append(part)
    ordered = sorted(names.items(), key=lambda item: natural_key(item[1]))
    return tuple(_counted(CASE, name, per_case.get(case_id, ())) for case_id, name in ordered)


def _split_by(grouping: _Grouping, parts: Sequence[Contribution]) -> tuple[GroupCount, ...]:
    """Every group of ``grouping`` with the counts of ``parts`` in it (pieces of
    no one, memos and group rows, are in none)."""
    per_group: dict[str, list[Contribution]] = defaultdict(list)
    for part in parts:
        group = grouping.group(part)
        if group is not None:
            per_group[group].append(part)
    names = list(grouping.groups) + sorted(set(per_group) - set(grouping.groups))
    return tuple(_counted(grouping.attribute, name, per_group.get(name, ())) for name in names)


def evidence_profile(
    uow: UnitOfWork,
    *,
    node: Ref | None = None,
    link: LinkRef | None = None,
    by: Ref | None = None,
    quotes: int = 20,
    model: Ref | None = None,
) -> EvidenceProfile:
    """Who and what backs a node or link, split by attribute ``by``.

    Name exactly one ``node`` (id or label) or ``link`` (id or ``(source,
    target)``). ``summary``: the totals (:class:`SubjectEvidence`);
    ``groups``: with ``by`` (a categorical, ordinal or boolean attribute of
    cases or participants, or a typology; participants inherit case values),
    each group of it in level order with its codings (pieces and bound
    codings), participants, cases, supporting and contradicting counts —
    pieces of no participant or case (memos, group rows) are in no group;
    ``cases``: the same for every case of the project; ``quotes``: at most
    ``quotes`` passages, the coding and quote evidence first (as added), then
    codings of the bound codes, one per participant before anyone's second;
    ``flag``: as :func:`flags` says.

    Raises :class:`ValidationError` for none or both of node and link, a
    ``quotes`` outside 0–500 or an attribute that cannot group people, and
    :class:`NotFoundError` for an unknown model, node, link or attribute.
    Reads only.
    """
    if (node is None) == (link is None):
        raise ValidationError("Name exactly one node or one link for its evidence profile.")
    if isinstance(quotes, bool) or not isinstance(quotes, int) or not 0 <= quotes <= MAX_QUOTES:
        raise ValidationError(f"Ask for 0 to {MAX_QUOTES} quotes, not {quotes!r}.")
    found = find_model(uow, model)
    kind: SubjectKind
    if node is not None:
        row = find_node(uow, found, node)
        kind, subject_id, tally = "node", row.id, EvidenceTally(uow, found, node_id=row.id)
        label = row.label
    else:
        link_row = find_link(uow, found, link)  # type: ignore[arg-type]
        kind, subject_id = "link", link_row.id
        tally = EvidenceTally(uow, found, link_id=link_row.id)
        ends = {n.id: n.label for n in queries.change_models.nodes_of(uow.session, found.id)}
        label = f"{ends[link_row.source_id]} → {ends[link_row.target_id]}"
    grouping = _grouping(uow, by) if by is not None else None
    summary = tally.summary(kind, subject_id, label)
    parts = list(tally.contributions(kind, subject_id))
    return EvidenceProfile(
        subject_kind=kind,
        subject=label,
        id=subject_id,
        by=grouping.attribute if grouping else None,
        summary=summary,
        groups=_split_by(grouping, parts) if grouping else (),
        quotes=_quotes(uow, found, tally, (kind, subject_id), quotes, grouping),
        cases=_split_by_case(uow, parts),
        flag=flag_of(summary),
    )


class _Quoter:
    """Makes the quotes of a profile: who said them, their group."""

    def __init__(self, uow: UnitOfWork, model: ChangeModel, grouping: _Grouping | None) -> None:
        self.labels = EvidenceLabels(uow, model)
        self.people = {person.participant_id: person for person in people_with_cases(uow)}
        self.grouping = grouping

    def _who(self, participant_id: int | None) -> dict[str, str | None]:
        person = self.people.get(participant_id) if participant_id is not None else None
        group = None
        if self.grouping is not None and participant_id is not None:
            group = self.grouping.of_participant.get(participant_id, NO_VALUE)
        return {
            "participant": person.identifier if person else None,
            "case": person.case if person else None,
            "group": group,
        }

    def of_evidence(self, row: EvidenceRow) -> ProfileQuote:
        """A coding or quote cited as evidence."""
        info = self.labels.info(row)
        text, _ = passage_text(row)
        return ProfileQuote(
            text=text,
            stance=info.stance,
            document=row.document or "",
            document_id=row.document_id or 0,
            start=row.start if row.start is not None else row.coding_start or 0,
            end=row.end if row.end is not None else row.coding_end or 0,
            code=info.code,
            evidence_id=row.id,
            **self._who(row.participant_id),
        )

    def of_coding(self, coding: BoundCodingRow) -> ProfileQuote:
        """A coding of a bound code (supporting)."""
        return ProfileQuote(
            text=quotable(coding.quote, coding.speaker),
            stance=Stance.SUPPORTS,
            document=coding.document,
            document_id=coding.document_id,
            start=coding.start,
            end=coding.end,
            code=self.labels.codes.get(coding.code_id),
            evidence_id=None,
            **self._who(coding.participant_id),
        )


def _quotes(
    uow: UnitOfWork,
    model: ChangeModel,
    tally: EvidenceTally,
    subject: SubjectKey,
    limit: int,
    grouping: _Grouping | None,
) -> tuple[ProfileQuote, ...]:
    """The chosen quotes of a node or link, then its bound codings' (see
    :func:`evidence_profile`), at most ``limit``."""
    if limit == 0:
        return ()
    kind, subject_id = subject
    node_id, link_id = (subject_id, None) if kind == "node" else (None, subject_id)
    rows = queries.evidence.evidence_rows(uow.session, model.id, node_id=node_id, link_id=link_id)
    quoter = _Quoter(uow, model, grouping)
    cited = [row for row in rows if row.coding_id is not None][:limit]
    found = [quoter.of_evidence(row) for row in cited]
    chosen = {row.coding_id for row in cited}
    codes = tally.bound_codes.get(subject_id, set()) if kind == "node" else set()
    wanted = limit - len(found)
    if wanted <= 0 or not codes:
        return tuple(found)
    bound = queries.evidence.bound_codings(uow.session, uow.project_id, codes, wanted + len(chosen))
    found += [quoter.of_coding(c) for c in bound if c.coding_id not in chosen][:wanted]
    return tuple(found)


#: The columns of :func:`frame_of_profile`: the fields of :class:`GroupCount`.
PROFILE_COLUMNS = tuple(field.name for field in fields(GroupCount))


def frame_of_profile(profile: EvidenceProfile) -> pd.DataFrame:
    """A profile's groups as a DataFrame, one row per group (the columns of
    :class:`GroupCount`); a profile without ``by`` gives its split by case.
    Pure."""
    import pandas as pd

    groups = profile.groups if profile.by is not None else profile.cases
    rows = [{name: getattr(group, name) for name in PROFILE_COLUMNS} for group in groups]
    return pd.DataFrame(rows, columns=list(PROFILE_COLUMNS))
