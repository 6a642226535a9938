"""Markdown and reStructuredText documents are stored as plain text with sections and turns."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from qualframe.formats.documents import read_document, read_document_bytes
from qualframe.formats.markup_reader import read_markdown, read_rst
from qualframe.formats.markup_rst import docutils_rst_blocks, fast_rst_blocks
from qualframe.formats.sections import Section
from qualframe.formats.segmentation import TextSpan
from qualframe.formats.speaker_turns import SpeakerTurn

COVID = Path("datasets") / "uk-covid-inquiry-transcripts"


def _quoted(text: str, turn: SpeakerTurn) -> str:
    return text[turn.start : turn.end]


# -- reStructuredText ---------------------------------------------------------------


def test_rst_titles_become_sections_levelled_by_order_of_adornment_styles() -> None:
    content = read_rst(
        "4 October 2022\n==============\n\nOpening.\n\nMs Nield\n--------\n\n"
        "Questions from Counsel\n^^^^^^^^^^^^^^^^^^^^^^\n\nFirst.\n\nMr Keith\n--------\n\nLast.\n",
        "day.rst",
    )
    assert content.text == (
        "4 October 2022\n\nOpening.\n\nMs Nield\n\nQuestions from Counsel\n\nFirst.\n\n"
        "Mr Keith\n\nLast.\n"
    )
    end = len(content.text)
    assert content.sections == (
        Section("4 October 2022", 1, 0, end),
        Section("Ms Nield", 2, 26, 68),
        Section("Questions from Counsel", 3, 36, 68),
        Section("Mr Keith", 2, 68, end),
    )
    assert content.text[68:76] == "Mr Keith"


def test_rst_bold_labels_become_plain_labels_and_turns_over_following_paragraphs() -> None:
    content = read_rst(
        "**Ms Nield**: I was a nurse\n\nin the ward.\n\n**Lady Hallett:** Thank you.\n", "t.rst"
    )
    assert content.text == "Ms Nield: I was a nurse\n\nin the ward.\n\nLady Hallett: Thank you.\n"
    assert content.turns == (SpeakerTurn("Ms Nield", 0, 37), SpeakerTurn("Lady Hallett", 39, 63))
    assert _quoted(content.text, content.turns[0]) == "Ms Nield: I was a nurse\n\nin the ward."


def test_rst_stage_directions_lose_their_emphasis_and_end_the_turn() -> None:
    content = read_rst(
        "*(10.00 am)*\n\n**Ms Dobbin**: May I call the witness.\n\n*(Pause)*\n\n"
        "Later text.\n\nWitness\n-------\n\n**Ann**: Yes.\n",
        "t.rst",
    )
    assert content.text == (
        "(10.00 am)\n\nMs Dobbin: May I call the witness.\n\n(Pause)\n\nLater text.\n\n"
        "Witness\n\nAnn: Yes.\n"
    )
    assert [_quoted(content.text, t) for t in content.turns or ()] == [
        "Ms Dobbin: May I call the witness.",
        "Ann: Yes.",
    ]


def test_rst_turn_ends_at_a_heading() -> None:
    content = read_rst("**Ann**: One.\n\nTwo.\n\nNext\n====\n\nThree.\n", "t.rst")
    assert content.turns == (SpeakerTurn("Ann", 0, 15),)


def test_rst_inline_markup_is_removed_and_escapes_resolved() -> None:
    content = read_rst(
        "A *b* **c** ``d e`` `link text <http://x.org>`_ http://y.org/p INQ000\\_21 \\*f\\*.\n",
        "t.rst",
    )
    assert content.text == "A b c d e link text http://y.org/p INQ000_21 *f*.\n"


def test_rst_lists_keep_a_plain_marker() -> None:
    content = read_rst(
        "* one\n* two *b*\n\n3. three\n4. four\n\n(a) first\n\niv) fourth\n", "lists.rst"
    )
    assert content.text == "- one\n\n- two b\n\n3. three\n\n4. four\n\n(a) first\n\niv) fourth\n"


def test_rst_labels_inside_list_items_are_not_speakers() -> None:
    content = read_rst("- **Ann**: in a list\n\n**Bob**: spoken\n", "t.rst")
    assert content.text == "- Ann: in a list\n\nBob: spoken\n"
    assert content.turns == (SpeakerTurn("Bob", 18, 29),)


def test_rst_comments_and_directive_markup_are_not_shown_but_prose_is_kept() -> None:
    content = read_rst(
        ".. a comment\n\n.. note:: Keep this.\n\n.. image:: x.png\n\n"
        ".. _target: http://x.org\n\n.. |sub| replace:: words\n\nText.\n",
        "t.rst",
    )
    assert content.text == "Keep this.\n\nText.\n"


def test_rst_literal_blocks_and_block_quotes_are_kept_as_text() -> None:
    content = read_rst("Run this::\n\n    make check\n\nIntro.\n\n    A quoted line.\n", "t.rst")
    assert content.text == "Run this:\n\nmake check\n\nIntro.\n\nA quoted line.\n"


def test_rst_table_cells_are_kept_row_by_row() -> None:
    grid = "+------+-----+\n| Name | Age |\n+======+=====+\n| Ann  | 34  |\n+------+-----+\n"
    simple = "=====  =====\nName   Age\n=====  =====\nBob    51\n=====  =====\n"
    assert read_rst(grid, "g.rst").text == "Name | Age\n\nAnn | 34\n"
    assert read_rst(simple, "s.rst").text == "Name | Age\n\nBob | 51\n"


def test_rst_field_and_definition_lists_keep_their_text() -> None:
    content = read_rst(":Date: 4 May\n\nterm\n   its definition\n", "t.rst")
    assert content.text == "Date: 4 May\n\nterm\n\nits definition\n"


def test_rst_reads_no_file_and_never_raises_on_sloppy_markup(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    text = (
        f".. include:: {secret}\n\n.. raw:: html\n\n   <b>raw</b>\n\n"
        f".. csv-table::\n   :file: {secret}\n\n*unclosed emphasis\n\n"
        ":unknown:`role text`\n\nTitle\n=\n\n   Unexpected indent\nback\n"
    )
    content = read_rst(text, "sloppy.rst")
    assert "SECRET" not in content.text
    assert "raw" not in content.text
    assert "role text" in content.text
    assert "`" not in content.text


def test_rst_title_at_a_level_docutils_refuses_is_kept_as_a_paragraph() -> None:
    content = read_rst("A\n===\n\nB\n---\n\nC\n^^^\n\nD\n===\n\nE\n^^^\n\nafter\n", "t.rst")
    assert content.text == "A\n\nB\n\nC\n\nD\n\nE\n\nafter\n"
    assert [(s.title, s.level) for s in content.sections or ()] == [
        ("A", 1),
        ("B", 2),
        ("C", 3),
        ("D", 1),
    ]


def test_rst_bold_without_a_colon_or_a_remark_label_is_not_a_speaker() -> None:
    content = read_rst("**Note**: not a speaker.\n\n**Bold** words.\n\n**Ann**: Hello.\n", "t.rst")
    assert content.text == "Note: not a speaker.\n\nBold words.\n\nAnn: Hello.\n"
    assert [t.label for t in content.turns or ()] == ["Ann"]


def test_rst_without_bold_labels_leaves_turns_to_the_dispatcher() -> None:
    assert read_rst("Interviewer: How did it start?\n\nP4: Slowly.\n", "t.rst").turns is None
    document = read_document_bytes(b"Interviewer: How did it start?\n\nP4: Slowly.\n", "t.rst")
    assert [t.label for t in document.turns] == ["Interviewer", "P4"]


def test_rst_paragraph_spans_are_the_blocks() -> None:
    content = read_rst("Title\n=====\n\nOne\nline two.\n\n**Ann**: x\n", "t.rst")
    assert content.paragraphs == (TextSpan(0, 5), TextSpan(7, 20), TextSpan(22, 28))


def test_rst_long_lines_are_read_whole() -> None:
    long_line = "word " * 4000 + "end."
    text = f"Title\n=====\n\n{long_line}\n\n.. note:: forces docutils\n"
    assert read_rst(text, "long.rst").text == f"Title\n\n{long_line}\n\nforces docutils\n"


def test_rst_role_declared_by_one_document_does_not_leak_into_the_next() -> None:
    read_rst(".. role:: custom\n\n:custom:`x`\n", "a.rst")
    assert docutils_rst_blocks(".. note:: n\n\n:custom:`y`\n", "b.rst")[-1].text == "y"


@pytest.mark.parametrize(
    "text",
    [
        ".. note:: x\n",
        "Para\n\n    indented\n",
        "Literal::\n\n    code\n",
        "a\tb\n",
        "====\n\nafter a transition? no: a line alone\n\nTitle\n-----\n",
        "Over\n=====\nTitle\n=====\n",
        "- item\ncontinued\n",
        "+---+\n| a |\n+---+\n",
        ":field: value\n",
    ],
)
def test_fast_reader_declines_constructs_outside_the_common_subset(text: str) -> None:
    fast = fast_rst_blocks(text)
    assert fast is None or fast == docutils_rst_blocks(text, "t.rst")
    if text.startswith((".. ", "Para", "Literal", "a\t", "- item", "+", ":")):
        assert fast is None


_PIECES = [
    "Title",
    "=====",
    "-----",
    "^^^^^",
    "Sub\n---",
    "Top\n===",
    "Deep\n^^^^",
    "Wide ＷＩＤＥ\n======",
    "Some *text* here",
    "**Ms A**: said \\_x",
    "**A:** b",
    "**A**:",
    "**Note**: x",
    "**x**y",
    "**bold** tail",
    "*(10.00 am)*",
    "*emph*",
    "- item",
    "* item *b*",
    "- **Ann**: listed",
    "1. one",
    "2. two",
    "(a) aa",
    "b) bb",
    "A. Smith",
    "iv. four",
    "121.",
    ".",
    "...",
    "-- (overspeaking) --",
    "text ``lit`` `ref`_ x_",
    "a |sub| b",
    "see http://x.org/a_b",
    "mail a@b.com",
    "word *unclosed",
    "\\*not\\*",
    "two\nlines",
    "last line\n---",
    "Title\n=",
    "::",
    "para::",
    "#. auto",
    "-o option",
    "  indented",
    "cafe\u0301",
]


@settings(max_examples=150)
@given(
    st.lists(
        st.tuples(st.sampled_from(_PIECES), st.sampled_from(["\n\n", "\n\n\n", "\n", " \n\n"])),
        min_size=1,
        max_size=8,
    )
)
def test_fast_reader_gives_what_docutils_gives_whenever_it_reads_a_file(
    chunks: list[tuple[str, str]],
) -> None:
    text = unicodedata.normalize("NFC", "".join(piece + end for piece, end in chunks))
    fast = fast_rst_blocks(text)
    if fast is not None:
        assert fast == docutils_rst_blocks(text, "generated.rst")


# -- the Covid inquiry corpus -------------------------------------------------------

_BOLD_LABEL_LINE = re.compile(r"^\*\*([^*\n]+)\*\*:", re.MULTILINE)
_SOURCE_TITLE = re.compile(r"^([^\n]+)\n([=\-^~])\2+$", re.MULTILINE)
_ADORNMENT_LINE = re.compile(r"^([=\-^~*+#\"'`_.:])\1{2,}$", re.MULTILINE)
_BACKQUOTED = re.compile(r"`[^`\n]+`")


def _corpus(shared_dir: Path) -> list[Path]:
    files = sorted((shared_dir / COVID).rglob("*.rst"))
    assert len(files) >= 260
    return files


@pytest.mark.slow
def test_covid_corpus_renders_without_markup_with_its_headings_and_bold_labels_only(
    shared_dir: Path,
) -> None:
    for path in _corpus(shared_dir):
        source = path.read_text(encoding="utf-8")
        document = read_document(path)
        text = document.text
        # Only the asterisks the source escapes (written as \\*) are left.
        assert text.count("**") == source.count("\\*\\*"), path
        assert text.count("*(") == source.count("\\*("), path
        assert not _BACKQUOTED.search(text), path
        assert not _ADORNMENT_LINE.search(text), path
        styles: list[str] = []
        expected = []
        for match in _SOURCE_TITLE.finditer(source):
            style = match.group(2)[0]
            styles += [] if style in styles else [style]
            expected.append((match.group(1).strip(), styles.index(style) + 1))
        assert [(s.title, s.level) for s in document.sections] == expected, path
        assert all(text[s.start :].startswith(s.title) for s in document.sections), path
        labels = [m.group(1) for m in _BOLD_LABEL_LINE.finditer(source)]
        assert [t.label for t in document.turns] == labels, path
        assert all(text.startswith(f"{t.label}: ", t.start) for t in document.turns), path


@pytest.mark.slow
def test_fast_reader_reads_the_covid_transcripts_exactly_as_docutils(shared_dir: Path) -> None:
    declined = []
    for path in _corpus(shared_dir):
        text = path.read_text(encoding="utf-8")
        fast = fast_rst_blocks(text, str(path))
        if fast is None:
            declined.append(path.name)
            continue
        assert fast == docutils_rst_blocks(text, str(path)), path
    assert declined == ["core-participants.rst"]  # a list-table: docutils reads it


# -- Markdown ------------------------------------------------------------------------


def test_markdown_headings_become_sections() -> None:
    content = read_markdown(
        "# Role and background\n\nText.\n\n## Training\n\nMore.\n\nSetext\n======\n\nEnd.\n",
        "n.md",
    )
    assert content.text == "Role and background\n\nText.\n\nTraining\n\nMore.\n\nSetext\n\nEnd.\n"
    assert content.sections == (
        Section("Role and background", 1, 0, 45),
        Section("Training", 2, 28, 45),
        Section("Setext", 1, 45, 58),
    )


def test_markdown_emphasis_links_code_spans_and_escapes_are_rendered() -> None:
    content = read_markdown(
        "A *b* __c__ `d *e*` [the site](http://x.org) <http://y.org> \\*f\\* &amp; ~~g~~ "
        "![a chart](c.png)\nnext line\n",
        "n.md",
    )
    assert content.text == "A b c d *e* the site http://y.org *f* & g a chart\nnext line\n"


def test_markdown_lists_keep_a_plain_marker() -> None:
    content = read_markdown("* one\n* two\n  - nested\n\n3. three\n4. four\n\n1) x\n", "n.md")
    assert content.text == "- one\n\n- two\n\n- nested\n\n3. three\n\n4. four\n\n1) x\n"


def test_markdown_bold_labels_become_turns() -> None:
    content = read_markdown(
        "# Interview\n\n**Interviewer**: How did you start?\n\n**P4:** I was asked.\n\n"
        "Then I agreed.\n\n*(Pause)*\n\n- **Note**: list\n",
        "n.md",
    )
    assert content.text == (
        "Interview\n\nInterviewer: How did you start?\n\nP4: I was asked.\n\nThen I agreed.\n\n"
        "(Pause)\n\n- Note: list\n"
    )
    assert [(t.label, _quoted(content.text, t)) for t in content.turns or ()] == [
        ("Interviewer", "Interviewer: How did you start?"),
        ("P4", "P4: I was asked.\n\nThen I agreed."),
    ]


def test_markdown_blocks_code_html_quotes_tables_and_rules() -> None:
    content = read_markdown(
        "**Ann**: before\n\n> quoted\n\n```py\nx = 1\n```\n\n<div>\nHi <b>there</b>\n</div>\n\n"
        "<!-- hidden -->\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n\nafter\n",
        "n.md",
    )
    assert content.text == "Ann: before\n\nquoted\n\nx = 1\n\nHi there\n\na | b\n\n1 | 2\n\nafter\n"
    assert content.turns == (SpeakerTurn("Ann", 0, 50),)  # ends at the rule


def test_markdown_front_matter_is_left_out_and_its_title_kept() -> None:
    content = read_markdown(
        "---\ntitle: Site visit\ndate: 2024-05-01\n---\n# Notes\n\nText\n", "n.md"
    )
    assert content.text == "Notes\n\nText\n"
    assert content.metadata == {"title": "Site visit"}


def test_markdown_readme_like_file_renders_to_readable_text() -> None:
    readme = (
        "# qualframe\n\n[![build](https://ci/badge.svg)](https://ci) A tool for "
        "**framework analysis**.\n\n## Install\n\n```sh\npip install qualframe\n```\n\n"
        "## Use\n\n1. Import transcripts.\n2. Code them: see `qualframe code --help`.\n\n"
        "See the [docs](https://example.org/docs) or <https://example.org>.\n\n"
        "## Licence\n\nMIT \\- see LICENSE.\n"
    )
    content = read_document_bytes(readme.encode(), "README.md")
    assert content.text == (
        "qualframe\n\nbuild A tool for framework analysis.\n\nInstall\n\npip install qualframe\n\n"
        "Use\n\n1. Import transcripts.\n\n2. Code them: see qualframe code --help.\n\n"
        "See the docs or https://example.org.\n\nLicence\n\nMIT - see LICENSE.\n"
    )
    assert [(s.title, s.level) for s in content.sections] == [
        ("qualframe", 1),
        ("Install", 2),
        ("Use", 2),
        ("Licence", 2),
    ]
    assert content.turns == ()


def test_markdown_without_bold_labels_leaves_turns_to_the_detector() -> None:
    assert read_markdown("Interviewer: Hello?\n\nP1: Hi.\n", "n.md").turns is None
    document = read_document_bytes(b"# Focus group\n\nInterviewer: Hello?\n\nP1: Hi.\n", "n.md")
    assert document.text == "Focus group\n\nInterviewer: Hello?\n\nP1: Hi.\n"
    assert [t.label for t in document.turns] == ["Interviewer", "P1"]
    assert [s.title for s in document.sections] == ["Focus group"]


def test_markdown_text_stays_nfc_when_markup_splits_a_letter_from_its_accent() -> None:
    content = read_markdown("cafe*\u0301* ok", "n.md")
    assert content.text == "caf\u00e9 ok\n"


def test_markdown_empty_file_is_an_empty_document() -> None:
    content = read_markdown("", "empty.md")
    assert (content.text, content.sections, content.turns) == ("", (), None)


@given(st.text(alphabet=st.sampled_from("ab *_`#>-\n[]()!:1.\\|~"), max_size=200))
def test_markdown_offsets_stay_inside_the_text_for_any_input(text: str) -> None:
    content = read_markdown(text, "any.md")
    size = len(content.text)
    for section in content.sections or ():
        assert 0 <= section.start < section.end <= size
    for turn in content.turns or ():
        assert content.text.startswith(turn.label, turn.start)
        assert turn.start < turn.end <= size
