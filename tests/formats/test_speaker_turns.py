"""Detecting speaker turns in transcript text."""

from __future__ import annotations

import itertools
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from qualframe.formats.speaker_turns import (
    LabelCandidate,
    SpeakerTurn,
    detect_speaker_turns,
    label_candidates,
)


def spans(text: str, **evidence: tuple[str, ...]) -> list[tuple[str, str]]:
    return [
        (turn.label, text[turn.start : turn.end]) for turn in detect_speaker_turns(text, **evidence)
    ]


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("**Lady Hallett**: Good morning.", "Lady Hallett"),
        ("**Lady Hallett:** Good morning.", "Lady Hallett"),
        ("[Participant 3] I think so.", "Participant 3"),
        ("[Participant 3]: I think so.", "Participant 3"),
    ],
)
def test_bold_and_bracket_labels_start_a_turn_even_once(line: str, label: str) -> None:
    assert spans(line) == [(label, line)]


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Alice: Hello there", "Alice"),
        ("INTERVIEWER: Hello there", "INTERVIEWER"),
        ("Dr. Mary-Jane O'Neil: Yes.", "Dr. Mary-Jane O'Neil"),
        ("Counsel to the Inquiry: Thank you.", "Counsel to the Inquiry"),
        ("Interviewer (JS): Go on.", "Interviewer (JS)"),
        ("interviewer: so tell me", "interviewer"),
        ("P1: yes", "P1"),
        ("Q: What happened?", "Q"),
        ("Zoë Ångström: Hej", "Zoë Ångström"),
        ("Peer worker: I had been there.", "Peer worker"),
        ("Participant 3: yes", "Participant 3"),
        ("Dr Smith: Go on.", "Dr Smith"),
        ("The Witness: Yes.", "The Witness"),
    ],
)
def test_plain_labels_that_recur_start_turns_with_a_clean_label(line: str, label: str) -> None:
    text = f"{line}\n\n{line}"
    assert spans(text) == [(label, line), (label, line)]
    # Once and not known: a transcript role ("Interviewer", "P1") is enough
    # evidence; a name is not.
    role = label.casefold().split(" ")[0].rstrip("0123456789") in {
        "interviewer",
        "participant",
        "p",
    }
    assert spans(line) == ([(label, line)] if role else [])
    assert spans(line, known=(label,)) == [(label, line)]


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
    assert detect_speaker_turns(text, known=["Alice"]) == [SpeakerTurn("Alice", 2, len(text))]


def test_text_before_the_first_label_belongs_to_no_turn() -> None:
    text = "Transcript of interview 4\n\nAlice: Hello\n\nAlice: Again"
    assert spans(text) == [("Alice", "Alice: Hello"), ("Alice", "Alice: Again")]
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
    assert spans(text, known=("Alice", "Bob")) == [("Alice", "Alice: one"), ("Bob", "Bob: two")]


def test_turn_ends_at_a_stage_direction_line() -> None:
    text = "**Lady Hallett**: We'll break.\n\n*(11.28 am)*\n\n*(A short break)*\n\n(Pause)\n"
    assert spans(text) == [("Lady Hallett", "**Lady Hallett**: We'll break.")]


def test_trailing_white_space_is_excluded() -> None:
    text = "Alice: Hello   \n\n\n   \nBob: Hi\t \n\n"
    assert spans(text, known=("alice", "BOB")) == [("Alice", "Alice: Hello"), ("Bob", "Bob: Hi")]


def test_label_alone_on_its_line_takes_the_following_lines() -> None:
    text = (
        "INTERVIEWER:\nSo tell me.\n\nRESPONDENT:\nWell.\n\nINTERVIEWER:\nAnd?\n\nRESPONDENT:\nNo."
    )
    assert spans(text) == [
        ("INTERVIEWER", "INTERVIEWER:\nSo tell me."),
        ("RESPONDENT", "RESPONDENT:\nWell."),
        ("INTERVIEWER", "INTERVIEWER:\nAnd?"),
        ("RESPONDENT", "RESPONDENT:\nNo."),
    ]


def test_offsets_are_code_points_with_emoji_and_combining_characters() -> None:
    text = unicodedata.normalize("NFC", "Zoe\u0308: 😀😀 cafe\u0301\n\nBjörn: ok 👍🏽")
    turns = detect_speaker_turns(text, known=["Zoe\u0308", "Björn"])
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
        "Key findings: none.\n\n"
    ) * 2
    assert [turn.label for turn in detect_speaker_turns(text)] == [
        "Peer worker",
        "Service user 2",
    ] * 2


INTERVIEW = """Interview 4, 12 March 2024

Interviewer: Thanks for coming in. Can you tell me about the letter?

P4: Yes. It came in the post a week after the meeting. You say:
"We have reviewed your case." And that was it.

The next paragraph:

- your support ends in June
- you can appeal

Interviewer: What did you make of that?

P4: Nothing about why.
It states: "decided by the panel".
He said: ask the office.
Next point: they never called back.

You say:

"I was angry," and I was.
"""


