"""Comparing a code across the groups of an attribute: who said it, how much, and what.

For each group of participants (see :mod:`qualframe.services.compare.grouping`) a
comparison counts, for the code — with its sub-codes' codings when
``include_subcodes`` (a theme) —:

- ``participants``: participants in the group (the denominator); with
  ``interviewed_only`` only those linked to a document or speaking in one
  (a participant with codings always counts);
- ``participants_coded``: those with at least one coding, and
  ``participants_share`` = coded / participants (NaN for an empty group);
- ``cases`` / ``cases_coded`` / ``cases_share``: the distinct cases of
  those participants;
- ``codings``: codings attributed to the group's participants (a coding
  belongs to whoever speaks at its start; codings of nobody — interviewer
  speech, unmapped labels — are counted apart in ``unattributed``);
- ``characters``: coded characters (code points). Overlapping or nested
  codings of one participant in one document are merged first, so text
  coded twice (two coders, or a theme and its sub-code) counts once;
- ``not_asked`` / ``asked_no_data``: the participants *without* a coding,
  split by question coverage. A participant is *not asked* when at least
  one interview question covers the code (or one of its ancestors, or with
  ``include_subcodes`` one of its sub-codes) and the participant is
  recorded as not asked (``Answer.asked`` false) for every such question.
  Everyone else without a coding was asked, or nothing says otherwise, and
  said nothing coded: ``asked_no_data``. So ``participants =
  participants_coded + not_asked + asked_no_data`` in every row.

Quotes are kept per group, spread across speakers: the first quote of each
participant (natural identifier order) comes before anyone's second, so
the first N quotes of a group come from as many people as possible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import TYPE_CHECKING, Any

from qualframe.errors import ValidationError
from qualframe.formats.quoting import quotable
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeTree, resolve_code
from qualframe.services.coding.passage import Passage
from qualframe.services.compare.grouping import ParticipantGroups, participant_groups
from qualframe.services.core.refs import Ref, ref_list
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.queries.codings import LISTING_COLUMNS, CodingFilter
from qualframe.vocabulary import AttributeLevel

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupRow:
    """One code in one group: who has it, how much, and who was not asked.

    ``participants = participants_coded + not_asked + asked_no_data``;
    shares are 0–1 (None for an empty group); ``characters`` are code
    points (see the module docstring for each count).
    """

    code: str
    group: str
    participants: int
    participants_coded: int
    participants_share: float | None
    cases: int
    cases_coded: int
    cases_share: float | None
    codings: int
    characters: int
    not_asked: int
    asked_no_data: int


#: Columns of :attr:`CodeComparison.table`, in order (the fields of :class:`GroupRow`).
TABLE_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(GroupRow))
_SHARES = ("participants_share", "cases_share")

#: Columns of :meth:`CodeComparison.quotes_frame`, in order.
QUOTE_COLUMNS: tuple[str, ...] = (
    "code", "group", "participant", "case", "document", "start", "end", "speaker", "text",
    "coding_id",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote(Passage):
    """A coded passage shown in a comparison: a
    :class:`~qualframe.services.coding.passage.Passage` with its text, its
    coding and the group and case of who says it.

    ``start``/``end`` are code points of the document (``document_id``),
    end exclusive; ``code`` is the compared code's path (a sub-code's coding
    of a theme carries the theme's path in ``code`` and its own in
    ``coded_as``). A quote always has a participant (codings spoken by
    nobody are not compared).
    """

    participant: str
    coding_id: int
    code: str
    coded_as: str
    group: str
    case: str
    text: str

    def location(self) -> str:
        """Where the quote comes from, for people: "P01 (Trust A), interview-01.txt [120, 188)"."""
        return f"{self.participant} ({self.case}), {self.document} [{self.start}, {self.end})"


@dataclass(frozen=True)
class CodeComparison:
    """One or several codes compared across the groups of one attribute.

    ``rows``: one :class:`GroupRow` per (code, group), code by code, groups
    in order (see the module docstring for each count); :attr:`table` is
    the same as a DataFrame. ``quotes``: group -> quotes (every compared
    code's, in code order), at most ``quotes_per_group`` per code and group
    (None: all). ``covering_questions``: code -> the identifiers of the
    questions whose coverage decides "not asked" (empty: nothing recorded,
    so nobody counts as not asked). ``unattributed``: code -> codings
    spoken by nobody (left out of the rows).
    """

    codes: tuple[str, ...]
    attribute: str
    level: AttributeLevel
    groups: tuple[str, ...]
    include_subcodes: bool
    interviewed_only: bool
    quotes_per_group: int | None
    rows: tuple[GroupRow, ...]
    quotes: dict[str, list[Quote]] = field(default_factory=dict)
    covering_questions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unattributed: dict[str, int] = field(default_factory=dict)

    @property
    def code(self) -> str:
        """The (first) compared code's path."""
        return self.codes[0]

    @property
    def title(self) -> str:
        """A heading for people: "'Hope' by stakeholder group"."""
        names = ", ".join(repr(c) for c in self.codes)
        return f"{names} by {self.attribute}"

    @cached_property
    def table(self) -> pd.DataFrame:
        """The rows as a DataFrame, columns :data:`TABLE_COLUMNS`: counts as
        int64, shares as float64 (NaN for an empty group)."""
        import pandas as pd

        frame = pd.DataFrame(
            [[getattr(row, name) for name in TABLE_COLUMNS] for row in self.rows],
            columns=list(TABLE_COLUMNS),
        )
        counts = [c for c in TABLE_COLUMNS[2:] if c not in _SHARES]
        return frame.astype({**dict.fromkeys(counts, "int64"), **dict.fromkeys(_SHARES, float)})

    def to_frame(self) -> pd.DataFrame:
        """The table (a copy), one row per (code, group)."""
        return self.table.copy()

    def quotes_frame(self) -> pd.DataFrame:
        """The quotes as a DataFrame, columns :data:`QUOTE_COLUMNS`, group by group."""
        import pandas as pd

        rows = [
            {column: getattr(quote, column) for column in QUOTE_COLUMNS}
            for group in self.groups
            for quote in self.quotes.get(group, [])
        ]
        return pd.DataFrame(rows, columns=list(QUOTE_COLUMNS))


@dataclass(frozen=True)
class _Compared:
    """One compared code: its path, the code ids whose codings count, the
    questions deciding "not asked" (id, identifier)."""

    path: str
    code_ids: frozenset[int]
    questions: tuple[tuple[int, str], ...]


def compare_code(
    uow: UnitOfWork,
    code: Ref | Sequence[Ref],
    *,
    by: str | int,
    include_subcodes: bool = True,
    quotes_per_group: int | None = 5,
    interviewed_only: bool = False,
) -> CodeComparison:
    """Compare a code (id, name or path), or several, across the groups of
    attribute ``by`` (a case or participant attribute: categorical, ordinal,
    boolean or a typology).

    Per code and group: participants and cases with the code and their
    shares, codings, coded characters (code points, overlaps once), "not
    asked" apart from "asked, no data" (see
    :mod:`qualframe.services.compare.code_comparison`), and quotes side by
    side. ``include_subcodes`` counts a theme's sub-codes' codings with it;
    ``quotes_per_group``: quotes kept per code and group (None: all; 0:
    none); ``interviewed_only`` counts only participants linked to a
    document or speaking in one. Reads only.

    Raises :class:`~qualframe.errors.NotFoundError` for an unknown code or
    attribute and :class:`ValidationError` for an attribute that cannot
    group participants, no code, or a negative quote count.
    """
    refs = ref_list(code) or []
    if not refs:
        raise ValidationError("Name at least one code to compare.")
    if quotes_per_group is not None and quotes_per_group < 0:
        raise ValidationError("The number of quotes per group cannot be negative.")
    groups = participant_groups(uow, by)
    compared, paths = _compared_codes(uow, refs, include_subcodes)
    all_ids = set().union(*(c.code_ids for c in compared))
    listing = queries.codings.coding_listing(
        uow.session, uow.project_id, CodingFilter(code_ids=all_ids)
    )
    codings = _codings(listing)
    people = _people(uow, groups, codings, interviewed_only)
    not_asked = queries.schedule.not_asked(
        uow.session, uow.project_id, {qid for c in compared for qid, _ in c.questions}
    )
    rows: list[GroupRow] = []
    quotes: dict[str, list[Quote]] = {g: [] for g in groups.groups}
    unattributed: dict[str, int] = {}
    for item in compared:
        mine, unattributed[item.path] = _spoken(codings, item, groups)
        rows.extend(_rows(item.path, groups, people, mine, _not_asked_people(item, not_asked)))
        for group, found in _quotes(item.path, mine, people, paths, quotes_per_group).items():
            quotes[group].extend(found)
    return CodeComparison(
        codes=tuple(c.path for c in compared),
        attribute=groups.attribute,
        level=groups.level,
        groups=groups.groups,
        include_subcodes=include_subcodes,
        interviewed_only=interviewed_only,
        quotes_per_group=quotes_per_group,
        rows=tuple(rows),
        quotes=quotes,
        covering_questions={c.path: tuple(i for _, i in c.questions) for c in compared},
        unattributed=unattributed,
    )


def compare_codes(
    uow: UnitOfWork,
    codes: Sequence[Ref],
    *,
    by: str | int,
    include_subcodes: bool = True,
    quotes_per_group: int | None = 5,
    interviewed_only: bool = False,
) -> CodeComparison:
    """Several codes at once: one row per (code, group), quotes code by code.
    The same comparison as ``project.compare.code`` given a list."""
    return compare_code(
        uow,
        list(codes),
        by=by,
        include_subcodes=include_subcodes,
        quotes_per_group=quotes_per_group,
        interviewed_only=interviewed_only,
    )


def _compared_codes(
    uow: UnitOfWork, refs: Sequence[Ref], include_subcodes: bool
) -> tuple[list[_Compared], dict[int, str]]:
    """Each named code with the ids whose codings count and the covering questions,
    and the path of every code of the project by id."""
    tree = CodeTree.load(uow)
    paths = {code.id: PATH_SEPARATOR.join(tree.path(code)) for code in tree.codes}
    found = []
    for ref in refs:
        code = tree.by_id[resolve_code(uow, ref).id]
        below = [c.id for c in tree.depth_first(code)] if include_subcodes else []
        above = [c.id for c in tree.ancestors(code)]
        found.append((code, paths[code.id], [code.id, *below], above))
    coverage = queries.schedule.covering_questions(
        uow.session, uow.project_id, {i for _, _, ids, above in found for i in (*ids, *above)}
    )
    result = []
    for _code, path, ids, above in found:
        questions = dict.fromkeys(q for i in (*ids, *above) for q in coverage.get(i, []))
        result.append(_Compared(path, frozenset(ids), tuple(questions)))
    return result, paths


def _codings(rows: Sequence[Any]) -> pd.DataFrame:
    """Listing rows as a frame (:data:`LISTING_COLUMNS`), participant ids nullable."""
    import pandas as pd

    frame = pd.DataFrame.from_records(list(rows), columns=list(LISTING_COLUMNS))
    frame["participant_id"] = frame["participant_id"].astype("Int64")
    for column in ("coding_id", "code_id", "document_id", "start", "end"):
        frame[column] = frame[column].astype("int64")
    return frame


def _people(
    uow: UnitOfWork,
    groups: ParticipantGroups,
    codings: pd.DataFrame,
    interviewed_only: bool,
) -> pd.DataFrame:
    """One row per participant counted: ``participant_id, participant, case_id, case,
    group, order`` (natural identifier order)."""
    import pandas as pd

    frame = pd.DataFrame(
        {
            "participant_id": [p.participant_id for p in groups.people],
            "participant": [p.identifier for p in groups.people],
            "case_id": [p.case_id for p in groups.people],
            "case": [p.case for p in groups.people],
            "group": [groups.group_of[p.participant_id] for p in groups.people],
            "order": range(len(groups.people)),
        }
    )
    if interviewed_only:
        counted = queries.documents.interviewed_participants(uow.session, uow.project_id)
        counted |= set(codings["participant_id"].dropna().astype("int64"))
        frame = frame[frame["participant_id"].isin(counted)]
    return frame.reset_index(drop=True)


def _spoken(
    codings: pd.DataFrame, item: _Compared, groups: ParticipantGroups
) -> tuple[pd.DataFrame, int]:
    """The codings that count for ``item`` and are spoken by a participant, with
    their ``group``, and the number spoken by nobody."""
    mine = codings[codings["code_id"].isin(item.code_ids)]
    nobody = int(mine["participant_id"].isna().sum())
    mine = mine[mine["participant_id"].notna()].copy()
    mine["participant_id"] = mine["participant_id"].astype("int64")
    mine["group"] = mine["participant_id"].map(groups.group_of)
    return mine, nobody


def _not_asked_people(item: _Compared, not_asked: dict[int, set[int]]) -> set[int]:
    """Participants recorded as not asked every question covering the code."""
    if not item.questions:
        return set()
    sets = [not_asked.get(qid, set()) for qid, _ in item.questions]
    return set.intersection(*sets)


def _rows(
    path: str,
    groups: ParticipantGroups,
    people: pd.DataFrame,
    codings: pd.DataFrame,
    silent: set[int],
) -> list[GroupRow]:
    """The rows of one code: one per group, in group order."""
    import pandas as pd

    counted = codings[codings["participant_id"].isin(people["participant_id"])]
    coded_ids = set(counted["participant_id"])
    people = people.assign(
        coded=people["participant_id"].isin(coded_ids),
        not_asked=people["participant_id"].isin(silent),
    )
    people["not_asked"] &= ~people["coded"]
    by_group = people.groupby("group", sort=False)
    table = pd.DataFrame(index=pd.Index(list(groups.groups), name="group"))
    table["participants"] = by_group.size()
    table["participants_coded"] = by_group["coded"].sum()
    table["cases"] = by_group["case_id"].nunique()
    table["cases_coded"] = people[people["coded"]].groupby("group")["case_id"].nunique()
    table["codings"] = counted.groupby("group").size()
    table["characters"] = _characters(counted).groupby(counted["group"]).sum()
    table["not_asked"] = by_group["not_asked"].sum()
    counts = table.fillna(0).astype("int64").to_dict("index")
    return [
        _row(path, str(group), {str(k): int(v) for k, v in n.items()})
        for group, n in counts.items()
    ]


def _row(path: str, group: str, n: dict[str, int]) -> GroupRow:
    """A row from a group's counts (participants, cases, codings, characters, not asked)."""
    return GroupRow(
        code=path,
        group=group,
        participants=n["participants"],
        participants_coded=n["participants_coded"],
        participants_share=_share(n["participants_coded"], n["participants"]),
        cases=n["cases"],
        cases_coded=n["cases_coded"],
        cases_share=_share(n["cases_coded"], n["cases"]),
        codings=n["codings"],
        characters=n["characters"],
        not_asked=n["not_asked"],
        asked_no_data=n["participants"] - n["participants_coded"] - n["not_asked"],
    )


def _share(part: int, whole: int) -> float | None:
    """``part / whole``, None where ``whole`` is zero."""
    return part / whole if whole else None


def _characters(codings: pd.DataFrame) -> pd.Series:
    """Per coding, the characters it adds once overlapping codings of the same
    participant in the same document are merged (index aligned with ``codings``).

    Spans sorted by start within (participant, document) form a new block
    when they start at or after the furthest end reached so far; each block
    counts ``max end - min start``, credited to its first coding.
    """
    import pandas as pd

    if codings.empty:
        return pd.Series(dtype="int64", index=codings.index)
    spans = codings[["participant_id", "document_id", "start", "end"]].sort_values(
        ["participant_id", "document_id", "start", "end"]
    )
    keys = ["participant_id", "document_id"]
    reach = spans.groupby(keys, sort=False)["end"].cummax()
    same = (spans[keys] == spans[keys].shift()).all(axis=1)
    before = reach.shift().where(same)
    block = (~same | (spans["start"] >= before)).cumsum()
    bounds = spans.groupby(block).agg(start=("start", "min"), end=("end", "max"))
    first = spans.index.to_series().groupby(block.to_numpy()).first()
    credited = pd.Series(0, index=codings.index, dtype="int64")
    credited.loc[first.to_numpy()] = (bounds["end"] - bounds["start"]).to_numpy()
    return credited


def _quotes(
    path: str,
    codings: pd.DataFrame,
    people: pd.DataFrame,
    paths: dict[int, str],
    limit: int | None,
) -> dict[str, list[Quote]]:
    """Quotes per group, spread across participants (round robin), at most ``limit``."""
    if limit == 0 or codings.empty:
        return {}
    who = people.set_index("participant_id")
    chosen = codings[codings["participant_id"].isin(who.index)].copy()
    chosen["order"] = chosen["participant_id"].map(who["order"])
    chosen = chosen.sort_values(["order", "document_id", "start", "end", "coding_id"])
    chosen["turn"] = chosen.groupby("participant_id").cumcount()
    chosen = chosen.sort_values(["turn", "order"], kind="stable")
    if limit is not None:
        chosen = chosen.groupby("group", sort=False).head(limit)
    result: dict[str, list[Quote]] = {}
    for row in chosen.to_dict("records"):
        result.setdefault(str(row["group"]), []).append(
            Quote(
                document_id=int(row["document_id"]),
                document=str(row["document"]),
                start=int(row["start"]),
                end=int(row["end"]),
                speaker=row["speaker"] if isinstance(row["speaker"], str) else None,
                participant=str(row["participant"]),
                coding_id=int(row["coding_id"]),
                code=path,
                coded_as=paths.get(int(row["code_id"]), path),
                group=str(row["group"]),
                case=str(row["case"]),
                text=quotable(
                    str(row["text"]), row["speaker"] if isinstance(row["speaker"], str) else None
                ),
            )
        )
    return result


def participants_share_frame(comparison: CodeComparison) -> pd.DataFrame:
    """The rows shaped for :func:`qualframe.analysis.charts.comparison_bars`:
    ``group`` (with the code in front when several are compared), ``share``
    (NaN for an empty group), ``count`` (participants coded) and ``n``
    (participants)."""
    import numpy as np
    import pandas as pd

    rows = comparison.rows
    several = len(comparison.codes) > 1
    return pd.DataFrame(
        {
            "group": [f"{r.code}: {r.group}" if several else r.group for r in rows],
            "share": np.array([r.participants_share for r in rows], dtype=float),
            "count": np.array([r.participants_coded for r in rows], dtype=np.int64),
            "n": np.array([r.participants for r in rows], dtype=np.int64),
        }
    )
