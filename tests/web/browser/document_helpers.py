"""What the document-view browser tests do again and again: open a document,
put the caret before a phrase, select a phrase with the keyboard, read what a
code's highlight paints, click on a phrase."""

from __future__ import annotations

from typing import Any

import qualframe
from web.sample_study import SampleStudy

#: Find ``phrase`` in the transcript's text, focus the transcript and put the
#: caret just before it (throws when the transcript does not hold it).
_CARET_BEFORE = """(phrase) => {
    const root = document.getElementById("transcript");
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(phrase);
        if (at >= 0) {
            root.focus();
            window.getSelection().collapse(node, at);
            return;
        }
    }
    throw new Error("not in the transcript: " + phrase);
}"""

#: The texts the highlight called ``name`` paints.
_HIGHLIGHTED = """(name) => {
    const highlight = CSS.highlights.get(name);
    if (!highlight) return [];
    return [...highlight].map((r) => {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        return range.toString();
    });
}"""

#: The middle of ``phrase`` in the transcript, in page pixels {x, y}.
_MIDDLE_OF = """(phrase) => {
    const walker = document.createTreeWalker(
        document.getElementById("transcript"), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(phrase);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + phrase.length);
        const box = range.getBoundingClientRect();
        return {x: box.x + box.width / 2, y: box.y + box.height / 2};
    }
    throw new Error("not in the transcript: " + phrase);
}"""


def open_document(
    page: Any, project: SampleStudy | qualframe.Project | int, document_id: int, query: str = ""
) -> None:
    """Open document ``document_id`` of ``project`` (a sample study, a project or
    its id) with ``query`` (e.g. ``"?coding=5"``) and wait until its scripts are
    ready."""
    if isinstance(project, SampleStudy):
        project_id = project.project_id
    elif isinstance(project, qualframe.Project):
        project_id = project.info.id
    else:
        project_id = project
    page.goto(f"/projects/{project_id}/documents/{document_id}{query}")
    page.locator("body.document-view--ready").wait_for(state="attached")


def caret_before(page: Any, phrase: str) -> None:
    """Focus the transcript and put the caret just before ``phrase`` (the
    keyboard does the rest)."""
    page.evaluate(_CARET_BEFORE, phrase)


def select_phrase(page: Any, phrase: str) -> None:
    """Select ``phrase`` in the transcript with the keyboard (Shift+arrows from
    the caret before it) and wait until the page says it is selected."""
    caret_before(page, phrase)
    for _ in range(len(phrase)):
        page.keyboard.press("Shift+ArrowRight")
    page.locator("#selection-status", has_text=f"\u201c{phrase}\u201d").wait_for()


def highlighted(page: Any, code_id: int) -> list[str]:
    """The texts the highlight of code ``code_id`` paints."""
    return page.evaluate(_HIGHLIGHTED, f"qf-code-{code_id}")


def click_on(page: Any, phrase: str) -> None:
    """Click the middle of ``phrase`` in the transcript."""
    box = page.evaluate(_MIDDLE_OF, phrase)
    page.mouse.click(box["x"], box["y"])
