"""Accounts of a team server: created, renamed, disabled and enabled by an
administrator (or the command line), their passwords reset or changed.

These act on the server, not on one project: they take a database session
(the caller commits) and the name of whoever acts (``by``), and record
their changes in the audit log with no project (``project_id`` None). No
audit entry, message or record ever holds a password or its hash.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.services.accounts import passwords
from qualframe.services.accounts.records import AccountInfo
from qualframe.services.core import audit, text_rules
from qualframe.storage import queries
from qualframe.storage.models import Account
from qualframe.storage.models.base import as_utc, utc_now

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Failed logins in a row that lock an account (at a login or a password change).
LOCK_AFTER = 5
#: The longest lock, in minutes (the first is one minute, doubling).
MAX_LOCK_MINUTES = 15

#: A login name: lowercase letters and digits, then also ``.``, ``_`` and ``-``.
_LOGIN = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


def valid_login(login: str) -> bool:
    """Whether ``login`` (stripped, lowercased) is a login name an account may have. Pure."""
    return _LOGIN.fullmatch(login.strip().lower()) is not None


def clean_login(login: str) -> str:
    """``login`` as stored: stripped and lowercased. Raises
    :class:`ValidationError` unless it is 1 to 64 of ``a-z``, ``0-9``, ``.``,
    ``_``, ``-``, starting with a letter or digit. Pure."""
    cleaned = login.strip().lower()
    if not _LOGIN.fullmatch(cleaned):
        shown = repr(login[:40])
        raise ValidationError(
            f"The login name {shown} is not valid: use 1 to 64 lowercase letters, digits, "
            "'.', '_' or '-', starting with a letter or a digit."
        )
    return cleaned


def clean_display_name(session: Session, name: str, *, account_id: int | None = None) -> str:
    """``name`` as a display name is stored (white space tidied). Raises
    :class:`ValidationError` for an empty or unstorable name and
    :class:`ConflictError` when another account has it. Reads only."""
    cleaned = text_rules.normalised_name(name)
    if not cleaned:
        raise ValidationError("An account needs a display name.")
    text_rules.check_name(cleaned, "display name")
    holder = queries.accounts.account_named(session, cleaned)
    if holder is not None and holder.id != account_id:
        raise ConflictError(
            f"The display name {cleaned!r} is taken already by another account; choose "
            "another (a person's codings and memos are written under it)."
        )
    return cleaned


def check_new_password(password: str, login: str) -> None:
    """Raise :class:`ValidationError` when ``password`` breaks a rule of
    :func:`~qualframe.services.accounts.passwords.password_problem`."""
    problem = passwords.password_problem(password, login)
    if problem is not None:
        raise ValidationError(problem)


def account_by_login(session: Session, login: str) -> Account:
    """The stored account with login name ``login`` (any case). Raises
    :class:`NotFoundError` when there is none."""
    cleaned = login.strip().lower()
    # A name no account can have (a NUL, a space) is not looked up: PostgreSQL
    # would refuse a NUL in the query itself.
    valid = _LOGIN.fullmatch(cleaned) is not None
    found = queries.accounts.account_by_login(session, cleaned) if valid else None
    if found is None:
        raise _no_account(login)
    return found


def _no_account(login: str) -> NotFoundError:
    shown = text_rules.normalised_name(login)[:64]
    return NotFoundError(f"There is no account with the login name {shown!r}.")


def _lock_minutes(failures: int) -> int:
    """Minutes of the lock after ``failures`` failed logins in a row (0: none)."""
    if failures < LOCK_AFTER:
        return 0
    return min(MAX_LOCK_MINUTES, 2 ** (failures - LOCK_AFTER))


def count_failure(session: Session, account_id: int, now: datetime) -> None:
    """Count one more failed login (or wrong current password) of account
    ``account_id`` and lock it when it is time. One atomic UPDATE, not a
    versioned change: concurrent failures (an attack in parallel) are all
    counted, none refused as a conflict. Written though the caller then
    refuses: it must commit even so."""
    failures = queries.accounts.count_failed_login(session, account_id)
    minutes = _lock_minutes(failures)
    if minutes:
        queries.accounts.lock_account(session, account_id, now + timedelta(minutes=minutes))


def lock_minutes_left(account: Account, now: datetime) -> int:
    """Whole minutes (rounded up) the account stays locked after ``now``: 0 when
    it is not locked. Pure."""
    if account.locked_until is None or as_utc(account.locked_until) <= now:
        return 0
    return math.ceil((as_utc(account.locked_until) - now).total_seconds() / 60)


def create_account(
    session: Session,
    login: str,
    display_name: str,
    password: str,
    *,
    admin: bool = False,
    by: str,
    must_change_password: bool = False,
) -> AccountInfo:
    """Create an account (an administrator when ``admin``), its password stored
    as an argon2id hash; audited as ``account.create`` by ``by``.
    ``must_change_password``: the password is a one-time one (an
    administrator's generated password), to be changed at the first login.

    Raises :class:`ValidationError` for a malformed login name or display
    name or a password breaking the rules (at least 10 characters, not the
    login...), :class:`ConflictError` when the login name or display name is
    taken. Nothing is written then.
    """
    cleaned = clean_login(login)
    if queries.accounts.account_by_login(session, cleaned) is not None:
        raise ConflictError(f"The login name {cleaned!r} is taken already.")
    name = clean_display_name(session, display_name)
    check_new_password(password, cleaned)
    account = Account(
        login=cleaned,
        display_name=name,
        password_hash=passwords.hash_password(password),
        is_admin=admin,
        must_change_password=must_change_password,
    )
    # The checks above read; a concurrent creation of the same names is
    # refused by the database, as a ConflictError naming the clash.
    queries.accounts.add_account(session, account)
    kind = "administrator" if admin else "account"
    audit.record_server(
        session,
        by,
        "account.create",
        "account",
        account.id,
        f"Created the {kind} {cleaned!r} ({name})",
        {"login": cleaned, "display_name": name, "admin": admin},
    )
    return AccountInfo.of(account)


def list_accounts(session: Session) -> list[AccountInfo]:
    """Every account, by login name. Reads only."""
    return [AccountInfo.of(a) for a in queries.accounts.all_accounts(session)]


def find_account(session: Session, login: str) -> AccountInfo:
    """The account with login name ``login``; raises :class:`NotFoundError` if none."""
    return AccountInfo.of(account_by_login(session, login))


def find_active_account(session: Session, login: str) -> AccountInfo:
    """The account with login name ``login`` if it is not disabled. Raises
    :class:`NotFoundError` for a disabled account with the message of a
    missing one: a disabled account acts as nobody. Reads only."""
    found = account_by_login(session, login)
    if found.disabled_at is not None:
        raise _no_account(login)
    return AccountInfo.of(found)


def get_account(session: Session, account_id: int) -> AccountInfo:
    """The account with id ``account_id``; raises :class:`NotFoundError` if none."""
    found = queries.accounts.account_by_id(session, account_id)
    if found is None:
        raise NotFoundError(f"There is no account with id {account_id}.")
    return AccountInfo.of(found)


def set_display_name(session: Session, login: str, display_name: str, *, by: str) -> AccountInfo:
    """Rename an account (what its future work is written under; earlier work
    keeps the name it was written with). Audited as ``account.update``.
    Raises :class:`NotFoundError`, :class:`ValidationError`, :class:`ConflictError`."""
    account = account_by_login(session, login)
    name = clean_display_name(session, display_name, account_id=account.id)
    before = account.display_name
    if name != before:
        account.display_name = name
        audit.record_server(
            session,
            by,
            "account.update",
            "account",
            account.id,
            f"Renamed the account {account.login!r} from {before!r} to {name!r}",
            {"before": before, "after": name},
        )
    session.flush()
    return AccountInfo.of(account)


def disable_account(session: Session, login: str, *, by: str) -> AccountInfo:
    """Disable an account: it cannot log in, every session of it ends and it
    loses access to its projects (its memberships stay, for when it is
    enabled again). Audited as ``account.disable``. Raises
    :class:`NotFoundError`, and :class:`ConflictError` for the last
    administrator not disabled (nobody could manage accounts then)."""
    account = account_by_login(session, login)
    if account.disabled_at is None:
        if account.is_admin and queries.accounts.admin_count(session) <= 1:
            raise ConflictError(
                f"{account.login!r} is the only administrator; make another one before "
                "disabling it. Nothing was changed."
            )
        account.disabled_at = utc_now()
        ended = queries.accounts.end_sessions(session, account.id)
        audit.record_server(
            session,
            by,
            "account.disable",
            "account",
            account.id,
            f"Disabled the account {account.login!r}",
            {"sessions_ended": ended},
        )
    session.flush()
    return AccountInfo.of(account)


def enable_account(session: Session, login: str, *, by: str) -> AccountInfo:
    """Enable a disabled account again (and lift a lock after failed logins).
    Audited as ``account.enable``. Raises :class:`NotFoundError`."""
    account = account_by_login(session, login)
    if account.disabled_at is not None or account.locked_until is not None:
        account.disabled_at = None
        account.locked_until = None
        account.failed_logins = 0
        audit.record_server(
            session, by, "account.enable", "account", account.id, f"Enabled {account.login!r}"
        )
    session.flush()
    return AccountInfo.of(account)


def reset_password(session: Session, login: str, *, by: str) -> str:
    """Give an account a new generated password, returned to be shown ONCE (only
    its hash is stored); the person must change it at their next login, every
    session of the account ends and a lock after failed logins is lifted.
    Audited as ``account.reset_password`` (without the password). Raises
    :class:`NotFoundError`."""
    account = account_by_login(session, login)
    password = passwords.generate_password()
    account.password_hash = passwords.hash_password(password)
    account.must_change_password = True
    account.password_changed_at = utc_now()
    account.failed_logins = 0
    account.locked_until = None
    ended = queries.accounts.end_sessions(session, account.id)
    audit.record_server(
        session,
        by,
        "account.reset_password",
        "account",
        account.id,
        f"Reset the password of {account.login!r}",
        {"sessions_ended": ended},
    )
    session.flush()
    return password


def change_password(
    session: Session,
    account_id: int,
    current: str,
    new: str,
    *,
    keep_session: int | None = None,
) -> AccountInfo:
    """Change an account's own password: ``current`` must match; the new one
    follows the rules and differs from it. Clears a forced change and ends
    every session of the account but ``keep_session`` (the id of the one
    asking). Audited as ``account.change_password``.

    Raises :class:`ValidationError` when ``current`` is wrong, the account
    is locked after too many failures or ``new`` breaks a rule, and
    :class:`NotFoundError` for an unknown account; nothing is written then,
    but for a wrong ``current``: it is counted as a failed login (and may
    lock the account, as :func:`~qualframe.services.accounts.sessions.log_in`
    does), which the caller must commit though the change is refused.
    """
    account = queries.accounts.account_by_id(session, account_id)
    if account is None:
        raise NotFoundError(f"There is no account with id {account_id}.")
    now = utc_now()
    right = passwords.verify_password(account.password_hash, current)
    left = lock_minutes_left(account, now)
    if left:  # whatever the password: the lock holds here as at a login
        raise ValidationError(
            f"Too many wrong passwords: try again in {left} minutes; nothing was changed."
        )
    if not right:
        # Counted like a failed login, so that a stolen session cannot try
        # passwords one after another (the caller commits the count).
        count_failure(session, account.id, now)
        raise ValidationError("The current password is not right; nothing was changed.")
    check_new_password(new, account.login)
    if new == current:
        raise ValidationError("The new password must differ from the current one.")
    account.password_hash = passwords.hash_password(new)
    account.must_change_password = False
    account.password_changed_at = utc_now()
    ended = queries.accounts.end_sessions(session, account.id, keep=keep_session)
    audit.record_server(
        session,
        account.display_name,
        "account.change_password",
        "account",
        account.id,
        f"{account.login!r} changed their password",
        {"sessions_ended": ended},
    )
    session.flush()
    return AccountInfo.of(account)


def has_admin(session: Session) -> bool:
    """Whether the server has an administrator who is not disabled. Reads only."""
    return queries.accounts.admin_count(session) > 0
