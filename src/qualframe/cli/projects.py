"""CLI commands: creating and listing projects."""

from __future__ import annotations

import typer

from qualframe.cli.app import Commands
from qualframe.cli.output import cell_text, print_table, shown
from qualframe.cli.state import CliState

#: Add ``init`` and ``projects`` to ``app``.
app = Commands()


@app.command()
def init(
    cli: CliState,
    name: str | None = typer.Argument(
        None, help="Project name (default: the template's study name, or 'My study')."
    ),
    template: str | None = typer.Option(
        None, "--template", help="Start from a built-in study template: peer-worker-study."
    ),
    example: str | None = typer.Option(
        None,
        "--example",
        help="Create an example project with its data: peer-worker (fictional "
        "interviews) or nhs-fft (real NHS patient comments).",
    ),
    description: str = typer.Option("", help="A sentence describing the study."),
) -> None:
    """Create a project, optionally from a study template or as an example."""
    from qualframe.examples import find_example
    from qualframe.project import create_project
    from qualframe.services.projects.templates import template_title

    if example:
        proposed = find_example(example).title
    else:
        proposed = template_title(template) if template else "My study"
    project = create_project(
        name or proposed,
        database=cli.open_database(),
        user=cli.actor(),
        template=template,
        example=example,
        description=description,
    )
    cli.console.print(
        f"Created project [bold]{shown(project.name)}[/bold] "
        f"in {shown(cli.open_database().shown_url)}"
    )


@app.command("projects")
def list_projects(cli: CliState) -> None:
    """List the projects in the database."""
    from qualframe.project import list_projects as all_projects

    rows = [
        (cell_text(info.name), f"{info.created_at:%Y-%m-%d}", cell_text(info.description))
        for info in all_projects(database=cli.open_database())
    ]
    print_table(cli, "", ("name", "created", "description"), rows)
