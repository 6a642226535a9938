"""Annotations in a real browser: select text, press A, write a note; it is
marked in the text (a dashed underline and a ✎ marker a keyboard reaches),
listed under "Memos", and still there after a reload."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import expect

from web.browser.conftest import assert_accessible
from web.sample_study import INTERVIEW, SampleStudy

pytestmark = pytest.mark.browser

#: Select ``phrase`` in the transcript (the browser's selection, as a mouse would).
_SELECT = """(phrase) => {
    const root = document.getElementById("transcript");
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(phrase);
        if (at < 0) continue;
        root.focus();
        window.getSelection().setBaseAndExtent(node, at, node, at + phrase.length);
        return;
    }
    throw new Error("not in the transcript: " + phrase);
}"""

#: The texts the annotations' highlight paints.
_ANNOTATED = """() => {
    const highlight = CSS.highlights.get("qf-annotation");
    if (!highlight) return [];
    return [...highlight].map((r) => {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        return range.toString();
    });
}"""

PHRASE = "Lived experience is not enough"


def _open(page: Any, sample: SampleStudy) -> None:
    page.goto(f"/projects/{sample.project_id}/documents/{sample.interview_id}")
    page.locator("body.document-view--ready").wait_for(state="attached")


def _select(page: Any, phrase: str) -> None:
    page.evaluate(_SELECT, phrase)
    page.locator("#selection-status", has_text=f"\u201c{phrase}\u201d").wait_for()


def test_a_selection_is_annotated_with_a_key_shown_in_the_text_and_the_list_and_kept(
    page: Any, sample: SampleStudy
) -> None:
    _open(page, sample)
    memos = page.locator("#document-memos")
    expect(memos.get_by_text("No memos on this document yet.")).to_be_visible()
    page.locator("#transcript").press("a")
    expect(page.locator("#coding-message")).to_contain_text("Select some text")
    _select(page, PHRASE)
    page.locator("#transcript").press("a")
    dialog = page.get_by_role("dialog", name="Annotate the passage")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(f"On: “{PHRASE}”")
    expect(page.get_by_label("Note")).to_be_focused()
    assert_accessible(page, "the annotation dialog")
    page.get_by_label("Note").fill("Patience *and* resilience matter more.")
    page.get_by_label("Kind").select_option("reflexive")
    dialog.get_by_role("button", name="Save the annotation").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#coding-message")).to_contain_text(
        "Saved the annotation “Lived experience"
    )
    item = memos.locator(".doc-memo").first
    expect(item).to_contain_text("Annotation")
    expect(item).to_contain_text("Reflexive · tester")
    expect(item.locator("em", has_text="and")).to_be_visible()
    assert page.evaluate(_ANNOTATED) == [PHRASE]
    marker = page.locator(".annotation-marker")
    expect(marker).to_have_count(1)
    expect(marker).to_have_attribute("aria-label", "Annotation: Lived experience is not enough")
    assert_accessible(page, "the document view with an annotation")

    memo = sample.project.memos.in_document(sample.interview_id)[0]
    start = INTERVIEW.index(PHRASE)
    assert (memo.links[0].start, memo.links[0].end) == (start, start + len(PHRASE))

    page.reload()
    page.locator("body.document-view--ready").wait_for(state="attached")
    assert page.evaluate(_ANNOTATED) == [PHRASE]
    expect(memos.locator(".doc-memo")).to_have_count(1)
    # The marker is reached by keyboard and leads to the note; the note's link back to the text.
    page.locator(".annotation-marker").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#doc-memo-{memo.id}")).to_be_focused()
    assert page.evaluate("window.getSelection().toString()") == PHRASE
    page.evaluate("window.getSelection().removeAllRanges()")
    memos.get_by_role("link", name=f"Passage of “{memo.title}”").click()
    expect(page.locator("#transcript")).to_be_focused()
    assert page.evaluate("window.getSelection().toString()") == PHRASE


def test_the_annotate_button_keeps_the_note_when_the_server_refuses_it(
    page: Any, sample: SampleStudy
) -> None:
    _open(page, sample)
    _select(page, "Some situations are harrowing.")
    # The document is deleted meanwhile: the note is refused and kept.
    page.get_by_role("button", name="Annotate").click()
    dialog = page.get_by_role("dialog", name="Annotate the passage")
    page.get_by_label("Title (optional)").fill("Harrowing")
    page.get_by_label("Note").fill("Two hours of careful thought.")
    sample.project.documents.delete(sample.interview_id, force=True)
    dialog.get_by_role("button", name="Save the annotation").click()
    expect(page.locator("#annotate-message")).to_contain_text("no document")
    expect(page.get_by_label("Note")).to_have_value("Two hours of careful thought.")
    expect(page.get_by_label("Title (optional)")).to_have_value("Harrowing")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()


def test_annotating_stays_quick_on_a_document_with_10000_codings(
    page: Any, sample: SampleStudy
) -> None:
    count = 10_000
    sentences = [f"Line {n} is here." for n in range(count)]
    text = "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, count, 4)) + "\n"
    project = sample.project
    project.documents.import_bytes("Huge.txt", text.encode())
    document = project.documents.info("Huge.txt").id
    spans, at = [], 0
    for sentence in sentences:
        at = text.index(sentence, at)
        spans.append((document, at, at + len(sentence)))
        at += len(sentence)
    project.coding.add(sample.hope_code_id, spans)
    project.memos.annotate(document, spans[1][1], spans[1][2], body="Second line.")
    page.goto(f"/projects/{sample.project_id}/documents/{document}")
    # The page itself takes a while with 10,000 codings; the annotations add no wait.
    page.locator("body.document-view--ready").wait_for(state="attached", timeout=90_000)
    assert page.evaluate(_ANNOTATED) == ["Line 1 is here."]
    _select(page, "Line 6 is here.")
    page.locator("#transcript").press("a")
    page.get_by_label("Note").fill("Sixth.")
    began = time.perf_counter()
    page.get_by_role("button", name="Save the annotation").click()
    expect(page.locator("#document-memos .doc-memo")).to_have_count(2)
    assert page.evaluate(_ANNOTATED) == ["Line 1 is here.", "Line 6 is here."]
    assert time.perf_counter() - began < 5  # saved, listed and marked
