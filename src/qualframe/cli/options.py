"""Options that several commands share, each declared once.

A command declares a shared option by its type: ``where: options.Where = None``.
The filters that choose codings or text (``--where``, ``--document``,
``--participant``, ``--case``, ``--speaker``, ``--coder``) read the same
everywhere; ``--include-subcodes`` (also spelled ``--subcodes``) counts a
code's sub-codes with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

Where = Annotated[
    list[str] | None,
    typer.Option(
        "--where",
        help="Only where an attribute has this value: 'NAME=VALUE' (repeat for several; "
        "the same name twice means either value).",
        show_default=False,
    ),
]
Documents = Annotated[
    list[str] | None,
    typer.Option("--document", help="Only this document (repeatable).", show_default=False),
]
Participants = Annotated[
    list[str] | None,
    typer.Option("--participant", help="Only this participant (repeatable).", show_default=False),
]
Cases = Annotated[
    list[str] | None,
    typer.Option("--case", help="Only this case (repeatable).", show_default=False),
]
Speakers = Annotated[
    list[str] | None,
    typer.Option(
        "--speaker", help="Only turns with this speaker label (repeatable).", show_default=False
    ),
]
Coder = Annotated[
    str | None,
    typer.Option("--coder", help="Only this coder's codings.", show_default=False),
]
IncludeSubcodes = Annotated[
    bool,
    typer.Option(
        "--include-subcodes",
        "--subcodes",
        help="Count each code's sub-codes' codings with it.",
    ),
]
Chart = Annotated[
    Path | None,
    typer.Option(
        "--chart", help="Also draw the chart to this .png or .svg file.", show_default=False
    ),
]
Apply = Annotated[
    bool, typer.Option("--apply", help="Code the proposed spans (default: preview only).")
]
