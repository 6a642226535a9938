"""Reading WebVTT and SRT subtitle files as transcripts."""

from __future__ import annotations

import pytest

from qualframe.errors import InputFileError
from qualframe.formats.documents import DocumentFormat, read_document_bytes
from qualframe.formats.segmentation import TextSpan
from qualframe.formats.speaker_turns import SpeakerTurn
from qualframe.formats.subtitle_reader import MAX_VOICE_CHARS, Cue, read_srt, read_vtt

TEAMS_VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
<v Alice Smith>Hello there,
how are you?</v>

2
00:00:04.500 --> 00:00:06.250
<v.loud Alice Smith>Fish &amp; chips?</v>

3
00:01:06.000 --> 00:01:08.000
<v Bob>Fine, thanks.</v>
"""


def cue_texts(text: str, cues: tuple[Cue, ...]) -> list[str]:
    return [text[cue.start : cue.end] for cue in cues]


def test_vtt_cues_of_one_voice_form_one_paragraph_starting_with_the_name() -> None:
    content = read_vtt(TEAMS_VTT, "meeting.vtt")
    assert content.text == (
        "Alice Smith: Hello there, how are you? Fish & chips?\n\nBob: Fine, thanks."
    )
    assert cue_texts(content.text, content.cues) == [
        "Hello there, how are you?",
        "Fish & chips?",
        "Fine, thanks.",
    ]
    assert content.turns == (
        SpeakerTurn("Alice Smith", 0, content.text.index("\n\n"), seconds=1.0),
        SpeakerTurn("Bob", content.text.index("Bob"), len(content.text), seconds=66.0),
    )
    assert content.paragraphs == tuple(TextSpan(t.start, t.end) for t in content.turns)


def test_vtt_cue_times_are_kept_in_seconds() -> None:
    cues = read_vtt(TEAMS_VTT, "meeting.vtt").cues
    assert [(c.start_seconds, c.end_seconds, c.voice) for c in cues] == [
        (1.0, 4.0, "Alice Smith"),
        (4.5, 6.25, "Alice Smith"),
        (66.0, 68.0, "Bob"),
    ]


def test_vtt_cue_with_two_voices_is_split_between_them() -> None:
    text = "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Ann>Ready?\n<v Ben>Yes.\n"
    content = read_vtt(text, "two.vtt")
    assert content.text == "Ann: Ready?\n\nBen: Yes."
    assert [(c.voice, c.start_seconds) for c in content.cues] == [("Ann", 0.0), ("Ben", 0.0)]


def test_vtt_without_voices_gives_one_paragraph_per_cue_and_no_turns() -> None:
    text = (
        "WEBVTT - lecture\n\nNOTE made by hand\n\n00:00:00.000 --> 00:00:02.000 line:0\n"
        "<c.yellow>First</c> line\n\n00:00:02.000 --> 00:00:03.000\nSecond\n"
    )
    content = read_vtt(text, "lecture.vtt")
    assert content.text == "First line\n\nSecond"
    assert content.turns == ()
    assert [c.voice for c in content.cues] == [None, None]
    assert content.paragraphs == (TextSpan(0, 10), TextSpan(12, 18))


def test_srt_name_labels_give_speakers_and_unlabelled_cues_continue_them() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,500\nInterviewer: So, {\\an8}<i>tell me</i>.\n\n"
        "2\n00:00:02,500 --> 00:00:03,000\nabout it.\n\n"
        "3\n00:00:03,000 --> 00:00:05,000\n[P1] It was good.\n"
    )
    content = read_srt(text, "interview.srt")
    assert content.text == "Interviewer: So, tell me. about it.\n\nP1: It was good."
    assert [(c.voice, c.start_seconds, c.end_seconds) for c in content.cues] == [
        ("Interviewer", 1.0, 2.5),
        ("Interviewer", 2.5, 3.0),
        ("P1", 3.0, 5.0),
    ]
    assert [t.label for t in content.turns or ()] == ["Interviewer", "P1"]


def test_srt_stage_directions_in_brackets_are_not_speakers() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\n[laughs] yes\n"
    content = read_srt(text, "a.srt")
    assert content.turns == ()
    assert content.text == "[laughs] yes"


def test_subtitle_offsets_are_code_points_with_emoji_and_combining_characters() -> None:
    data = (
        "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Zoe\u0308>Cafe\u0301 😀</v>\n\n"
        "00:01.000 --> 00:02.000\n<v Zoe\u0308>👍🏽 ok</v>\n"
    ).encode()
    document = read_document_bytes(data, "emoji.vtt")
    assert document.text == "Zoë: Café 😀 👍🏽 ok"
    assert [(c.start, c.end) for c in document.cues] == [(5, 11), (12, 17)]
    assert cue_texts(document.text, document.cues) == ["Café 😀", "👍🏽 ok"]
    assert document.turns == (SpeakerTurn("Zoë", 0, 17, seconds=0.0),)


def test_subtitle_document_has_format_cues_and_metadata() -> None:
    document = read_document_bytes(TEAMS_VTT.encode("utf-8"), "uploads/meeting.vtt")
    assert document.format is DocumentFormat.VTT
    assert document.name == "meeting.vtt"
    assert document.title == "meeting"
    assert document.metadata == {"cues": "3", "speakers": "2"}


def test_vtt_without_header_is_rejected_with_a_clear_message() -> None:
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(b"00:00.000 --> 00:01.000\nHello\n", "talk.vtt")
    assert (
        str(caught.value) == "talk.vtt: malformed WebVTT: missing 'WEBVTT' header on the first line"
    )


def test_vtt_with_a_bad_time_line_names_the_cue_and_line() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\n00:0x.000 --> 00:03.000\nbad\n"
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(text.encode(), "talk.vtt")
    message = str(caught.value)
    assert message.startswith("talk.vtt: malformed WebVTT at cue 2 (line 6)")
    assert "00:0x.000 --> 00:03.000" in message


def test_vtt_without_cues_is_rejected() -> None:
    with pytest.raises(InputFileError, match=r"^talk\.vtt: the WebVTT file contains no cues"):
        read_document_bytes(b"WEBVTT\n\nNOTE nothing here\n", "talk.vtt")


def test_malformed_srt_names_the_cue_and_line() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:02,000 --> 00:00:03,000\nok\n\n"
        "3\n00:00:0x,000 -> 00:00:04,000\nbad\n"
    )
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(text.encode(), "film.srt")
    error = caught.value
    assert error.source == "film.srt"
    assert error.line == 9
    assert error.problem.startswith("malformed SRT at cue 3:")
    assert "00:00:0x,000 -> 00:00:04,000" in error.problem


def test_text_file_renamed_srt_is_rejected_as_malformed() -> None:
    with pytest.raises(InputFileError, match=r"^notes\.srt, line 1: malformed SRT at cue 1"):
        read_document_bytes(b"Just some notes\nabout the film\n", "notes.srt")


def test_empty_subtitle_file_is_rejected_as_empty() -> None:
    with pytest.raises(InputFileError, match=r"^empty\.srt: the file is empty"):
        read_document_bytes(b"", "empty.srt")


def test_hostile_cue_tags_are_handled_in_linear_time() -> None:
    text = (
        "WEBVTT\n\n00:00.000 --> 00:01.000\n<v"
        + "." * 50_000
        + "x\n<v"
        + " " * 50_000
        + "\n"
        + "<" * 50_000
        + "\n"
    )
    content = read_vtt(text, "hostile.vtt")
    assert content.text.endswith("<" * 50_000)


# As Microsoft Teams writes a meeting transcript: cue ids "<guid>/<n>-<part>", voice spans.
TEAMS_MEETING_VTT = """WEBVTT

