"""Passwords: argon2id hashes, the rules a new password meets, generated ones.

Only an argon2id hash (with its salt and parameters, in the standard
encoding) is ever stored; a password is checked against it and forgotten.
Hashing is slow on purpose (it costs a guesser as much as the server); the
tests replace :data:`_PARAMETERS` with cheap ones (the
``cheap_password_hashing`` fixture).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

#: Fewest characters of a password.
MIN_PASSWORD_CHARS = 10
#: Most characters of a password (hashing a megabyte would tie the server up).
MAX_PASSWORD_CHARS = 1024
#: Characters of a generated password.
GENERATED_CHARS = 16
#: Letters and digits a generated password is made of: none that look alike (0/O, 1/l/I).
_READABLE = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class HashParameters:
    """argon2id's costs: passes, memory in KiB, lanes."""

    time_cost: int = 3
    memory_cost: int = 64 * 1024
    parallelism: int = 4


#: The costs of new hashes (RFC 9106's second recommended option). Tests replace it.
_PARAMETERS = HashParameters()


def hasher() -> PasswordHasher:
    """The argon2id hasher with the current :data:`_PARAMETERS`."""
    return PasswordHasher(
        time_cost=_PARAMETERS.time_cost,
        memory_cost=_PARAMETERS.memory_cost,
        parallelism=_PARAMETERS.parallelism,
        type=Type.ID,
    )


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (a new random salt each time)."""
    return hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (False for a malformed hash)."""
    try:
        return hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other costs than today's (re-hash on login)."""
    try:
        return hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


#: A hash no password matches, verified when a login name is unknown, so that an
#: unknown login takes as long to refuse as a wrong password.
_DUMMY_HASHES: dict[HashParameters, str] = {}


def dummy_verify(password: str) -> None:
    """Spend the time of a verification, for a login that has no account."""
    if _PARAMETERS not in _DUMMY_HASHES:
        _DUMMY_HASHES[_PARAMETERS] = hash_password(secrets.token_urlsafe(16))
    verify_password(_DUMMY_HASHES[_PARAMETERS], password)


def password_problem(password: str, login: str = "") -> str | None:
    """What is wrong with ``password`` as a new password for ``login``, or None.

    At least :data:`MIN_PASSWORD_CHARS` characters and at most
    :data:`MAX_PASSWORD_CHARS`, not only spaces, not the login name.
    """
    if not password.strip():
        return "A password cannot be empty or only spaces."
    if len(password) < MIN_PASSWORD_CHARS:
        return f"A password needs at least {MIN_PASSWORD_CHARS} characters."
    if len(password) > MAX_PASSWORD_CHARS:
        return f"A password has at most {MAX_PASSWORD_CHARS} characters."
    if login and password.strip().lower() == login.strip().lower():
        return "A password cannot be the login name."
    return None


def generate_password() -> str:
    """A random password of :data:`GENERATED_CHARS` readable letters and digits,
    in groups of four ("abcd-efgh-...")."""
    chars = "".join(secrets.choice(_READABLE) for _ in range(GENERATED_CHARS))
    return "-".join(chars[i : i + 4] for i in range(0, GENERATED_CHARS, 4))
