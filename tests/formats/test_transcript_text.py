"""Reading plain-text transcripts with the timestamps transcription services write."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from qualframe.formats.documents import read_document_bytes
from qualframe.formats.speaker_turns import SpeakerTurn
from qualframe.formats.structure import TextContent
from qualframe.formats.timestamps import stamp_seconds
from qualframe.formats.transcript_text import read_plain_text


def turn_list(content: TextContent) -> list[tuple[str, str, float | None]]:
    assert content.turns is not None
    return [(t.label, content.text[t.start : t.end], t.seconds) for t in content.turns]


OTTER = """Interview with P4 - Otter.ai

Speaker 1  0:05
Thanks for coming in. Can you tell me about the letter?

Speaker 2  0:12
Yes. It came a week after the meeting. You say:
"We have reviewed your case." And that was it.

Speaker 1  1:03
What did you make of that?

Speaker 2  1:01:09
Not much.
"""


def test_otter_labels_and_times_become_timed_turns_without_the_times() -> None:
    content = read_plain_text(OTTER, "p4.txt")
    assert content.text == (
        "Interview with P4 - Otter.ai\n\n"
        "Speaker 1: Thanks for coming in. Can you tell me about the letter?\n\n"
        "Speaker 2: Yes. It came a week after the meeting. You say:\n"
        '"We have reviewed your case." And that was it.\n\n'
        "Speaker 1: What did you make of that?\n\n"
        "Speaker 2: Not much.\n"
    )
    assert turn_list(content) == [
        ("Speaker 1", "Speaker 1: Thanks for coming in. Can you tell me about the letter?", 5.0),
        (
            "Speaker 2",
            "Speaker 2: Yes. It came a week after the meeting. You say:\n"
            '"We have reviewed your case." And that was it.',
            12.0,
        ),
        ("Speaker 1", "Speaker 1: What did you make of that?", 63.0),
        ("Speaker 2", "Speaker 2: Not much.", 3669.0),
    ]


@pytest.mark.parametrize(
    "first",
    [
        "[00:01:23] Interviewer: How are you?",
        "(00:01:23) Interviewer: How are you?",
        "00:01:23 Interviewer: How are you?",
        "[00:01:23.000 --> 00:01:29.500] Interviewer: How are you?",
        "Interviewer [00:01:23]: How are you?",
        "Interviewer (00:01:23): How are you?",
        "Interviewer: [00:01:23] How are you?",
        "Interviewer [01:23]:\nHow are you?",
        "[00:01:23]\nInterviewer: How are you?",
        "1:23\n\nInterviewer: How are you?",
    ],
)
def test_timestamp_forms_at_a_turn_start_give_its_time(first: str) -> None:
    text = f"{first}\n\n[00:01:30] P4: Fine, thanks.\n"
    content = read_plain_text(text, "interview.txt")
    assert content.text == "Interviewer: How are you?\n\nP4: Fine, thanks.\n"
    assert turn_list(content) == [
        ("Interviewer", "Interviewer: How are you?", 83.0),
        ("P4", "P4: Fine, thanks.", 90.0),
    ]


def test_a_speaker_heard_once_beside_a_timestamp_is_a_speaker() -> None:
    text = (
        "[00:00:01] Interviewer: Shall we start?\n\n"
        "[00:00:04] Facilitator: One moment, the recorder.\n\n"
        "[00:00:09] Interviewer: Go on.\n"
    )
    assert [(t.label, t.seconds) for t in read_plain_text(text, "a.txt").turns or ()] == [
        ("Interviewer", 1.0),
        ("Facilitator", 4.0),
        ("Interviewer", 9.0),
    ]


def test_stamps_of_later_paragraphs_and_lone_stamps_are_removed_but_prose_times_stay() -> None:
    text = (
        "Interviewer (00:00:02): When did you arrive?\n\n"
        "P4 (00:00:05): At 10:30 we met at the door.\n"
        "[00:00:09] Then we went in.\n\n"
        "00:00:15\n\n"
        "It was 9:45 by then.\n"
    )
    content = read_plain_text(text, "a.txt")
    assert content.text == (
        "Interviewer: When did you arrive?\n\n"
        "P4: At 10:30 we met at the door.\nThen we went in.\n\n"
        "It was 9:45 by then.\n"
    )
    assert turn_list(content)[1] == (
        "P4",
        "P4: At 10:30 we met at the door.\nThen we went in.\n\nIt was 9:45 by then.",
        5.0,
    )


def test_without_timed_turns_clock_times_stay_and_turns_are_left_to_the_dispatcher() -> None:
    text = "Field notes\n\n10:30\nArrived on the ward.\n\n[00:10:30]\n\n14:00 Left.\n"
    content = read_plain_text(text, "notes.txt")
    assert content.text == "Field notes\n\n10:30\nArrived on the ward.\n\n14:00 Left.\n"
    assert content.turns is None


def test_text_without_timestamps_is_stored_as_it_is() -> None:
    text = "Interviewer: Hello.\n\nP1: Hi.\n\nInterviewer: Bye.\n"
    content = read_plain_text(text, "a.txt")
    assert content == TextContent(text)


def test_impossible_times_are_not_timestamps() -> None:
    text = "00:75:10 Interviewer: Hi.\n\nInterviewer 12:99: Hello.\n"
    content = read_plain_text(text, "a.txt")
    assert content.text == text
    assert content.turns is None


def test_known_and_rejected_labels_are_applied_to_the_turns() -> None:
    text = "Speaker 1  0:05\nHello.\n\nMinutes: none.\n\nChair: Thanks.\n"
    content = read_plain_text(text, "a.txt", known=["chair"], rejected=["Minutes"])
    assert turn_list(content) == [
        ("Speaker 1", "Speaker 1: Hello.\n\nMinutes: none.", 5.0),
        ("Chair", "Chair: Thanks.", None),
    ]


def test_text_file_document_has_timed_turns() -> None:
    document = read_document_bytes(OTTER.encode("utf-8"), "uploads/p4.txt")
    assert [(t.label, t.seconds) for t in document.turns] == [
        ("Speaker 1", 5.0),
        ("Speaker 2", 12.0),
        ("Speaker 1", 63.0),
        ("Speaker 2", 3669.0),
    ]
    assert document.text.startswith("Interview with P4 - Otter.ai\n\nSpeaker 1: Thanks")
    assert document.turns[0] == SpeakerTurn(
        "Speaker 1", document.text.index("Speaker 1"), document.text.index("?") + 1, 5.0
    )


@pytest.mark.parametrize(
    ("stamp", "seconds"),
    [
        ("0:05", 5.0),
        ("[00:01:23]", 83.0),
        ("(1:02:03.5)", 3723.5),
        ("00:00:01,250", 1.25),
        ("75:30", 4530.0),
        ("[00:00.000 --> 00:05.000]", 0.0),
        ("1:60:00", None),
        ("0:60", None),
        ("no time", None),
    ],
)
def test_stamp_seconds(stamp: str, seconds: float | None) -> None:
    assert stamp_seconds(stamp) == seconds


_SPEAKERS = st.sampled_from(["Speaker 1", "Speaker 2", "Jane Smith", "Interviewer"])
_WORDS = st.sampled_from(["Yes.", "At 10:30 we met.", "You say: no.", "It was (0:05) long."])


@given(st.lists(st.tuples(_SPEAKERS, st.integers(0, 35_999), _WORDS), min_size=1, max_size=12))
def test_every_otter_turn_keeps_its_label_words_and_time(
    turns: list[tuple[str, int, str]],
) -> None:
    text = "".join(
        f"{label}  {s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}\n{words}\n\n"
        for label, s, words in turns
    )
    content = read_plain_text(text, "otter.txt")
    assert turn_list(content) == [
        (label, f"{label}: {words}", float(s)) for label, s, words in turns
    ]


@pytest.mark.parametrize(
    "line",
    [
        "0:05 a" + " " * 100_000 + "b",
        "Speaker 1 [0:05]" + " " * 100_000 + "b",
        "1:11:" * 40_000,
        "A" * 59 + "  0:05" * 40_000,
        "[" * 100_000 + "0:05",
    ],
)
def test_hostile_lines_are_read_in_linear_time(line: str) -> None:
    text = f"Speaker 1  0:05\nHello.\n{line}\n"
    content = read_plain_text(text, "hostile.txt")
    assert content.text.startswith("Speaker 1: Hello.\n")
