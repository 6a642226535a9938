"""Long documents in pages: cut at turns and paragraphs, at most the limit
``page_characters`` each, every position on exactly one page; the document
view's page and the text in parts."""

from __future__ import annotations

from itertools import pairwise

import pytest

import qualframe
from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.coding.document_pages import page_at, page_spans
from qualframe.services.coding.document_view import reading_blocks

LIMIT = 400


def _interview(turns: int = 30) -> str:
    """An interview of ``turns`` speaker turns of about 60 characters each."""
    lines = []
    for number in range(turns):
        speaker = "Interviewer" if number % 2 == 0 else "Ana"
        lines.append(f"{speaker}: Turn {number:02d} says something about peer support.")
    return "\n\n".join(lines) + "\n"


def _pages(text: str, turns: list[tuple[int, int]] | None = None, limit: int = LIMIT):
    return page_spans(text, reading_blocks(text, turns or []), limit)


def test_a_document_within_the_limit_is_one_page() -> None:
    text = _interview(3)
    assert [(p.number, p.start, p.end) for p in _pages(text)] == [(1, 0, len(text))]
    assert [(p.start, p.end) for p in page_spans("", [], LIMIT)] == [(0, 0)]


def test_pages_cover_the_text_without_gaps_and_hold_at_most_the_limit() -> None:
    text = _interview()
    pages = _pages(text)
    assert len(pages) > 1
    assert pages[0].start == 0 and pages[-1].end == len(text)
    for before, after in pairwise(pages):
        assert before.end == after.start
    assert all(0 < page.end - page.start <= LIMIT for page in pages)
    assert [page.number for page in pages] == list(range(1, len(pages) + 1))


def test_pages_are_cut_where_a_paragraph_starts() -> None:
    text = _interview()
    for page in _pages(text)[1:]:
        assert text[page.start - 2 : page.start] == "\n\n"
        assert text[page.start :].startswith(("Interviewer:", "Ana:"))


def test_a_turn_boundary_near_the_end_of_a_page_is_preferred_to_a_later_paragraph() -> None:
    # Turn A of ten paragraphs, then turn B of short paragraphs: a page ending
    # a little after B starts is cut where B starts, not at B's later paragraphs.
    first = "A: " + "\n\n".join(f"paragraph {n} of the first answer....." for n in range(10))
    second = "B: " + "\n\n".join(f"short {n}." for n in range(10))
    text = first + "\n" + second + "\n"
    b_start = len(first) + 1
    turns = [(0, b_start), (b_start, len(text))]
    limit = b_start + 40  # B's first paragraphs fit too
    assert text.index("short 2", b_start) < limit  # a later paragraph start was possible
    pages = _pages(text, turns, limit=limit)
    assert pages[1].start == b_start


def test_a_text_without_line_ends_is_cut_at_spaces_then_at_the_limit() -> None:
    words = "word " * 300
    pages = _pages(words)
    assert all(words[page.start - 1] == " " for page in pages[1:])
    solid = "x" * 1000
    assert [(p.start, p.end) for p in _pages(solid)] == [(0, 400), (400, 800), (800, 1000)]


def test_a_position_is_on_the_page_that_holds_it() -> None:
    pages = _pages(_interview())
    assert page_at(pages, 0) is pages[0]
    assert page_at(pages, pages[1].start) is pages[1]
    assert page_at(pages, pages[1].start - 1) is pages[0]
    assert page_at(pages, 10**9) is pages[-1]
    assert page_at(pages, -5) is pages[0]


@pytest.fixture
def long_document(project: qualframe.Project, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("QUALFRAME_LIMIT_PAGE_CHARACTERS", str(LIMIT))
    project.codebook.add("Support")
    project.documents.import_bytes("long.txt", _interview().encode())
    return int(project.documents.documents()["id"].iloc[0])


def test_a_page_of_the_view_holds_only_its_blocks_and_codings(
    project: qualframe.Project, long_document: int
) -> None:
    text = _interview()
    late = text.index("Turn 25")
    project.coding.apply(long_document, "Support", late, late + 7)
    first = project.coding.document_page(long_document)
    assert first.paged and first.page.number == 1
    assert first.view.blocks[-1].end <= first.page.end
    assert first.view.codings == () and first.codings_total == 1
    shown = project.coding.document_page(long_document, at=late)
    assert shown.page.start <= late < shown.page.end
    assert [c.start for c in shown.view.codings] == [late]
    assert all(shown.page.start <= b.start < b.end <= shown.page.end for b in shown.view.blocks)
    assert shown.view.text == text  # offsets stay the document's


def test_asking_for_a_page_past_the_last_says_how_many_there_are(
    project: qualframe.Project, long_document: int
) -> None:
    count = len(project.coding.document_page(long_document).pages)
    with pytest.raises(NotFoundError, match=f"There is no page 99: the document has {count} pages"):
        project.coding.document_page(long_document, page=99)
    with pytest.raises(ValidationError, match="numbered from 1"):
        project.coding.document_page(long_document, page=0)


def test_the_text_is_read_in_parts_of_at_most_a_page(
    project: qualframe.Project, long_document: int
) -> None:
    text = _interview()
    parts, offset = [], 0
    while True:
        part = project.coding.document_text(long_document, offset=offset, limit=10**9)
        assert part.end - part.start <= LIMIT and part.length == len(text)
        parts.append(part.text)
        if part.next_offset is None:
            break
        offset = part.next_offset
    assert "".join(parts) == text
    pages = project.coding.document_page(long_document).pages
    second = project.coding.document_text(long_document, page=2)
    assert (second.start, second.end, second.page) == (pages[1].start, pages[1].end, 2)
    assert second.pages == len(pages)
    with pytest.raises(ValidationError, match="outside the text"):
        project.coding.document_text(long_document, offset=len(text) + 1)
    with pytest.raises(ValidationError, match="not both"):
        project.coding.document_text(long_document, offset=0, page=1)
