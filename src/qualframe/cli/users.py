"""CLI commands: ``qualframe users ...``, the accounts of a team server.

Run on the server by whoever runs it (the first administrator is created
this way: ``qualframe users create LOGIN --name NAME --admin``). A password
is asked twice without echo, or read from standard input with
``--password-stdin`` (one line); it is never an option, so it stays out of
the shell's history and the process list.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from qualframe.cli.app import Commands, command_group
from qualframe.cli.output import cell_text, print_table, say
from qualframe.cli.state import CliState
from qualframe.errors import ValidationError

if TYPE_CHECKING:
    from qualframe.api.accounts import AccountsAPI
    from qualframe.services.accounts.records import AccountInfo

#: Add ``users`` to ``app``.
app = Commands()

users = command_group(
    app,
    "users",
    help="The accounts of a team server (qualframe serve --team): create, list, "
    "reset passwords, disable, enable, log out.",
)

Login = Annotated[str, typer.Argument(help="The account's login name.", show_default=False)]
Format = Annotated[
    Literal["table", "json", "csv"],
    typer.Option("--format", help="table, json or csv (on standard output)."),
]


def _accounts(cli: CliState) -> AccountsAPI:
    from qualframe.api.accounts import open_accounts

    return open_accounts(cli.open_database(), user=cli.actor())


def _read_password(from_stdin: bool) -> str:
    """The new password: one line of standard input, or asked twice without echo."""
    if from_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise ValidationError("No password on standard input (one line was expected).")
        return password
    entered: str = typer.prompt(
        "Password", hide_input=True, confirmation_prompt="Repeat the password"
    )
    return entered


@users.command("create")
def create(
    cli: CliState,
    login: Login,
    name: Annotated[
        str,
        typer.Option(
            "--name", help="The display name (written on the person's work).", show_default=False
        ),
    ],
    admin: Annotated[bool, typer.Option("--admin", help="An administrator of accounts.")] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create an account (its password asked twice, hidden)."""
    password = _read_password(password_stdin)
    created = _accounts(cli).create(login, name, password, admin=admin)
    kind = "administrator" if created.is_admin else "account"
    say(cli, f"Created the {kind} {created.login} ({created.display_name}).")


def _state(account: AccountInfo) -> str:
    if account.disabled:
        return "disabled"
    if account.locked_until is not None:
        return f"locked until {account.locked_until:%Y-%m-%d %H:%M} UTC"
    return "must change password" if account.must_change_password else "active"


@users.command("list")
def list_users(cli: CliState, format: Format = "table") -> None:
    """List the accounts."""
    found = _accounts(cli).list()
    if format == "json":
        from qualframe.cli.change_model_views import print_json

        print_json(found)
        return
    if format == "csv":
        import pandas as pd

        from qualframe.cli.change_model_views import print_csv

        print_csv(pd.DataFrame([account.__dict__ for account in found]))
        return
    rows = [
        (
            cell_text(a.login),
            cell_text(a.display_name),
            "yes" if a.is_admin else "",
            _state(a),
            f"{a.created_at:%Y-%m-%d}",
        )
        for a in found
    ]
    print_table(cli, "", ("login", "name", "admin", "state", "created"), rows)


@users.command("reset-password")
def reset_password(cli: CliState, login: Login) -> None:
    """Give an account a new one-time password (printed once), ending its sessions."""
    password = _accounts(cli).reset_password(login)
    say(cli, f"The one-time password of {login.strip().lower()} (shown only now): {password}")
    say(cli, "They must choose a new password when they log in with it.")


@users.command("disable")
def disable(cli: CliState, login: Login) -> None:
    """Disable an account: it cannot log in and its sessions end."""
    account = _accounts(cli).disable(login)
    say(cli, f"Disabled {account.login} ({account.display_name}); their sessions ended.")


@users.command("enable")
def enable(cli: CliState, login: Login) -> None:
    """Enable a disabled (or locked) account."""
    account = _accounts(cli).enable(login)
    say(cli, f"Enabled {account.login} ({account.display_name}).")


@users.command("logout")
def logout(cli: CliState, login: Login) -> None:
    """End every session of an account (every browser and script)."""
    api = _accounts(cli)
    account = api.find(login)
    ended = api.log_out_everywhere(account.id)
    say(cli, f"Ended {ended} session{'s' if ended != 1 else ''} of {account.login}.")