a1b2c3d4-5e6f-4a8b-9c0d-e1f2a3b4c5d6/12-0
00:00:03.120 --> 00:00:05.480
<v Jane Smith>Good morning, everyone.</v>

a1b2c3d4-5e6f-4a8b-9c0d-e1f2a3b4c5d6/12-1
00:00:05.480 --> 00:00:09.010
<v Jane Smith>Let's start with the ward round.</v>

a1b2c3d4-5e6f-4a8b-9c0d-e1f2a3b4c5d6/15-0
00:00:09.500 --> 00:00:11.000
<v Tom O'Brien>Thanks, Jane. You say: start with the ward?</v>

a1b2c3d4-5e6f-4a8b-9c0d-e1f2a3b4c5d6/17-0
00:01:02.250 --> 00:01:04.000
<v Jane Smith>Yes.</v>
"""


def test_teams_vtt_voices_become_turns_timed_by_their_first_cue() -> None:
    content = read_vtt(TEAMS_MEETING_VTT, "meeting.vtt")
    assert content.text == (
        "Jane Smith: Good morning, everyone. Let's start with the ward round.\n\n"
        "Tom O'Brien: Thanks, Jane. You say: start with the ward?\n\n"
        "Jane Smith: Yes."
    )
    first_end = content.text.index("\n\n")
    tom = content.text.index("Tom")
    last = content.text.rindex("Jane Smith")
    assert content.turns == (
        SpeakerTurn("Jane Smith", 0, first_end, seconds=3.12),
        SpeakerTurn("Tom O'Brien", tom, content.text.index("\n\n", tom), seconds=9.5),
        SpeakerTurn("Jane Smith", last, len(content.text), seconds=62.25),
    )
    assert [(c.voice, c.start_seconds) for c in content.cues] == [
        ("Jane Smith", 3.12),
        ("Jane Smith", 5.48),
        ("Tom O'Brien", 9.5),
        ("Jane Smith", 62.25),
    ]


# As Zoom writes a cloud-recording transcript: numbered cues, "Name: text".
ZOOM_VTT = """WEBVTT

