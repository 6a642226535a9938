"""Comparing the answers to a structured question across the groups of an attribute.

The counting and the test are those of
:func:`qualframe.analysis.statistics.compare_answers`, chosen by the
question's response scale: categorical answers get Fisher's exact test
(2 × 2) or a chi-square test (with an exact p-value when expected counts
are small); ordinal answers get Mann–Whitney U (2 groups) or Kruskal–Wallis
(3 or more). A test on groups smaller than
:data:`~qualframe.analysis.statistics.MIN_GROUP_SIZE` people is kept but
marked not reliable, with a plain caveat: the counts per group (medians and
ranges on an ordinal scale) are then the result to read. Participants not
asked the question are left out of the counts and the test and reported
apart from those asked who gave no answer; participants without a group
value are left out and counted (``no_group``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualframe.errors import ValidationError
from qualframe.services.compare.grouping import NO_VALUE, participant_groups
from qualframe.services.compare.numbers import finite_or_none
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.study import frames
from qualframe.services.study.answers import answer_table
from qualframe.services.study.schedule import find_question
from qualframe.vocabulary import QuestionKind, ScaleType

if TYPE_CHECKING:
    import pandas as pd

if TYPE_CHECKING:
    # Imported when used: scipy makes ``import qualframe`` slow.
    from qualframe.analysis.statistics import AnswerComparison, Spread

#: Said of every structured-answer comparison, whatever the test found.
SAMPLE_CAVEAT = (
    "Qualitative samples are small and chosen on purpose, not at random: the test describes "
    "the answers at hand and is not evidence about a wider population."
)


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerGroup:
    """One group's answers: count and percentage (0–100; None for a group
    without answers) per level, answers (``n``), and the participants left
    out (asked without an answer, not asked). On an ordinal scale also the
    ``median``, ``lowest`` and ``highest`` answer (levels as text; None on a
    categorical scale or for a group without answers)."""

    group: str
    counts: dict[str, int]
    percentages: dict[str, float | None]
    n: int
    no_answer: int
    not_asked: int
    median: str | None = None
    lowest: str | None = None
    highest: str | None = None


@dataclass(frozen=True)
class AnswersByGroup:
    """A structured question's answers compared across an attribute's groups.

    ``question``: its identifier; ``question_text``: its wording;
    ``attribute``: the grouping attribute; ``comparison``: counts,
    percentages, exclusions and the test (see
    :class:`~qualframe.analysis.statistics.AnswerComparison`).
    """

    question: str
    question_text: str
    attribute: str
    scale: ScaleType
    comparison: AnswerComparison

    @property
    def levels(self) -> list[str]:
        """The levels of the scale, in order, as text."""
        return [str(level) for level in self.comparison.levels]

    def group_rows(self) -> list[AnswerGroup]:
        """One row per group: count and percentage (0–100, None for a group
        without answers) per level, answers (``n``), and who was left out."""
        from qualframe.analysis.statistics import NO_ANSWER, NOT_ASKED

        comparison = self.comparison
        spread = {s.group: s for s in comparison.spread()}
        return [
            AnswerGroup(
                group=str(group),
                counts={str(k): int(v) for k, v in comparison.counts.loc[group].items()},
                percentages={
                    str(k): finite_or_none(v) for k, v in comparison.percentages.loc[group].items()
                },
                n=int(comparison.n.loc[group]),
                no_answer=int(comparison.excluded.loc[group, NO_ANSWER]),
                not_asked=int(comparison.excluded.loc[group, NOT_ASKED]),
                **_spread_fields(spread.get(str(group))),
            )
            for group in comparison.groups
        ]

    @property
    def title(self) -> str:
        """A heading for people: "Q3 by stakeholder group"."""
        return f"{self.question} by {self.attribute}"

    def to_frame(self) -> pd.DataFrame:
        """One row per group: ``group``, the count of each level, ``n``,
        ``no answer``, ``not asked`` (participants left out of the test),
        and on an ordinal scale ``median``, ``lowest``, ``highest``."""
        comparison = self.comparison
        frame = comparison.counts.copy()
        frame.columns = [str(c) for c in frame.columns]
        frame["n"] = comparison.n
        frame = frame.join(comparison.excluded)
        frame = frame.reset_index()
        frame.columns.name = None
        spread = comparison.spread()
        if spread:
            for column in ("median", "lowest", "highest"):
                frame[column] = [getattr(s, column) for s in spread]
        return frame

    @property
    def reliable(self) -> bool:
        """True when the test ran on groups of at least the minimum size
        (:data:`~qualframe.analysis.statistics.MIN_GROUP_SIZE` people)."""
        return self.comparison.test.reliable

    def summary(self) -> str:
        """The test in one line, e.g. "Fisher's exact test: ... p = 0.100"."""
        return self.comparison.test.summary()

    @property
    def p_text(self) -> str:
        """The test's p-value as researchers write it: "p = 0.035", "p < 0.001"."""
        from qualframe.analysis.statistics import format_p

        return format_p(self.comparison.test.p_value)

    def caveats(self) -> tuple[str, ...]:
        """What a reader must know before reading the test, most pressing first:
        why the test is not reliable (groups below the minimum size), the
        test's own warning (small expected counts, nothing to test), who was
        left out and why, and :data:`SAMPLE_CAVEAT` (always last)."""
        comparison = self.comparison
        found: list[str] = []
        if comparison.test.caveat:
            found.append(comparison.test.caveat)
        if comparison.test.warning:
            found.append(comparison.test.warning)
        found.extend(self._exclusions())
        found.append(SAMPLE_CAVEAT)
        return tuple(found)

    def _exclusions(self) -> list[str]:
        from qualframe.analysis.statistics import NO_ANSWER, NOT_ASKED

        comparison = self.comparison
        not_asked = int(comparison.excluded[NOT_ASKED].sum())
        no_answer = int(comparison.excluded[NO_ANSWER].sum())
        found = []
        if not_asked or no_answer:
            parts = [
                *([f"{_people(not_asked)} not asked this question"] if not_asked else []),
                *([f"{_people(no_answer)} asked who gave no answer"] if no_answer else []),
            ]
            found.append(" and ".join(parts) + ": left out of the counts and the test.")
        if comparison.no_group:
            found.append(
                f"{_people(comparison.no_group)} without a value of {self.attribute!r}: "
                "left out of the counts and the test."
            )
        return found


