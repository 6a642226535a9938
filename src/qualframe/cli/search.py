"""CLI command ``search``: keyword in context, and coding every hit.

::

    qualframe search "peer support" --where "stakeholder group=peer worker" --limit 20
    qualframe search stigma --code "Barriers > Stigma" --spread sentence
"""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from qualframe.cli.state import state
from qualframe.services.core.where_filters import parse_where
from qualframe.vocabulary import Spread


def _kwic_lines(console: Console, hits: list[Any]) -> None:
    """Print hits as aligned keyword-in-context lines, grouped under their document."""
    width = max(console.width, 60)
    who_width = min(max((len(_who(hit)) for hit in hits), default=0), 18)
    document = None
    for hit in hits:
        if hit.document != document:
            document = hit.document
            console.print(Text(document, style="bold cyan"))
        room = max(width - who_width - len(hit.match) - 6, 20)
        left = hit.left[-(room // 2) :].rjust(room // 2)
        right = hit.right[: room - room // 2]
        line = Text("  ")
        line.append(_who(hit)[:who_width].ljust(who_width), style="magenta")
        line.append("  " + left)
        line.append(hit.match, style="bold reverse yellow")
        line.append(right)
        console.print(line, no_wrap=True, overflow="crop", highlight=False)


def _who(hit: Any) -> str:
    """The speaker label, with the participant when it differs."""
    who = hit.speaker or ""
    if hit.participant and hit.participant != hit.speaker:
        who = f"{who} ({hit.participant})" if who else hit.participant
    return who


#: Add ``search`` to ``app``.
app = typer.Typer()


@app.command("search")
def search(
    ctx: typer.Context,
    query: str = typer.Argument(
        ...,
        help='Words (all must occur), "a phrase", prefix*, a OR b, -excluded '
        "(put -- before a query that starts with -).",
    ),
    where: list[str] | None = typer.Option(
        None, "--where", help="Attribute filter ATTRIBUTE=VALUE (repeatable)."
    ),
    documents: list[str] | None = typer.Option(
        None, "--document", help="Search this document only (repeatable)."
    ),
    speakers: list[str] | None = typer.Option(
        None, "--speaker", help="Only turns of this speaker label (repeatable)."
    ),
    limit: int = typer.Option(50, "--limit", help="Matching segments per page."),
    offset: int = typer.Option(0, "--offset", help="Segments to skip (next pages)."),
    code: str | None = typer.Option(
        None, "--code", help='Code every hit (all pages) with this code ("Theme > Code").'
    ),
    spread: Spread = typer.Option(
        "paragraph", "--spread", help="What to code around a hit: match, sentence, paragraph."
    ),
    preview: bool = typer.Option(
        False, "--preview", help="With --code: only count what would be coded."
    ),
) -> None:
    """Search the documents and show hits in context (keyword in context)."""
    cli = state(ctx)
    project = cli.open_project()
    filters: dict[str, Any] = {
        "where": parse_where(where),
        "documents": documents or None,
        "speaker": speakers or None,
    }
    result = project.search.find(query, limit=limit, offset=offset, **filters)
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
        _code_hits(console, project, query, code, spread, preview, filters)


def _code_hits(
    console: Console,
    project: Any,
    query: str,
    code: str,
    spread: Spread,
    preview: bool,
    filters: dict[str, Any],
) -> None:
    """Show how many spans coding every hit gives, then (unless ``preview``) code them."""
    plan = project.search.code_all_hits(query, code, spread=spread, preview=True, **filters)
    console.print(
        f"Coding all hits with [bold]{escape(plan.code)}[/] ({plan.spread}): "
        f"{plan.spans:,} span(s) in {plan.documents:,} document(s)."
    )
    if preview:
        return
    done = project.search.code_all_hits(query, code, spread=spread, **filters)
    skipped = done.spans - done.added
    tail = f"; {skipped:,} already coded" if skipped else ""
    console.print(f"Added {done.added:,} coding(s){tail}.")
