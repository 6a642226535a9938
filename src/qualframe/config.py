"""Configuration, declared once: each setting's name, environment variable,
default and help. The CLI builds its global flags from this table; the
library reads the environment through it. Nothing is read at import time.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from qualframe.errors import ConfigurationError


@dataclass(frozen=True)
class Setting:
    """One configuration value: flag ``--<name>``, variable ``env``."""

    name: str
    env: str
    help: str
    default: Callable[[], str | None]


def default_database_url() -> str:
    """An SQLite file in the user's data directory. Nothing is created here:
    opening the database creates the folder and the file, readable by their
    owner only (:class:`~qualframe.storage.database.Database`)."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("qualframe", appauthor=False))
    return f"sqlite:///{folder / 'qualframe.db'}"


def default_user() -> str:
    """The operating-system login name, used to attribute changes."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "analyst"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database",
        "QUALFRAME_DATABASE_URL",
        "Database URL: sqlite:///path.db (default: a file in your data folder) "
        "or postgresql+psycopg://user@host/db for a team server.",
        default_database_url,
    ),
    Setting(
        "project",
        "QUALFRAME_PROJECT",
        "The project to act on (default: the only project in the database).",
        lambda: None,
    ),
    Setting(
        "user",
        "QUALFRAME_USER",
        "Your name as recorded on codings, memos and the audit log (default: your login).",
        default_user,
    ),
    Setting(
        "host",
        "QUALFRAME_HOST",
        "Address the web application listens on (default: this machine only). "
        "Anyone who can reach it can read and change every project: there are no accounts.",
        lambda: "127.0.0.1",
    ),
    Setting(
        "port",
        "QUALFRAME_PORT",
        "Port the web application listens on.",
        lambda: "8000",
    ),
    Setting(
        "debug",
        "QUALFRAME_DEBUG",
        "Show the full traceback of an unexpected error (a bug), messages included, "
        "on the terminal or in the server's log; without it only an error id, the "
        "error's type and where it happened are shown (messages can quote your data).",
        lambda: None,
    ),
)


def debugging(flag: bool = False) -> bool:
    """Whether full tracebacks are wanted: ``flag`` (the CLI's ``--debug``) or
    ``QUALFRAME_DEBUG`` set to 1, true, yes or on (anything else, an empty
    value included, is no: this is asked while reporting another error)."""
    if flag:
        return True
    value = os.environ.get(setting("debug").env, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def setting(name: str) -> Setting:
    """The declared setting called ``name``."""
    for item in SETTINGS:
        if item.name == name:
            return item
    raise KeyError(name)


def explicit(
    name: str, flag_value: str | None = None, env: Mapping[str, str] | None = None
) -> str | None:
    """A setting's value when someone gave it (the flag, else the environment),
    else None: its default is not taken (the web server asks each visitor's
    name instead of using the login it runs under)."""
    if flag_value is not None:
        return flag_value
    environ = os.environ if env is None else env
    if setting(name).env not in environ:
        return None
    return resolve(name, None, environ)


def resolve(
    name: str, flag_value: str | None = None, env: Mapping[str, str] | None = None
) -> str | None:
    """A setting's value: the flag if given, else the environment, else the default."""
    if flag_value is not None:
        return flag_value
    item = setting(name)
    environ = os.environ if env is None else env
    value = environ.get(item.env)
    if value is not None:
        if not value.strip():
            raise ConfigurationError(f"{item.env} is set but empty")
        return value
    return item.default()
