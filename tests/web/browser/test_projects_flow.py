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


def test_a_newcomer_opens_the_real_data_example_from_the_welcome_page(page) -> None:
    page.goto("/")
    form = page.locator("form", has=page.get_by_role("heading", name="Example: NHS patient"))
    form.get_by_role("button", name="Create this example").click()
    page.wait_for_url("**/projects/*")
    assert page.get_by_role("heading", name="NHS patient experience comments", level=1).is_visible()
    assert page.get_by_role("navigation", name="Project").is_visible()


def test_a_coder_names_themselves_and_the_header_says_so(page) -> None:
    page.goto("/user")
    assert_accessible(page, "the who-is-coding page")
    page.get_by_label("Your name").fill("Zoë (service-user researcher)")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_test_id("current-user").inner_text() == "Zoë (service-user researcher)"


def test_the_api_reference_page_is_accessible(page) -> None:
    page.goto("/api/docs")
    assert page.get_by_role("heading", name="The JSON API").is_visible()
    assert_accessible(page, "the API reference")


def test_an_error_page_says_what_is_wrong_and_is_accessible(page) -> None:
    page.goto("/projects/999")
    assert page.get_by_test_id("error-message").inner_text() == "There is no project with id 999."
    assert_accessible(page, "the not-found page")
