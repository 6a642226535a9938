"""A team server in a real browser: an administrator creates an account, the
person logs in with the one-time password, must choose their own, then sees
the projects page; the login, account, password and accounts pages pass axe-core."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from qualframe.api.accounts import open_accounts
from qualframe.storage.database import Database
from qualframe.web.app import create_app
from route_recorder import RouteRecorder
from web.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "administrator password"


@pytest.fixture
def app(database: Database) -> FastAPI:
    """A team server (``serve --team``) with one administrator, "boss"."""
    open_accounts(database, user="setup").create("boss", "Bo Boss", ADMIN_PASSWORD, admin=True)
    application = create_app(database, team=True)
    application.add_middleware(RouteRecorder)
    return application


def _log_in(page, login: str, password: str) -> None:
    page.get_by_label("Login name").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_a_new_person_logs_in_with_a_one_time_password_and_chooses_their_own(
    page, browser, live_server
) -> None:
    page.goto("/")
    page.wait_for_url("**/login?next=*")
    assert_accessible(page, "the login page")
    _log_in(page, "boss", ADMIN_PASSWORD)
    page.wait_for_url(live_server + "/")
    page.goto("/admin/accounts")
    assert_accessible(page, "the accounts page")
    page.get_by_label("Login name").fill("sam")
    page.get_by_label("Name written on their work").fill("Sam (SUR)")
    page.get_by_role("button", name="Create the account").click()
    one_time = page.get_by_test_id("one-time-value").inner_text()
    assert_accessible(page, "the accounts page showing a one-time password")
    page.goto("/account")
    assert_accessible(page, "the account page")
    page.get_by_role("button", name="Log out", exact=True).click()
    page.wait_for_url("**/login")

    _log_in(page, "sam", one_time)
    page.wait_for_url("**/account/password")
    assert page.get_by_test_id("must-change").is_visible()
    assert_accessible(page, "the password page")
    page.goto("/")  # every page sends them back until they choose
    page.wait_for_url("**/account/password")
    page.get_by_label("One-time password").fill(one_time)
    page.locator("#f-new").fill("sam's own password")
    page.locator("#f-repeat").fill("sam's own password")
    page.get_by_role("button", name="Change the password").click()
    page.wait_for_url(live_server + "/")
    assert page.get_by_test_id("current-user").inner_text() == "Sam (SUR)"
    assert page.get_by_role("heading", name="Welcome to qualframe").is_visible()
