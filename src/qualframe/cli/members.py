"""CLI commands: ``qualframe members ...``, who works on a project and in which role.

The command line acts as the server's operator (no account): it may manage
the members of any project, as an owner does on the web.
"""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from qualframe.cli.app import Commands, command_group
from qualframe.cli.output import cell_text, print_table, say
from qualframe.cli.state import CliState

#: Add ``members`` to ``app``.
app = Commands()

members = command_group(
    app,
    "members",
    help="The members of a project on a team server and their roles "
    "(viewer, coder, analyst, owner); invitations.",
)

Login = Annotated[str, typer.Argument(help="The account's login name.", show_default=False)]
Role = Annotated[str, typer.Argument(help="viewer, coder, analyst or owner.", show_default=False)]
Format = Annotated[
    Literal["table", "json", "csv"],
    typer.Option("--format", help="table, json or csv (on standard output)."),
]


@members.command("list", reads=True)
def list_members(cli: CliState, format: Format = "table") -> None:
    """List the project's members and their roles."""
    project = cli.open_project()
    found = project.members.list()
    if format == "json":
        from qualframe.cli.change_model_views import print_json

        print_json(found)
        return
    if format == "csv":
        from qualframe.cli.change_model_views import print_csv

        print_csv(project.members.table())
        return
    rows = [
        (cell_text(m.login), cell_text(m.display_name), m.role.value, cell_text(m.added_by))
        for m in found
    ]
    print_table(cli, project.name, ("login", "name", "role", "added by"), rows)


@members.command("add")
def add(cli: CliState, login: Login, role: Role) -> None:
    """Make an account a member of the project in a role."""
    member = cli.open_project().members.add(login, role)
    say(cli, f"{member.display_name} ({member.login}) is now a member, as {member.role.value}.")


@members.command("role")
def set_role(cli: CliState, login: Login, role: Role) -> None:
    """Change a member's role."""
    member = cli.open_project().members.set_role(login, role)
    say(cli, f"{member.display_name} ({member.login}) is now {member.role.value}.")


@members.command("remove")
def remove(cli: CliState, login: Login) -> None:
    """Remove a member from the project (their work stays, under their name)."""
    member = cli.open_project().members.remove(login)
    say(cli, f"Removed {member.display_name} ({member.login}) from the project.")


@members.command("invite")
def invite(
    cli: CliState,
    role: Role,
    days: Annotated[
        int, typer.Option("--days", min=1, max=90, help="Days the link stays open.")
    ] = 7,
    note: Annotated[str, typer.Option("--note", help="A note for the owners.")] = "",
) -> None:
    """Create an invitation link to join the project in a role (printed once)."""
    issued = cli.open_project().members.invite(role, note=note, days=days)
    say(
        cli,
        f"Invitation to join as {issued.info.role.value}, open until "
        f"{issued.info.expires_at:%Y-%m-%d %H:%M} UTC (shown only now):",
    )
    say(cli, issued.link_path)
