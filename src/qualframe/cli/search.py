"""CLI command ``search``: keyword in context, and coding every hit.

::

    qualframe search "peer support" --where "stakeholder group=peer worker" --limit 20
    qualframe search stigma --code "Barriers > Stigma" --spread sentence
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from qualframe.cli import options
from qualframe.cli.app import Commands
from qualframe.cli.state import CliState
from qualframe.vocabulary import Spread

if TYPE_CHECKING:
    from qualframe.project import Project
    from qualframe.services.core.scope import Scope
    from qualframe.services.search.text_search import KwicHit

Query = Annotated[
    str,
    typer.Argument(
        help='Words (all must occur), "a phrase", prefix*, a OR b, -excluded '
        "(put -- before a query that starts with -).",
        show_default=False,
    ),
]
Limit = Annotated[int, typer.Option("--limit", help="Matching segments per page.")]
Offset = Annotated[int, typer.Option("--offset", help="Segments to skip (next pages).")]
CodeOption = Annotated[
    str | None,
    typer.Option(
        "--code", help='Code every hit (all pages) with this code ("Theme > Code").',
        show_default=False,
    ),
]  # fmt: skip
SpreadOption = Annotated[
    Spread,
    typer.Option("--spread", help="What to code around a hit: match, sentence, paragraph."),
]
Preview = Annotated[
    bool, typer.Option("--preview", help="With --code: only count what would be coded.")
]

#: Add ``search`` to ``app``.
app = Commands()


@app.command("search")
def search(
    cli: CliState,
    query: Query,
    filters: Annotated[options.Filters, options.Only("where", "documents", "speakers")],
    limit: Limit = 50,
    offset: Offset = 0,
    code: CodeOption = None,
    spread: SpreadOption = "paragraph",
    preview: Preview = False,
) -> None:
    """Search the documents and show hits in context (keyword in context)."""
    project = cli.open_project()
    scope = filters.scope()
    result = project.search.find(query, scope=scope, limit=limit, offset=offset)
    console = cli.console
    if not result.total_segments:
        console.print(f"No segment matches {escape(query)!s}.")
        return
    last = min(offset + limit, result.total_segments)
    console.print(
        f"[bold]{result.total_segments:,}[/] matching segment(s); "
        f"showing {offset + 1}-{last} ({len(result.hits)} hit(s))."
    )
    _kwic_lines(console, result.hits)
    if result.has_more:
        console.print(f"[dim]Next page: --offset {offset + limit}[/]")
    if code is not None:
        _code_hits(cli, project, query, code, spread, preview, scope)


def _kwic_lines(console: Console, hits: list[KwicHit]) -> None:
    """Print hits as aligned keyword-in-context lines, grouped under their
    document's title."""
    width = max(console.width, 60)
    who_width = min(max((len(_who(hit)) for hit in hits), default=0), 18)
    document_id = None
    for hit in hits:
        if hit.document_id != document_id:
            document_id = hit.document_id
            console.print(Text(hit.document_title, style="bold cyan"))
        room = max(width - who_width - len(hit.match) - 6, 20)
        left = hit.left[-(room // 2) :].rjust(room // 2)
        right = hit.right[: room - room // 2]
        line = Text("  ")
        line.append(_who(hit)[:who_width].ljust(who_width), style="magenta")
        line.append("  " + left)
        line.append(hit.match, style="bold reverse yellow")
        line.append(right)
        console.print(line, no_wrap=True, overflow="crop", highlight=False)


def _who(hit: KwicHit) -> str:
    """The speaker label, with the participant when it differs."""
    who = hit.speaker or ""
    if hit.participant and hit.participant != hit.speaker:
        who = f"{who} ({hit.participant})" if who else hit.participant
    return who


def _code_hits(
    cli: CliState,
    project: Project,
    query: str,
    code: str,
    spread: Spread,
    preview: bool,
    scope: Scope,
) -> None:
    """Show how many spans coding every hit gives, then (unless ``preview``) code them."""
    plan = project.search.preview_code_all_hits(query, code, spread=spread, scope=scope)
    cli.console.print(
        f"Coding all hits with [bold]{escape(plan.code)}[/] ({plan.spread}): "
        f"{plan.spans:,} span(s) in {plan.documents:,} document(s)."
    )
    if preview:
        return
    done = project.search.code_all_hits(query, code, spread=spread, scope=scope)
    skipped = done.spans - done.added
    tail = f"; {skipped:,} already coded" if skipped else ""
    cli.console.print(f"Added {done.added:,} coding(s){tail}.")