def _spread_fields(spread: Spread | None) -> dict[str, str | None]:
    """An :class:`AnswerGroup`'s median, lowest and highest from a group's spread."""
    if spread is None:
        return {}
    return {"median": spread.median, "lowest": spread.lowest, "highest": spread.highest}


def _people(count: int) -> str:
    return f"{count} participant" + ("" if count == 1 else "s")


def compare_question(uow: UnitOfWork, question: str | int, *, by: str | int) -> AnswersByGroup:
    """Compare the answers to a structured ``question`` (identifier or id)
    across the groups of attribute ``by``, with the test its scale calls for:
    Fisher's exact test (2 × 2) or chi-square for categorical answers,
    Mann–Whitney U or Kruskal–Wallis for ordinal ones. Participants not
    asked, asked without an answer, or without a group value are left out
    of the test and counted apart. Reads only.

    Raises :class:`~qualframe.errors.NotFoundError` for an unknown question
    or attribute and :class:`ValidationError` for an open question or an
    attribute that cannot group participants.
    """
    import pandas as pd

    from qualframe.analysis.statistics import compare_answers

    found = find_question(uow, question)
    if found.kind is not QuestionKind.STRUCTURED or found.scale is None:
        raise ValidationError(
            f"The question {found.identifier!r} is open: its answers are in the transcripts. "
            "Compare a code instead (qualframe compare code)."
        )
    groups = participant_groups(uow, by)
    table = answer_table(uow)
    values = frames.answers_frame(table).set_index("participant")[found.identifier]
    asked = frames.asked_frame(table).set_index("participant")[found.identifier]
    identifiers = {p.participant_id: p.identifier for p in groups.people}
    labels = pd.Series(
        {identifiers[pid]: group for pid, group in groups.group_of.items()}, dtype=object
    ).reindex(values.index)
    # "(no value)" is not a group to test: missing groups are counted in no_group.
    kept = [g for g in groups.groups if g != NO_VALUE]
    group_series = pd.Series(
        pd.Categorical(labels.where(labels != NO_VALUE), categories=kept), index=values.index
    )
    flags = asked.astype("boolean").fillna(True).astype(bool)
    comparison = compare_answers(values, group_series, scale=found.scale, asked=flags)
    return AnswersByGroup(
        question=found.identifier,
        question_text=found.text,
        attribute=groups.attribute,
        scale=found.scale,
        comparison=comparison,
    )
