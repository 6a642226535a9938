"""What the running web application holds: the database, the default user, uploads."""

from __future__ import annotations

from dataclasses import dataclass

from qualframe.storage.database import Database
from qualframe.web.server.uploads import UploadStore


@dataclass
class WebState:
    """Shared by every request of one application (``app.state.web``).

    ``default_user`` attributes changes when a visitor has not named
    themselves, when the server was given one (``--user``,
    ``QUALFRAME_USER``); None: every visitor is asked their name first, never
    taken from the operating system's login; ``allowed_hosts`` are the host names requests may be
    addressed to (DNS-rebinding guard).
    """

    database: Database
    default_user: str | None
    uploads: UploadStore
    allowed_hosts: tuple[str, ...]