def test_prose_with_a_colon_stays_inside_the_interview_turn() -> None:
    turns = detect_speaker_turns(INTERVIEW)
    assert [turn.label for turn in turns] == ["Interviewer", "P4", "Interviewer", "P4"]
    second = INTERVIEW[turns[1].start : turns[1].end]
    assert second.startswith("P4: Yes.")
    assert second.endswith("- you can appeal")
    assert "The next paragraph:" in second
    last = INTERVIEW[turns[3].start : turns[3].end]
    assert last.startswith("P4: Nothing about why.\nIt states:")
    assert last.endswith('"I was angry," and I was.')


def test_prose_labels_are_listed_as_rejected_candidates_with_reasons() -> None:
    candidates = {c.label: c for c in label_candidates(INTERVIEW)}
    assert candidates["Interviewer"] == LabelCandidate(
        "Interviewer",
        2,
        "Interviewer: Thanks for coming in. Can you tell me about the letter?",
        True,
        "starts 2 turns",
    )
    assert candidates["P4"].accepted and candidates["P4"].count == 2
    for prose in ("The next paragraph", "It states", "He said", "Next point", "You say"):
        assert not candidates[prose].accepted, prose
        assert candidates[prose].reason == "reads as prose, not a name or role"
    assert candidates["You say"].count == 1  # "You say:" mid-line is no candidate
    assert candidates["You say"].first_line == "You say:"
    assert [c.label for c in label_candidates(INTERVIEW)][:2] == ["Interviewer", "P4"]


FACILITATED = """Interviewer: How long have you used the service?

P4: About two years.

Facilitator: Sorry to interrupt, we have ten minutes left.

Interviewer: Thank you. And the staff?

P4: Kind, mostly.
"""


def test_a_label_used_once_is_a_speaker_where_the_document_is_labelled_turns() -> None:
    turns = detect_speaker_turns(FACILITATED)
    assert [t.label for t in turns] == ["Interviewer", "P4", "Facilitator", "Interviewer", "P4"]
    assert FACILITATED[turns[2].start : turns[2].end] == (
        "Facilitator: Sorry to interrupt, we have ten minutes left."
    )
    (facilitator,) = [c for c in label_candidates(FACILITATED) if c.label == "Facilitator"]
    assert facilitator.accepted
    assert facilitator.reason == "a transcript role such as 'Interviewer' or 'P4'"


def test_a_focus_group_whose_speakers_each_speak_once_has_their_turns() -> None:
    text = (
        "Facilitator: What difference did peer support make?\n\n"
        "Sam: She had been through it too.\n\nAli: I go every week now.\n"
    )
    assert [t.label for t in detect_speaker_turns(text)] == ["Facilitator", "Sam", "Ali"]
    (sam,) = [c for c in label_candidates(text) if c.label == "Sam"]
    assert sam.reason == "starts one turn, as the document's other labels do"


def test_a_lone_label_like_line_in_prose_is_not_a_speaker_unless_known() -> None:
    text = "The report was long.\n\nBridget: the person who ran the groups.\n\nIt ended.\n"
    assert detect_speaker_turns(text) == []
    (candidate,) = label_candidates(text)
    assert candidate.reason == "starts only one line; accept it if it is a speaker"
    assert [t.label for t in detect_speaker_turns(text, known=["bridget"])] == ["Bridget"]


def test_a_rejected_label_stays_in_the_turn_before() -> None:
    text = "Chair: Welcome.\n\nMinutes: none taken.\n\nChair: Close.\n\nMinutes: none.\n"
    assert [t.label for t in detect_speaker_turns(text)] == ["Chair", "Minutes", "Chair", "Minutes"]
    turns = detect_speaker_turns(text, rejected=["MINUTES"])
    assert [text[t.start : t.end] for t in turns] == [
        "Chair: Welcome.\n\nMinutes: none taken.",
        "Chair: Close.\n\nMinutes: none.",
    ]
    (minutes,) = [c for c in label_candidates(text, rejected=["minutes"]) if c.label == "Minutes"]
    assert (minutes.accepted, minutes.reason, minutes.count) == (
        False,
        "marked as not a speaker",
        2,
    )


def test_focus_group_participants_numbered_in_plain_labels() -> None:
    text = (
        "Moderator: Who wants to start?\n\n"
        "Participant 3: I will. The bus is the problem.\n\n"
        "Participant 12: Same for me.\nEvery week.\n\n"
        "Moderator: Anyone else?\n\n"
        "Participant 3: Only that.\n\n"
        "Participant 12: No.\n"
    )
    assert spans(text) == [
        ("Moderator", "Moderator: Who wants to start?"),
        ("Participant 3", "Participant 3: I will. The bus is the problem."),
        ("Participant 12", "Participant 12: Same for me.\nEvery week."),
        ("Moderator", "Moderator: Anyone else?"),
        ("Participant 3", "Participant 3: Only that."),
        ("Participant 12", "Participant 12: No."),
    ]


