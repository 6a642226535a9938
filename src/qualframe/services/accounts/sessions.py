"""Login sessions: logging in and out, finding the account behind a token.

A login gives a random token (``secrets.token_urlsafe(32)``) to the browser
(a cookie) or a script; only its SHA-256 is stored. A session ends
:data:`SESSION_HOURS` after the login, or when unused for
:data:`IDLE_MINUTES`, or at a log-out, a password change or reset, or when
its account is disabled.

Failed logins are counted per account: after ``LOCK_AFTER`` in a row (see
:mod:`qualframe.services.accounts.accounts`, which counts wrong current
passwords too) the account is locked for a minute, doubling with each
further failure up to ``MAX_LOCK_MINUTES``. **A failed login still writes** (the count and the
lock) before it raises :class:`~qualframe.errors.LoginFailedError`: its
caller commits the transaction even then (the facade and the web do).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from qualframe.errors import LoginFailedError
from qualframe.services.accounts import passwords
from qualframe.services.accounts.accounts import (
    count_failure,
    lock_minutes_left,
    valid_login,
)
from qualframe.services.accounts.records import AccountInfo, LoginResult, SessionInfo
from qualframe.storage import queries
from qualframe.storage.models import LoginSession
from qualframe.storage.models.base import as_utc, utc_now

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Hours a login lasts at most.
SESSION_HOURS = 12
#: Minutes a login lasts unused.
IDLE_MINUTES = 120
#: How often a session's "last seen" is written, at most (not at every request).
_SEEN_EVERY = timedelta(minutes=5)
#: The one message of a refused login: a wrong login name, a wrong password and
#: a disabled account look the same, so nothing is learnt of who has an account.
FAILED = (
    "That login name and password do not match; "
    "after five wrong passwords in a row an account waits a few minutes."
)
#: The label the CSRF token is derived with (from the session token).
_CSRF_LABEL = b"qualframe csrf token v1"


def token_digest(token: str) -> str:
    """The SHA-256 (hex) of a token, as stored. Pure."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def csrf_token(token: str) -> str:
    """The CSRF token of a session token: an HMAC-SHA256 of it with a fixed
    label (hex). Pure: the same session gives the same token, and it says
    nothing of the session token."""
    return hmac.new(token.encode("utf-8", "surrogatepass"), _CSRF_LABEL, hashlib.sha256).hexdigest()


def log_in(
    session: Session,
    login: str,
    password: str,
    *,
    user_agent: str = "",
    now: datetime | None = None,
    session_hours: float = SESSION_HOURS,
) -> LoginResult:
    """Log in with ``login`` and ``password``: a new session and its token.

    Raises :class:`LoginFailedError` with one message (:data:`FAILED`, which
    mentions the lock) when the login name is unknown, the password wrong,
    the account disabled or locked, whichever password is given: a locked
    account's answer must not tell a guess that was right from one that was
    wrong, nor an account from a login nobody has. A failure is
    counted, and locks the account after ``LOCK_AFTER`` in a row: that is
    written though the login fails, so the caller must commit then too. A success resets the
    count (and re-hashes a password hashed with older costs).
    """
    now = now or utc_now()
    cleaned = login.strip().lower()
    # A name no account has (a NUL, a space...) is not looked up (PostgreSQL
    # would refuse a NUL in the query), but it costs the same time.
    known = valid_login(cleaned)
    account = queries.accounts.account_by_login(session, cleaned) if known else None
    if account is None:
        passwords.dummy_verify(password)
        raise LoginFailedError(FAILED)
    # The password is verified even on a locked account, so that a lock takes
    # the time of any other login and says nothing to who does not know it.
    right = passwords.verify_password(account.password_hash, password)
    left = lock_minutes_left(account, now)
    if left:
        # Right or wrong, the same answer, not counted: the lock must not
        # become a way of testing guesses.
        raise LoginFailedError(FAILED)
    if not right or account.disabled_at is not None:
        if right:  # disabled: the same answer as a wrong password, nothing counted
            raise LoginFailedError(FAILED)
        count_failure(session, account.id, now)
        raise LoginFailedError(FAILED)
    account.failed_logins = 0
    account.locked_until = None
    if passwords.needs_rehash(account.password_hash):
        account.password_hash = passwords.hash_password(password)
    token = secrets.token_urlsafe(32)
    expires = now + timedelta(hours=session_hours)
    session.add(
        LoginSession(
            account_id=account.id,
            token_digest=token_digest(token),
            created_at=now,
            last_seen_at=now,
            expires_at=expires,
            user_agent=user_agent[:200],
        )
    )
    session.flush()
    return LoginResult(AccountInfo.of(account), token, csrf_token(token), expires)


def resolve(
    session: Session,
    token: str,
    *,
    now: datetime | None = None,
    idle_minutes: float = IDLE_MINUTES,
) -> tuple[AccountInfo, SessionInfo] | None:
    """The account and session of a token, or None when the token is unknown,
    the session expired or sat unused for ``idle_minutes``, or the account is
    disabled. Writes "last seen" (at most every five minutes); ends a session
    found expired."""
    if not token:
        return None
    now = now or utc_now()
    row = queries.accounts.session_by_digest(session, token_digest(token))
    if row is None:
        return None
    account = queries.accounts.account_by_id(session, row.account_id)
    expired = as_utc(row.expires_at) <= now
    idle = as_utc(row.last_seen_at) + timedelta(minutes=idle_minutes) <= now
    if account is None or account.disabled_at is not None or expired or idle:
        session.delete(row)
        session.flush()
        return None
    if now - as_utc(row.last_seen_at) >= _SEEN_EVERY:
        row.last_seen_at = now
        session.flush()
    return AccountInfo.of(account), SessionInfo.of(row, current=True)


def log_out(session: Session, token: str) -> bool:
    """End the session of ``token``; returns whether there was one."""
    row = queries.accounts.session_by_digest(session, token_digest(token)) if token else None
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def log_out_everywhere(session: Session, account_id: int) -> int:
    """End every session of an account (every browser and script); returns how many."""
    return queries.accounts.end_sessions(session, account_id)


def list_sessions(
    session: Session, account_id: int, current_token: str | None = None
) -> list[SessionInfo]:
    """The sessions of an account, the latest first, the one of
    ``current_token`` marked ``current``. Reads only."""
    current = token_digest(current_token) if current_token else None
    return [
        SessionInfo.of(row, current=row.token_digest == current)
        for row in queries.accounts.sessions_of(session, account_id)
    ]


def end_expired(session: Session, now: datetime | None = None) -> int:
    """Housekeeping: delete every session expired or idle for
    :data:`IDLE_MINUTES` by ``now``; returns how many."""
    now = now or utc_now()
    return queries.accounts.end_sessions_before(session, now, now - timedelta(minutes=IDLE_MINUTES))
