"""What the running web application holds: the database, the default user,
uploads, whether it is a team server, the login attempts."""

from __future__ import annotations

from dataclasses import dataclass, field

from qualframe.storage.database import Database
from qualframe.web.server.login_limits import LoginLimiter
from qualframe.web.server.uploads import UploadStore


@dataclass
class WebState:
    """Shared by every request of one application (``app.state.web``).

    ``default_user`` attributes changes when a visitor has not named
    themselves, when the server was given one (``--user``,
    ``QUALFRAME_USER``); None: every visitor is asked their name first, never
    taken from the operating system's login; ``allowed_hosts`` are the host names requests may be
    addressed to (DNS-rebinding guard). ``team``: a team server (``serve
    --team``), where people log in to accounts and act under their project
    roles (``default_user`` is then unused); ``login_limiter`` counts login
    attempts per client address.
    """

    database: Database
    default_user: str | None
    uploads: UploadStore
    allowed_hosts: tuple[str, ...]
    team: bool = False
    login_limiter: LoginLimiter = field(default_factory=LoginLimiter)
