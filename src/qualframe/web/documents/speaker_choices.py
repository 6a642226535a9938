"""Who a speaker label stands for, as one select box value.

The speakers page offers one choice per label: nobody (unmapped), the
interviewer, "other", or a participant. The value of each option is
``""``, ``"interviewer"``, ``"other"`` or ``"participant:<identifier>"``
(``static/js/speaker_choice.js`` reads the same values). A participant's
option reads ``identifier — description`` (the description shortened), so
"W03" is recognisable as the witness it stands for; without a description,
``identifier (case)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from qualframe.errors import ValidationError
from qualframe.services.core.wording import one_line
from qualframe.vocabulary import SpeakerRole

PARTICIPANT_PREFIX = "participant:"
#: Characters of a participant's description shown in its option.
DESCRIPTION_CHARS = 60


class Person(Protocol):
    """What an option needs of a participant record."""

    @property
    def identifier(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def case(self) -> str: ...


@dataclass(frozen=True)
class SpeakerChoice:
    """A parsed choice: ``role`` None means "not mapped"; ``participant`` is set
    for the participant role only."""

    role: SpeakerRole | None
    participant: str | None = None


def choice_value(role: str | None, participant: str | None) -> str:
    """The option value of a mapping (None role: not mapped)."""
    if role == SpeakerRole.PARTICIPANT and participant:
        return PARTICIPANT_PREFIX + participant
    return str(role) if role else ""


def parse_choice(value: str) -> SpeakerChoice:
    """The choice an option value stands for; raises :class:`ValidationError` for
    a value no option has."""
    text = value.strip()
    if not text:
        return SpeakerChoice(None)
    if text.startswith(PARTICIPANT_PREFIX) and text.removeprefix(PARTICIPANT_PREFIX).strip():
        return SpeakerChoice(SpeakerRole.PARTICIPANT, text.removeprefix(PARTICIPANT_PREFIX))
    if text in (SpeakerRole.INTERVIEWER.value, SpeakerRole.OTHER.value):
        return SpeakerChoice(SpeakerRole(text))
    raise ValidationError(
        f"{value!r} is not a speaker choice: choose a participant, the interviewer or other."
    )


def shortened(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """``text`` on one line, cut at a word to at most ``limit`` characters with "…"."""
    return one_line(text, limit)


def participant_text(identifier: str, description: str | None, case: str | None = None) -> str:
    """How a participant reads in a chooser: ``identifier — description``
    (shortened), else ``identifier (case)``, else the identifier."""
    if description and description.strip():
        return f"{identifier} \u2014 {shortened(description)}"
    return f"{identifier} ({case})" if case else identifier


def participant_options(people: Iterable[Person]) -> list[tuple[str, str]]:
    """``(identifier, option text)`` of each participant, for the choosers."""
    return [(p.identifier, participant_text(p.identifier, p.description, p.case)) for p in people]
