"""CLI command: ``qualframe serve``, the web application."""

from __future__ import annotations

import typer

from qualframe import config
from qualframe.cli.app import Commands
from qualframe.cli.output import shown
from qualframe.cli.state import CliState
from qualframe.errors import ConfigurationError

#: What ``serve --team`` says when the database has no administrator yet.
FIRST_ADMIN = (
    "A team server needs an administrator first. Create the first administrator: "
    "qualframe users create LOGIN --name NAME --admin"
)
#: The only proxies whose X-Forwarded-For/-Proto headers are believed (one on this machine).
TRUSTED_PROXIES = "127.0.0.1,::1"


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise ConfigurationError(f"the port must be a number, not {value!r}") from None
    if not 1 <= port <= 65535:
        raise ConfigurationError(f"the port must be between 1 and 65535, not {port}")
    return port


def _ensure_example(cli: CliState, name: str) -> None:
    """Create example ``name`` unless a project of its title exists."""
    from qualframe.examples import find_example
    from qualframe.project import create_project, list_projects

    title = find_example(name).title
    database = cli.open_database()
    if all(info.name != title for info in list_projects(database=database)):
        create_project(title, database=database, user=cli.actor(), example=name)
        cli.console.print(f"Created the example project [bold]{shown(title)}[/bold]")


def _allowed_hosts(cli: CliState, bind: str, named: list[str]) -> tuple[str, ...]:
    """The host names requests may be addressed to: the names given and the
    bound address; on every interface without names, any (with a warning:
    the DNS-rebinding guard is then off)."""
    if bind not in ("0.0.0.0", "::"):
        return (*named, bind)
    if named:
        return tuple(named)
    cli.console.print(
        "[bold]Warning:[/bold] listening on every interface without --allow-host: "
        "any host name is accepted. Name the server with --allow-host."
    )
    return ("*",)


def _check_administrator(cli: CliState) -> None:
    """Refuse a team server on a database without an administrator (nobody could
    create the first accounts). Raises :class:`ConfigurationError`."""
    from qualframe.api.accounts import open_accounts

    if not open_accounts(cli.open_database()).has_admin():
        raise ConfigurationError(FIRST_ADMIN)


#: Add ``serve`` to ``app``.
app = Commands()


@app.command()
def serve(
    cli: CliState,
    host: str | None = typer.Option(
        None, "--host", help=config.setting("host").help, show_default="127.0.0.1"
    ),
    port: str | None = typer.Option(
        None, "--port", help=config.setting("port").help, show_default="8000"
    ),
    example: str | None = typer.Option(
        None,
        "--example",
        help="Make sure the example project exists (peer-worker or nhs-fft): it is "
        "created first unless the database has a project of its title.",
    ),
    allow_host: list[str] = typer.Option(
        [],
        "--allow-host",
        help="Another host name the server may be reached by (a team server's name); "
        "repeat for several.",
    ),
    team: bool = typer.Option(
        False,
        "--team",
        help="Serve a team: people log in to accounts (qualframe users) and see only "
        "the projects they are members of, in their roles. Put it behind HTTPS.",
    ),
) -> None:
    """Run the web application (the database of --database, SQLite by default)."""
    import uvicorn

    from qualframe.web import create_app
    from qualframe.web.app import freeze_startup_heap

    if example:
        _ensure_example(cli, example)
    bind = config.resolve("host", host) or "127.0.0.1"
    number = _port(config.resolve("port", port) or "8000")
    everywhere = bind in ("0.0.0.0", "::")
    hosts = _allowed_hosts(cli, bind, allow_host)
    # Visitors name themselves unless the server was given a name: the login
    # the server runs under is nobody's name in a team.
    user = config.explicit("user", cli.user)
    if team:
        _check_administrator(cli)
    application = create_app(cli.open_database(), user=user, allowed_hosts=hosts, team=team)
    address = "127.0.0.1" if everywhere else bind
    cli.console.print(
        f"qualframe is serving {shown(cli.open_database().shown_url)} at "
        f"[bold]{shown(f'http://{address}:{number}/')}[/bold] (Ctrl+C stops it)"
    )
    freeze_startup_heap()
    # A team server: a reverse proxy on this machine may say the client's
    # address and that it spoke HTTPS (the login rate limit, the Secure
    # cookie); nobody else may.
    if team:
        uvicorn.run(
            application,
            host=bind,
            port=number,
            log_level="warning",
            proxy_headers=True,
            forwarded_allow_ips=TRUSTED_PROXIES,
        )
    else:
        uvicorn.run(application, host=bind, port=number, log_level="warning")