def test_upper_case_labels_are_speakers_but_upper_case_prose_is_not() -> None:
    text = (
        "INTERVIEWER: WHAT HAPPENED NEXT?\n\nDR SMITH: We waited.\n\n"
        "YOU SAY: that is not what I heard.\n\nINTERVIEWER: And then?\n\n"
        "DR SMITH: Nothing.\n\nYOU SAY: no.\n"
    )
    assert [t.label for t in detect_speaker_turns(text)] == [
        "INTERVIEWER",
        "DR SMITH",
        "INTERVIEWER",
        "DR SMITH",
    ]


def test_labels_are_compared_without_case_and_keep_their_own_spelling() -> None:
    text = "Interviewer: Hi.\n\nP1: Hello.\n\nINTERVIEWER: Ready?\n\np1: yes\n"
    assert [t.label for t in detect_speaker_turns(text)] == [
        "Interviewer",
        "P1",
        "INTERVIEWER",
        "p1",
    ]


def test_a_name_introducing_a_quoted_message_is_not_a_turn() -> None:
    # Counsel reads out WhatsApp messages: "Name:" then the message in quotes.
    text = (
        "**Lead Inquiry**: Could we look at the messages.\n\n"
        "Mark Sedwill:\n\n"
        '"If he\'s going to try to scapegoat me he can do so face to face."\n\n'
        "Mark Sedwill:\n\n"
        '"Not sure how well outside the bubble."\n\n'
        'Martin Reynolds: "It is bound to be."\n\n'
        'Martin Reynolds: "Yes."\n\n'
        "What did you understand by that?\n\n"
        "**Mr Martin Reynolds**: I assume it was about his role.\n"
    )
    assert [t.label for t in detect_speaker_turns(text)] == ["Lead Inquiry", "Mr Martin Reynolds"]
    reasons = {c.label: c.reason for c in label_candidates(text)}
    assert reasons["Mark Sedwill"] == "it introduces a quotation or a list, not speech"
    assert reasons["Martin Reynolds"] == "it introduces a quotation or a list, not speech"


def test_a_known_label_may_open_with_a_quotation() -> None:
    text = 'Interviewer: What did she say?\n\nP2:\n"Go home," she said. So I did.\n'
    assert [t.label for t in detect_speaker_turns(text, known=["Interviewer", "P2"])] == [
        "Interviewer",
        "P2",
    ]


def test_reporting_verbs_and_pronouns_make_a_label_prose() -> None:
    text = "\n\n".join(
        f"{label}: words" for label in ["Professor Leitch says", "He said", "It states"] * 3
    )
    assert detect_speaker_turns(text) == []
    assert {c.reason for c in label_candidates(text)} == {"reads as prose, not a name or role"}


def test_a_label_followed_by_another_label_says_nothing() -> None:
    text = "Interviewer:\nP1: Hello.\n\nInterviewer: Hi.\n\nP1: Yes.\n\nInterviewer: Bye.\n"
    assert spans(text) == [
        ("P1", "P1: Hello."),
        ("Interviewer", "Interviewer: Hi."),
        ("P1", "P1: Yes."),
        ("Interviewer", "Interviewer: Bye."),
    ]


_LABEL_TEXT = st.lists(
    st.sampled_from(
        [
            "Interviewer: So?",
            "P4: Well.",
            "**Chair**: Order.",
            "[Dr Li] Yes.",
            "You say:",
            "The next paragraph:",
            "- a list item",
            '"A quotation."',
            "Facilitator:",
            "plain prose, with a colon: here",
            "",
            "## Heading",
            "(Pause)",
        ]
    ),
    max_size=30,
).map("\n".join)


@given(_LABEL_TEXT, st.sets(st.sampled_from(["Facilitator", "You say", "P4"]), max_size=2))
def test_turns_are_ordered_disjoint_and_start_at_their_label(text: str, known: set[str]) -> None:
    turns = detect_speaker_turns(text, known=known)
    for before, after in itertools.pairwise(turns):
        assert before.end <= after.start
    for turn in turns:
        assert 0 <= turn.start < turn.end <= len(text)
        assert turn.label in text[turn.start : turn.start + len(turn.label) + 3]
        assert not text[turn.end - 1].isspace()
    accepted = {c.label.casefold() for c in label_candidates(text, known=known) if c.accepted}
    assert {t.label.casefold() for t in turns} <= accepted


def test_detection_is_linear_on_hostile_label_lines() -> None:
    line = "A" * 59 + ":" + " x" * 20
    small = "\n".join([line, "You say:", "P4: ok", "\n"] * 2_000)
    started = time.perf_counter()
    detect_speaker_turns(small)
    one = time.perf_counter() - started
    started = time.perf_counter()
    detect_speaker_turns(small * 10)
    ten = time.perf_counter() - started
    assert ten < 30 * max(one, 1e-3)


def test_fields_of_a_form_under_a_title_are_not_speakers() -> None:
    text = (
        "Minutes of the steering group\n\nPresent: Ann, Bo.\n\nApologies: Cy.\n\nActions: none.\n"
    )
    assert detect_speaker_turns(text) == []
