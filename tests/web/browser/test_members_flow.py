"""Members and invitations in a real browser, on a team server: the owner
invites someone by a link, a new person opens it, creates an account and
lands in the project."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from playwright.sync_api import expect

import qualframe
from qualframe.api.accounts import open_accounts
from qualframe.storage.database import Database
from qualframe.web.app import create_app
from web.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


@pytest.fixture
def app(database: Database) -> FastAPI:
    """A team server whose project "Study" has one owner, Olive."""
    open_accounts(database).create("olive", "Olive", PASSWORD)
    project = qualframe.create_project("Study", database=database, user="tester")
    project.members.add("olive", "owner")
    return create_app(database, team=True)


def test_the_owner_invites_and_a_new_person_joins_with_a_new_account(page, browser) -> None:
    page.goto("/login")
    page.get_by_label("Login name").fill("olive")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Study").first.click()
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", name="Members", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Olive (you)")).to_be_visible()
    assert_accessible(page, "the members page")

    invite = page.get_by_test_id("invite")
    invite.get_by_label("Role").select_option("analyst")
    invite.get_by_label("Note (for the owners)").fill("Sam, second analyst")
    invite.get_by_role("button", name="Create the invitation link").click()
    link = page.get_by_label("Invitation link").input_value()
    assert "/invite/" in link
    expect(page.get_by_test_id("invitations").get_by_text("Sam, second analyst")).to_be_visible()
    assert_accessible(page, "the members page with a new invitation")

    # Someone else, in a browser of their own, not logged in.
    context = browser.new_context(base_url=page.url.split("/projects")[0])
    other = context.new_page()
    try:
        other.goto(link)
        expect(other.get_by_role("heading", name="Join “Study” as analyst")).to_be_visible()
        assert_accessible(other, "the invitation page")
        other.get_by_label("Login name").fill("sam")
        other.get_by_label("Your name").fill("Sam")
        other.get_by_label("Password (required)", exact=True).fill(PASSWORD)
        other.get_by_label("Password again").fill(PASSWORD)
        other.get_by_role("button", name="Create the account and join").click()
        expect(other.get_by_text("Welcome, Sam")).to_be_visible()
        expect(other).to_have_url(re.compile(r"/projects/\d+$"))
        other.get_by_role("link", name="Members").click()
        expect(other.get_by_test_id("my-role")).to_have_text("Your role in this project: analyst.")

        other.goto(link)  # a link works once
        expect(other.get_by_test_id("invitation-gone")).to_contain_text("was used already")
        assert_accessible(other, "a used invitation link")
    finally:
        context.close()
