"""Detecting speaker turns in transcript text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from qualframe.formats.speaker_turns import SpeakerTurn, detect_speaker_turns


def spans(text: str) -> list[tuple[str, str]]:
    return [(turn.label, text[turn.start : turn.end]) for turn in detect_speaker_turns(text)]


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Alice: Hello there", "Alice"),
        ("INTERVIEWER: Hello there", "INTERVIEWER"),
        ("**Lady Hallett**: Good morning.", "Lady Hallett"),
        ("**Lady Hallett:** Good morning.", "Lady Hallett"),
        ("[Participant 3] I think so.", "Participant 3"),
        ("[Participant 3]: I think so.", "Participant 3"),
        ("Dr. Mary-Jane O'Neil: Yes.", "Dr. Mary-Jane O'Neil"),
        ("Counsel to the Inquiry: Thank you.", "Counsel to the Inquiry"),
        ("Interviewer (JS): Go on.", "Interviewer (JS)"),
        ("interviewer: so tell me", "interviewer"),
        ("P1: yes", "P1"),
        ("Q: What happened?", "Q"),
        ("Zoë Ångström: Hej", "Zoë Ångström"),
    ],
)
def test_label_forms_start_a_turn_with_a_clean_label(line: str, label: str) -> None:
    assert spans(line) == [(label, line)]


@pytest.mark.parametrize(
    "line",
    [
        "10:30 we met again",
        "See http://example.org for details",
        "Note: this is a remark",
        "Date: 4 October 2022",
        "The main reasons were these: cost and time",
        "And: another thing",
        "Paragraph 4: says otherwise",
        "At 12: we broke for lunch",
        "[laughs] yes, that was funny",
        "[inaudible] and then",
        "[As read] the statement says",
        "[Alice]",
        "1st speaker: no",
        "A very long label that goes on and on with many words: text",
        "We then asked Alice: she said no",
        "- Alice: list items are not turns",
    ],
)
def test_lines_that_are_not_speaker_labels_start_no_turn(line: str) -> None:
    assert detect_speaker_turns(line) == []


def test_unlabelled_paragraphs_continue_the_current_turn() -> None:
    text = (
        "**Lady Hallett**: Good morning.\n\nThere is one word.\n\nThose who were bereaved.\n\n"
        "**Mr Keith**: My Lady.\n"
    )
    assert spans(text) == [
        (
            "Lady Hallett",
            "**Lady Hallett**: Good morning.\n\nThere is one word.\n\nThose who were bereaved.",
        ),
        ("Mr Keith", "**Mr Keith**: My Lady."),
    ]


def test_indented_label_line_starts_the_turn_at_the_label() -> None:
    text = "  Alice: indented a little"
    assert detect_speaker_turns(text) == [SpeakerTurn("Alice", 2, len(text))]


def test_text_before_the_first_label_belongs_to_no_turn() -> None:
    text = "Transcript of interview 4\n\nAlice: Hello"
    assert spans(text) == [("Alice", "Alice: Hello")]
    assert detect_speaker_turns(text)[0].start == text.index("Alice")


def test_turn_ends_at_a_section_heading() -> None:
    text = (
        "**Mr Keith**: Thank you.\n\nOpening Statement by Ms Carey\n"
        "-----------------------------\n\n**Ms Carey**: My Lady.\n"
    )
    assert spans(text) == [
        ("Mr Keith", "**Mr Keith**: Thank you."),
        ("Ms Carey", "**Ms Carey**: My Lady."),
    ]


def test_turn_ends_at_a_markdown_heading_and_question_heading() -> None:
    text = "Alice: one\n\n## Topic\n\nBob: two\nQ2. What next?\nmore"
    assert spans(text) == [("Alice", "Alice: one"), ("Bob", "Bob: two")]


def test_turn_ends_at_a_stage_direction_line() -> None:
    text = "**Lady Hallett**: We'll break.\n\n*(11.28 am)*\n\n*(A short break)*\n\n(Pause)\n"
    assert spans(text) == [("Lady Hallett", "**Lady Hallett**: We'll break.")]


def test_trailing_white_space_is_excluded() -> None:
    text = "Alice: Hello   \n\n\n   \nBob: Hi\t \n\n"
    assert spans(text) == [("Alice", "Alice: Hello"), ("Bob", "Bob: Hi")]


def test_label_alone_on_its_line_takes_the_following_lines() -> None:
    text = "INTERVIEWER:\nSo tell me.\n\nRESPONDENT:\nWell."
    assert spans(text) == [
        ("INTERVIEWER", "INTERVIEWER:\nSo tell me."),
        ("RESPONDENT", "RESPONDENT:\nWell."),
    ]


def test_offsets_are_code_points_with_emoji_and_combining_characters() -> None:
    text = unicodedata.normalize("NFC", "Zoe\u0308: 😀😀 cafe\u0301\n\nBjörn: ok 👍🏽")
    turns = detect_speaker_turns(text)
    assert turns == [
        SpeakerTurn("Zoë", 0, len("Zoë: 😀😀 café")),
        SpeakerTurn("Björn", text.index("Björn"), len(text)),
    ]
    assert text[turns[1].start : turns[1].end] == "Björn: ok 👍🏽"


def test_text_without_labels_has_no_turns() -> None:
    assert detect_speaker_turns("Just some prose.\n\nMore prose.") == []
    assert detect_speaker_turns("") == []


@pytest.mark.slow
def test_covid_inquiry_transcript_turns_match_the_bold_labels(shared_dir: Path) -> None:
    path = shared_dir / "datasets" / "uk-covid-inquiry-transcripts" / "module-1" / "2022-10-04.rst"
    text = path.read_text(encoding="utf-8")
    turns = detect_speaker_turns(text)
    bold_turns = [t for t in turns if text.startswith("**", t.start)]
    assert len(bold_turns) == text.count("\n**")
    assert turns[0].label == "Lady Hallett"
    first = text[turns[0].start : turns[0].end]
    assert first.startswith("**Lady Hallett**: Good morning.")
    assert first.endswith("Mr Keith.")  # several paragraphs, ends before the next heading
    assert all(not text[t.start : t.end][-1].isspace() for t in turns)


def test_role_labels_in_lower_case_are_speakers_but_short_prose_is_not() -> None:
    text = (
        "Peer worker: I had been on the ward.\n\n"
        "Service user 2: It helped.\n\n"
        "The reasons were these: cost and time.\n\n"
        "Key findings: none.\n"
    )
    assert [turn.label for turn in detect_speaker_turns(text)] == ["Peer worker", "Service user 2"]
