"""Creating a project from the template in a real browser."""

from __future__ import annotations

import pytest

from web.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_a_newcomer_creates_the_peer_worker_study_from_the_template(page) -> None:
    page.goto("/")
    assert page.get_by_role("heading", name="Welcome to qualframe").is_visible()
    assert_accessible(page, "the welcome page")
    form = page.locator("form", has=page.get_by_role("heading", name="Peer worker roles"))
    form.get_by_label("Project name").fill("Peer workers, pilot")
    form.get_by_role("button", name="Create from this template").click()
    page.wait_for_url("**/projects/*")
    assert page.get_by_text("Created the project 'Peer workers, pilot'.").is_visible()
    page.goto("/")
    assert page.get_by_role("link", name="Peer workers, pilot").is_visible()
    assert_accessible(page, "the projects list")
