"""A first visit to a server given no user asks the visitor's name in a real
browser, then goes on to the page asked for."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from qualframe.storage.database import Database
from qualframe.web.app import create_app
from route_recorder import RouteRecorder
from web.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def app(database: Database) -> FastAPI:
    """The application as ``qualframe serve`` starts it without ``--user``."""
    application = create_app(database)
    application.add_middleware(RouteRecorder)
    return application


def test_a_first_visit_asks_who_is_coding_before_anything_else(page) -> None:
    page.goto("/")
    page.wait_for_url("**/user?next=*")
    assert page.get_by_role("heading", name="Who is coding?").is_visible()
    assert page.get_by_text("Nobody named yet").is_visible()
    assert page.get_by_label("Your name").input_value() == ""
    assert_accessible(page, "the who-is-coding page on a first visit")
    page.get_by_label("Your name").fill("Ann (peer researcher)")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", name="Welcome to qualframe").is_visible()
    assert page.get_by_test_id("current-user").inner_text() == "Ann (peer researcher)"
