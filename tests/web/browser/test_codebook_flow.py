"""The codebook editor in a real browser: the tree's live filter, folding and
keyboard, the code form with its palette, merging, deleting, history, files."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import qualframe
from web.browser.conftest import assert_accessible
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser


def _codebook(sample: SampleStudy, path: str = "") -> str:
    return f"/projects/{sample.project_id}/codebook{path}"


def _tree_names(page) -> list[str]:
    return page.locator("#code-tree li.tree-node:visible > .tree-row .tree-link").all_inner_texts()


def test_the_tree_filters_as_you_type_folds_and_moves_with_arrow_keys(
    page, sample: SampleStudy
) -> None:
    sample.project.codebook.retire("Hope")
    page.goto(_codebook(sample))
    expect(page.get_by_role("heading", name="Codebook", level=1)).to_be_visible()
    assert_accessible(page, "the codebook tree")
    search = page.get_by_label("Find codes")
    search.fill("experience")
    page.locator("#tree-status", has_text="match").wait_for()
    assert _tree_names(page) == ["Trust", "Shared experience"]
    assert "1 code of 4 match “experience”." in page.locator("#tree-status").inner_text()
    assert "q=experience" in page.url
    search.fill("")
    page.locator("#tree-status", has_text="4 codes.").wait_for()
    page.get_by_label("Hide retired codes").check()
    expect(page.locator("#tree-status")).to_have_text("3 codes.")
    assert "Hope" not in _tree_names(page)
    page.get_by_label("Hide retired codes").uncheck()
    expect(page.locator("#tree-status")).to_have_text("4 codes.")
    toggle = page.get_by_role("button", name="Sub-codes of Trust")
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert _tree_names(page) == ["Trust", "Hope", "Boundaries"]
    trust = page.locator("#code-tree .tree-link").first
    trust.focus()
    page.keyboard.press("ArrowRight")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    expect(page.locator("#code-tree .tree-link", has_text="Shared experience")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#code-tree .tree-link").first).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#code-tree > li > .tree-row .tree-link")).to_have_text(
        ["Trust", "Boundaries", "Hope"]
    )
    assert [c.name for c in sample.project.codebook.tree() if c.depth == 0] == [
        "Trust",
        "Boundaries",
        "Hope",
    ]
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#code-tree > li > .tree-row .tree-link").first).to_have_text("Boundaries")
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#tree-message")).to_have_text(
        "The code 'Boundaries' is already the first of its siblings."
    )
    expect(page.locator("#code-tree .tree-link", has_text="Boundaries")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(f"code_id={sample.boundaries_code_id}"))
    expect(page.get_by_role("heading", name="Boundaries", level=2)).to_be_visible()
    assert_accessible(page, "a code's detail")


def test_a_researcher_creates_edits_and_reorders_a_code(page, sample: SampleStudy) -> None:
    page.goto(_codebook(sample, f"?code_id={sample.trust_code_id}"))
    page.get_by_role("link", name="Add a sub-code").click()
    expect(page.get_by_role("heading", name="New code")).to_be_visible()
    assert_accessible(page, "the new code form")
    page.get_by_label("Name (required)").fill("Being believed")
    page.get_by_label("Definition").fill("Feeling that one's account is taken seriously.")
    page.get_by_label("Inductive: emerged from the data during coding.").check()
    page.get_by_label("Choose another colour").fill("#aa3377")
    expect(page.get_by_label("Another colour:")).to_be_checked()
    page.get_by_role("button", name="Create the code").click()
    expect(page.get_by_text("Created the code 'Trust > Being believed'.")).to_be_visible()
    detail = page.locator("#code-detail")
    expect(detail.get_by_role("heading", name="Being believed")).to_be_visible()
    expect(detail.get_by_text("#AA3377")).to_be_visible()

    page.get_by_role("link", name="Edit Being believed").click()
    page.get_by_label("Name (required)").fill("shared experience")
    page.get_by_role("button", name="Save changes").click()
    alert = page.get_by_role("alert")
    expect(alert.get_by_text("There is already a code called 'Shared experience'")).to_be_visible()
    assert page.get_by_label("Name (required)").input_value() == "shared experience"
    assert_accessible(page, "the edit form with a refusal")
    page.get_by_label("Name (required)").fill("Feeling believed")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Saved the code 'Trust > Feeling believed'.")).to_be_visible()

    page.get_by_role("button", name="Move up among its siblings").click()
    expect(page.get_by_text("Moved 'Trust > Feeling believed' up.")).to_be_visible()
    names = page.locator(f"#sub-{sample.trust_code_id} > li > .tree-row .tree-link")
    assert names.all_inner_texts() == ["Feeling believed", "Shared experience"]
    expect(page.get_by_role("button", name="Move up among its siblings")).to_be_disabled()


def test_a_merge_and_a_delete_show_what_they_affect_first(page, sample: SampleStudy) -> None:
    page.goto(_codebook(sample, f"?code_id={sample.hope_code_id}"))
    page.get_by_label("Merge into", exact=True).select_option(str(sample.boundaries_code_id))
    page.get_by_role("button", name="Review the merge").click()
    preview = page.get_by_test_id("merge-preview")
    expect(preview.get_by_text("1 coding").first).to_be_visible()
    assert_accessible(page, "the merge preview")
    page.get_by_role("button", name="Merge Hope into Boundaries").click()
    expect(page.get_by_text("Merged 'Hope' into 'Boundaries': 1 coding.")).to_be_visible()

    page.goto(_codebook(sample, f"?code_id={sample.trust_code_id}"))
    page.get_by_role("link", name="Delete… Trust").click()
    consequences = page.get_by_test_id("delete-consequences")
    expect(consequences.get_by_text("1 sub-code: Trust > Shared experience")).to_be_visible()
    assert_accessible(page, "the delete confirmation")
    page.get_by_role("link", name="Cancel").click()
    expect(page.locator("#code-detail").get_by_role("heading", name="Trust")).to_be_visible()

    page.goto(_codebook(sample, "/history"))
    expect(page.get_by_role("heading", name="History of the framework")).to_be_visible()
    expect(page.get_by_test_id("history").get_by_text("Merged").first).to_be_visible()
    assert_accessible(page, "the framework's history")


def test_a_codebook_file_is_previewed_before_it_is_imported(
    page, sample: SampleStudy, tmp_path
) -> None:
    path = tmp_path / "frame.csv"
    path.write_text("code,definition\nTrust > Safety,Feeling safe.\n", encoding="utf-8")
    page.goto(_codebook(sample, "/import"))
    assert_accessible(page, "the import form")
    page.get_by_label("Codebook file").set_input_files(str(path))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_test_id("import-preview").get_by_text("Trust > Safety")).to_be_visible()
    assert_accessible(page, "the import preview")
    page.get_by_role("button", name="Import frame.csv").click()
    expect(page.get_by_text("Imported frame.csv: 1 code created, 0 updated.")).to_be_visible()
    assert "Safety" in _tree_names(page)


def test_the_other_codebook_pages_pass_the_accessibility_checks(page, sample: SampleStudy) -> None:
    pages = {
        "the merge chooser": _codebook(sample, f"/{sample.hope_code_id}/merge"),
        "a code's history": _codebook(sample, f"/history?code_id={sample.trust_code_id}"),
        "the edit form": _codebook(sample, f"/{sample.trust_code_id}/edit"),
        "a filtered tree": _codebook(sample, "?q=hope&retired=hide"),
    }
    for what, url in pages.items():
        page.goto(url)
        assert_accessible(page, what)
    other = qualframe.create_project("Empty", database=sample.project.database)
    page.goto(f"/projects/{other.info.id}/codebook")
    expect(page.get_by_text("The codebook is empty")).to_be_visible()
    assert_accessible(page, "an empty codebook")