1
00:00:01.500 --> 00:00:04.000
Jane Smith: Hello everyone, thanks for joining.

2
00:00:04.200 --> 00:00:06.900
Jane Smith: Let's begin with introductions.

3
00:00:07.100 --> 00:00:09.300
Bob Lee: Hi, I'm Bob.

4
00:00:09.400 --> 00:00:12.000
Jane Smith: Welcome, Bob.
"""


def test_zoom_vtt_name_labels_become_turns_even_for_a_speaker_heard_once() -> None:
    content = read_vtt(ZOOM_VTT, "zoom.vtt")
    assert content.text == (
        "Jane Smith: Hello everyone, thanks for joining. Let's begin with introductions.\n\n"
        "Bob Lee: Hi, I'm Bob.\n\n"
        "Jane Smith: Welcome, Bob."
    )
    bob = content.text.index("Bob Lee")
    last = content.text.rindex("Jane Smith")
    assert content.turns == (
        SpeakerTurn("Jane Smith", 0, bob - 2, seconds=1.5),
        SpeakerTurn("Bob Lee", bob, last - 2, seconds=7.1),
        SpeakerTurn("Jane Smith", last, len(content.text), seconds=9.4),
    )
    assert cue_texts(content.text, content.cues) == [
        "Hello everyone, thanks for joining.",
        "Let's begin with introductions.",
        "Hi, I'm Bob.",
        "Welcome, Bob.",
    ]
    assert content.metadata == {"cues": "4", "speakers": "2"}


def test_prose_with_a_colon_in_unlabelled_captions_is_not_a_speaker() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:03,000\nThe guidance was clear.\n\n"
        "2\n00:00:03,000 --> 00:00:05,000\nIt states: wash your hands.\n\n"
        "3\n00:00:05,000 --> 00:00:07,000\nNarrator: Then came the winter.\n\n"
        "4\n00:00:07,000 --> 00:00:09,000\nAnd the second wave.\n\n"
        "5\n00:00:09,000 --> 00:00:11,000\nIt was hard.\n"
    )
    content = read_srt(text, "documentary.srt")
    assert content.turns == ()  # "It states" is prose; "Narrator" once, unknown
    assert content.text.split("\n\n")[1:3] == [
        "It states: wash your hands.",
        "Narrator: Then came the winter.",
    ]
    known = read_srt(text, "documentary.srt", known=["narrator"])
    assert [(t.label, t.seconds) for t in known.turns or ()] == [("Narrator", 5.0)]
    assert known.text.endswith("Narrator: Then came the winter. And the second wave. It was hard.")


def test_a_rejected_label_in_captions_is_not_a_speaker() -> None:
    content = read_vtt(ZOOM_VTT, "zoom.vtt", rejected=["BOB LEE"])
    assert [t.label for t in content.turns or ()] == ["Jane Smith"]
    assert content.text == (
        "Jane Smith: Hello everyone, thanks for joining. Let's begin with introductions. "
        "Bob Lee: Hi, I'm Bob. Welcome, Bob."
    )  # Bob's cue continues Jane's turn, and so does hers after it


def test_a_voice_name_longer_than_a_label_column_is_cut_to_fit_and_noted() -> None:
    long_name = "Very Long Name " * 20  # 300 characters
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Bob>Hello.</v>\n\n"
        f"00:00:02.000 --> 00:00:03.000\n<v {long_name}>Who am I?</v>\n"
    )
    content = read_vtt(vtt, "meeting.vtt")
    assert content.turns is not None
    bob, cut = content.turns
    assert bob.label == "Bob"
    assert len(cut.label) == MAX_VOICE_CHARS == 200
    assert cut.label.endswith("\u2026") and long_name.startswith(cut.label[:-1])
    assert content.text.endswith(f"{cut.label}: Who am I?")
    assert content.metadata["speaker labels shortened"].startswith("1 ")


def test_a_voice_name_of_exactly_the_column_width_is_kept_whole() -> None:
    name = "A" * MAX_VOICE_CHARS
    vtt = f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v {name}>Hello.</v>\n"
    content = read_vtt(vtt, "meeting.vtt")
    assert content.turns is not None and content.turns[0].label == name
    assert "speaker labels shortened" not in content.metadata
