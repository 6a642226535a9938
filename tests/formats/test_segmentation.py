"""Splitting text into paragraph and sentence spans."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from qualframe.formats import segmentation
from qualframe.formats.segmentation import (
    TextSpan,
    paragraph_sentences,
    paragraph_spans,
    sentence_spans,
    word_count,
)


def paragraphs(text: str) -> list[str]:
    return [text[s.start : s.end] for s in paragraph_spans(text)]


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentence_spans(text)]


def test_paragraphs_are_blocks_separated_by_blank_lines_and_trimmed() -> None:
    text = "\n  First line\nsecond line  \n\n \t \n\nNext block\n\n\n"
    assert paragraphs(text) == ["First line\nsecond line", "Next block"]
    assert paragraph_spans(text)[0] == TextSpan(3, text.index("  \n\n"))


def test_empty_and_blank_text_have_no_paragraphs() -> None:
    assert paragraph_spans("") == []
    assert paragraph_spans(" \n\n\t\n") == []


def test_sentences_split_on_terminal_punctuation() -> None:
    # Transcribed speech often starts a sentence in lower case: it still starts one.
    text = 'It worked. Did it? Yes! 3 people came. "Great," she said. ok then.'
    assert sentences(text) == [
        "It worked.",
        "Did it?",
        "Yes!",
        "3 people came.",
        '"Great," she said.',
        "ok then.",
    ]


def test_closing_quotes_stay_with_their_sentence() -> None:
    assert sentences("He said “stop.” Then he left.") == ["He said “stop.”", "Then he left."]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith arrived. Mrs. Jones too.",
        "Dr. Patel and Ms. Lee spoke.",
        "Some trusts, e.g. Leeds, agreed. Others did not.",
        "The peer role, i.e. Support Work, changed.",
        "J. K. Rowling wrote it.",
        "The U.K. Government decided.",
    ],
)
def test_abbreviations_and_initials_do_not_end_sentences(text: str) -> None:
    result = sentences(text)
    assert result[0].split()[0] == text.split()[0]
    assert all(
        not s.endswith(("Mr.", "Mrs.", "Dr.", "Ms.", "e.g.", "i.e.", "J.", "K.", "U.K."))
        for s in result
    )


def test_etc_and_am_end_a_sentence_before_a_capital() -> None:
    assert sentences("We had tea, cake etc. Then we left at 10 a.m. It rained.") == [
        "We had tea, cake etc.",
        "Then we left at 10 a.m.",
        "It rained.",
    ]


def test_sentences_never_cross_paragraphs_and_line_breaks_do_not_split() -> None:
    text = "One sentence\ncontinues here\n\nNew paragraph without stop"
    assert sentences(text) == ["One sentence\ncontinues here", "New paragraph without stop"]


def test_decimal_numbers_and_ellipses() -> None:
    assert sentences("It rose 3.5 per cent... And then fell.") == [
        "It rose 3.5 per cent...",
        "And then fell.",
    ]


def test_offsets_are_code_points_with_emoji_and_combining_characters() -> None:
    text = "Café 😀 was fine. Ça va 👍🏽! Next.\n\nÉmile 🎉 came."
    spans = sentence_spans(text)
    assert [text[s.start : s.end] for s in spans] == [
        "Café 😀 was fine.",
        "Ça va 👍🏽!",
        "Next.",
        "Émile 🎉 came.",
    ]
    start = len("Café 😀 was fine. ")
    assert spans[1] == TextSpan(start, start + len("Ça va 👍🏽!"))


def test_long_runs_of_dots_and_spaces_are_split_without_losing_text() -> None:
    text = "a" + "." * 100_000 + "b" + " " * 100_000 + "C."
    spans = sentence_spans(text)
    assert (spans[0].start, spans[-1].end) == (0, len(text))
    covered = "".join(text[s.start : s.end] for s in spans)
    assert covered.replace(" ", "") == text.replace(" ", "")


def test_interview_numbers_and_prompts_are_sentence_ends_where_they_read_so() -> None:
    assert sentences("Q3. How did you find it? It was fine.") == [
        "Q3.",
        "How did you find it?",
        "It was fine.",
    ]
    assert sentences("It cost £5.50. That was a lot. No. 10 is the door.") == [
        "It cost £5.50.",
        "That was a lot.",
        "No. 10 is the door.",
    ]


def test_a_paragraph_is_split_on_its_own_with_offsets_into_the_whole_text() -> None:
    text = "First para. Two.\n\nSecond para here. And more."
    second = paragraph_spans(text)[1]
    found = paragraph_sentences(text, second)
    assert [text[s.start : s.end] for s in found] == ["Second para here.", "And more."]


@given(st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\u00a0\u2003ab\u00e9\u4e2d"), max_size=40))
def test_word_count_equals_splitting_on_ascii_white_space(text: str) -> None:
    encoded = text.encode("utf-8")
    assert word_count(encoded) == len(encoded.split())


def test_word_count_counts_runs_of_non_space() -> None:
    assert word_count(b"") == 0
    assert word_count(b"  \n") == 0
    assert word_count("Peer  support\n\nhelped, \u00e9t\u00e9".encode()) == 4


def test_a_long_paragraph_is_split_in_bounded_windows_without_cutting_sentences() -> None:
    text = " ".join(f"This is sentence number {i} and it goes on for a while." for i in range(400))
    windows = list(segmentation._windows(text, 0, len(text)))
    assert all(end - start <= segmentation.SPLIT_WINDOW_CHARS for start, end in windows)
    assert windows[0][0] == 0 and windows[-1][1] == len(text)
    found = sentences(text)
    assert len(found) == 400
    assert all(s.startswith("This is sentence") and s.endswith("while.") for s in found)


def test_the_sentences_around_a_position_split_only_the_window_holding_it() -> None:
    text = " ".join(f"Sentence {i} is here." for i in range(2000))
    at = text.index("Sentence 1500 ")
    around = segmentation.sentences_around(text, TextSpan(0, len(text)), at, at)
    assert len(around) < 200
    assert any(text[s.start : s.end] == "Sentence 1500 is here." for s in around)


def test_sentences_never_run_from_one_speaker_turn_into_the_next() -> None:
    text = "Interviewer: Why? P01: Because it helped. It did.\n"
    turns = [(0, 17), (18, len(text) - 1)]
    regions = segmentation.sentence_regions(text, turns, 0, len(text))
    shown = [text[r.start : r.end] for r in regions if text[r.start : r.end].strip()]
    assert shown == ["Interviewer: Why?", "P01: Because it helped. It did."]
