"""Detecting section headings and their spans."""

from __future__ import annotations

from pathlib import Path

from qualframe.formats.sections import Section, detect_sections, heading_starts


def titled(text: str) -> list[tuple[str, int, str]]:
    """(title, level, section text) of each section."""
    return [(s.title, s.level, text[s.start : s.end]) for s in detect_sections(text)]


def test_markdown_atx_headings_nest_by_number_of_hashes() -> None:
    text = "# Intro\nhello\n## Part A\na\n## Part B ##\nb\n# Next\nz"
    assert titled(text) == [
        ("Intro", 1, "# Intro\nhello\n## Part A\na\n## Part B ##\nb\n"),
        ("Part A", 2, "## Part A\na\n"),
        ("Part B", 2, "## Part B ##\nb\n"),
        ("Next", 1, "# Next\nz"),
    ]


def test_hash_without_space_or_title_is_not_a_heading() -> None:
    assert detect_sections("#hashtag\n#\n####### seven\nC# is a language") == []


def test_closing_hashes_need_a_space_before_them() -> None:
    assert [s.title for s in detect_sections("# C#\n")] == ["C#"]


def test_rst_levels_follow_the_order_of_first_appearance() -> None:
    text = (
        "Day one\n=======\n\nWitness A\n---------\n\nQuestions From Counsel\n"
        "^^^^^^^^^^^^^^^^^^^^^^\n\ntext\n\nWitness B\n---------\n\nmore\n"
    )
    sections = detect_sections(text)
    assert [(s.title, s.level) for s in sections] == [
        ("Day one", 1),
        ("Witness A", 2),
        ("Questions From Counsel", 3),
        ("Witness B", 2),
    ]
    assert sections[0] == Section("Day one", 1, 0, len(text))
    assert text[sections[1].start : sections[1].end].startswith("Witness A\n---")
    assert sections[1].end == sections[3].start
    assert sections[2].end == sections[3].start


def test_rst_first_seen_character_is_the_top_level_whatever_it_is() -> None:
    text = "Top\n~~~\n\nSub\n===\n"
    assert [(s.title, s.level) for s in detect_sections(text)] == [("Top", 1), ("Sub", 2)]


def test_rst_underline_shorter_than_title_is_not_a_heading() -> None:
    assert detect_sections("A long title\n===\n") == []


def test_rst_overlined_title_is_its_own_style_and_starts_at_the_overline() -> None:
    text = "=========\n Chapter\n=========\n\nSection\n=======\n\nbody\n"
    sections = detect_sections(text)
    assert [(s.title, s.level, s.start) for s in sections] == [
        ("Chapter", 1, 0),
        ("Section", 2, text.index("Section")),
    ]


def test_transition_line_between_blank_lines_is_not_a_heading() -> None:
    assert detect_sections("para one\n\n--------\n\npara two\n") == []


def test_question_lines_are_headings_below_the_other_levels() -> None:
    text = "# Interview\n\nQ1. How did you start?\nI began.\n\nQuestion 2: What helped?\nPeers.\n"
    assert titled(text) == [
        ("Interview", 1, text),
        ("Q1. How did you start?", 2, "Q1. How did you start?\nI began.\n\n"),
        ("Question 2: What helped?", 2, "Question 2: What helped?\nPeers.\n"),
    ]


def test_question_heading_forms() -> None:
    text = "q3) lower\n**Q4.** Bold one\nQ 5: spaced\nQ: not numbered\nQ1.5 not a heading\n"
    assert [(s.title, s.level) for s in detect_sections(text)] == [
        ("q3) lower", 1),
        ("Q4. Bold one", 1),
        ("Q 5: spaced", 1),
    ]


def test_offsets_are_code_points_with_emoji_and_combining_characters() -> None:
    text = "Intro 😀 café\n\n# Thème 👍🏽\ntext 🎉\n"
    [section] = detect_sections(text)
    assert section.title == "Thème 👍🏽"
    assert section.start == len("Intro 😀 café\n\n")
    assert section.end == len(text)
    assert heading_starts(text) == [section.start]


def test_text_without_headings_has_no_sections() -> None:
    assert detect_sections("") == []
    assert detect_sections("plain\ntext\n") == []


def test_covid_inquiry_day_has_date_witness_and_question_levels(shared_dir: Path) -> None:
    path = shared_dir / "datasets" / "uk-covid-inquiry-transcripts" / "module-1" / "2023-06-15.rst"
    text = path.read_text(encoding="utf-8")
    sections = detect_sections(text)
    assert sections[0].level == 1
    assert sections[0].start == 0
    assert sections[0].end == len(text)
    levels = {s.level for s in sections}
    assert levels == {1, 2, 3}
    for section in sections:
        underline = {1: "=", 2: "-", 3: "^"}[section.level]
        heading_line_2 = text[section.start :].split("\n", 2)[1]
        assert set(heading_line_2) == {underline}
    assert any(s.title.startswith("Questions From") and s.level == 3 for s in sections)


def test_hostile_heading_lines_are_handled_in_linear_time() -> None:
    text = "# a" + " " * 100_000 + "b\n# " + "#" * 100_000 + "\n"
    assert [s.title[:1] for s in detect_sections(text)] == ["a"]
