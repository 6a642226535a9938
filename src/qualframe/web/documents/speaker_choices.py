"""Who a speaker label stands for, as one select box value.

The speakers page offers one choice per label: nobody (unmapped), the
interviewer, "other", or a participant. The value of each option is
``""``, ``"interviewer"``, ``"other"`` or ``"participant:<identifier>"``
(``static/js/speaker_choice.js`` reads the same values).
"""

from __future__ import annotations

from dataclasses import dataclass

from qualframe.errors import ValidationError
from qualframe.vocabulary import SpeakerRole

PARTICIPANT_PREFIX = "participant:"


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
