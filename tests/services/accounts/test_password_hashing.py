"""Passwords are stored only as argon2id hashes and follow simple rules."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qualframe.api.accounts import AccountsAPI
from qualframe.errors import ValidationError
from qualframe.services.accounts import passwords
from qualframe.storage.database import Database
from qualframe.storage.models import Account, AuditEntry


def test_a_password_is_stored_only_as_an_argon2id_hash(
    accounts: AccountsAPI, database: Database
) -> None:
    accounts.create("ana", "Ana Costa", "correct horse battery")

    with database.transaction() as session:
        stored = session.scalars(select(Account.password_hash)).one()
        details = [str(e.details) + e.summary for e in session.scalars(select(AuditEntry))]
    assert stored.startswith("$argon2id$")
    assert "correct horse battery" not in stored
    assert all("correct horse battery" not in text and "$argon2" not in text for text in details)
    assert passwords.verify_password(stored, "correct horse battery")
    assert not passwords.verify_password(stored, "correct horse batterY")


def test_hashes_are_salted_and_a_malformed_hash_matches_nothing() -> None:
    first, second = (
        passwords.hash_password("same password"),
        passwords.hash_password("same password"),
    )

    assert first != second
    assert not passwords.verify_password("not a hash", "same password")
    assert passwords.needs_rehash("not a hash")
    assert not passwords.needs_rehash(first)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "at least 10 characters"),
        ("          ", "only spaces"),
        ("x" * 1025, "at most 1024"),
        ("ana.costa.1", "cannot be the login"),
    ],
)
def test_a_password_breaking_a_rule_is_refused_and_no_account_written(
    accounts: AccountsAPI, password: str, problem: str
) -> None:
    with pytest.raises(ValidationError, match=problem):
        accounts.create("ana.costa.1", "Ana", password)

    assert accounts.list() == []


def test_a_generated_password_is_long_readable_and_acceptable() -> None:
    made = {passwords.generate_password() for _ in range(20)}

    assert len(made) == 20
    for password in made:
        assert len(password.replace("-", "")) == passwords.GENERATED_CHARS
        assert not set(password) & set("0O1lI")
        assert passwords.password_problem(password, "ana") is None
