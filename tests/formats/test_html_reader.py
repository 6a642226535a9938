"""HTML pages are stored as plain text with sections and speaker turns."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from qualframe.errors import InputFileError
from qualframe.formats.documents import DocumentFormat, read_document_bytes
from qualframe.formats.html_reader import read_html
from qualframe.formats.sections import Section
from qualframe.formats.speaker_turns import SpeakerTurn

PAGE = """<!DOCTYPE html>
<html><head><title>Hearing,
 day 3</title><style>p { color: red }</style><script>var x = "hidden";</script></head>
<body>
<h1>Day 3</h1>
<p>Opening   words
over two lines.</p>
<h2>Ms Nield</h2>
<div>First <em>point</em> and <a href="http://x.org">a link</a>.</div>
<noscript>Enable scripts</noscript><template><p>never shown</p></template>
<p hidden>also hidden</p>
</body></html>
"""


def test_html_page_renders_paragraphs_and_headings_without_head_scripts_or_styles() -> None:
    content = read_html(PAGE, "day3.html")
    assert content.text == (
        "Day 3\n\nOpening words over two lines.\n\nMs Nield\n\nFirst point and a link.\n"
    )
    assert content.sections == (
        Section("Day 3", 1, 0, len(content.text)),
        Section("Ms Nield", 2, 38, len(content.text)),
    )
    assert content.metadata == {"title": "Hearing, day 3"}


def test_html_bold_labels_become_turns_over_following_paragraphs() -> None:
    content = read_html(
        "<p><b>Ms Nield</b>: I was a nurse</p><p>in the ward.</p>"
        "<p><strong>Lady Hallett:</strong> Thank you.</p><p><i>(10.00 am)</i></p>"
        "<p>After the break.</p><p><b>Ann</b> : not a label</p><p><b>Note</b>: not a speaker</p>",
        "t.html",
    )
    assert content.text == (
        "Ms Nield: I was a nurse\n\nin the ward.\n\nLady Hallett: Thank you.\n\n(10.00 am)\n\n"
        "After the break.\n\nAnn : not a label\n\nNote: not a speaker\n"
    )
    assert content.turns == (SpeakerTurn("Ms Nield", 0, 37), SpeakerTurn("Lady Hallett", 39, 63))


def test_html_turn_ends_at_a_heading_or_a_rule() -> None:
    content = read_html(
        "<p><b>Ann</b>: one</p><h2>Next</h2><p><b>Bob</b>: two</p><hr><p>after</p>", "t.html"
    )
    assert content.text == "Ann: one\n\nNext\n\nBob: two\n\nafter\n"
    assert content.turns == (SpeakerTurn("Ann", 0, 8), SpeakerTurn("Bob", 16, 24))


def test_html_lists_tables_preformatted_text_and_line_breaks() -> None:
    content = read_html(
        "<ul><li>one</li><li>two <b>bold</b></li></ul><ol start='3'><li>three</li></ol>"
        "<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>34</td></tr></table>"
        "<pre>\n  code\n    indented\n</pre><p>line one<br>line two</p>",
        "t.html",
    )
    assert content.text == (
        "- one\n\n- two bold\n\n3. three\n\nName | Age\n\nAnn | 34\n\n"
        "  code\n    indented\n\nline one\nline two\n"
    )


def test_html_entities_are_decoded_and_nothing_is_loaded_from_outside() -> None:
    content = read_html(
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<p>&e; a &amp; b &copy; c&nbsp;d<img src="http://127.0.0.1:9/x.png"></p>'
        '<iframe src="http://127.0.0.1:9/"></iframe>',
        "t.html",
    )
    assert content.text == "&e; a & b \u00a9 c d\n"


def test_file_that_is_not_html_is_refused_naming_it() -> None:
    with pytest.raises(InputFileError, match=r"^notes\.html: is not an HTML page"):
        read_html("Just some notes, no tags at all.", "notes.html")


def test_html_page_without_text_is_refused_naming_it() -> None:
    with pytest.raises(InputFileError, match=r"^empty\.htm: has no text to import"):
        read_html(
            "<html><head><title>T</title></head><body> <script>x()</script></body></html>",
            "empty.htm",
        )


def test_html_without_bold_labels_leaves_turns_to_the_detector() -> None:
    data = b"<p>Interviewer: How did it start?</p><p>P4: Slowly.</p>"
    assert read_html(data.decode(), "t.html").turns is None
    document = read_document_bytes(data, "interview.htm")
    assert document.format is DocumentFormat.HTML
    assert document.text == "Interviewer: How did it start?\n\nP4: Slowly.\n"
    assert [t.label for t in document.turns] == ["Interviewer", "P4"]


def test_html_file_is_read_through_the_dispatcher(tmp_path: Path) -> None:
    from qualframe.formats.documents import read_document

    path = tmp_path / "hearing.html"
    path.write_text("<h1>Day 1</h1><p><b>Ann</b>: Hello.</p>", encoding="utf-8")
    document = read_document(path)
    assert (document.text, [t.label for t in document.turns]) == ("Day 1\n\nAnn: Hello.\n", ["Ann"])
    assert [s.title for s in document.sections] == ["Day 1"]


@given(st.text(alphabet=st.sampled_from("ab <>/pbr&;:!-\n\"'=h1"), max_size=200))
def test_any_input_is_read_or_refused_with_an_input_file_error(text: str) -> None:
    try:
        content = read_html(text, "any.html")
    except InputFileError as error:
        assert error.source == "any.html"
        return
    assert content.text.endswith("\n")
    for turn in content.turns or ():
        assert content.text.startswith(turn.label, turn.start)
