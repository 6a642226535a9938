"""CLI command: ``qualframe limits``, the bounds on what one file or request may cost.

The limits are declared in :mod:`qualframe.limits`; an administrator raises
one by setting its environment variable before starting qualframe (see
``docs/security.md``).
"""

from __future__ import annotations

from qualframe.cli.app import Commands
from qualframe.cli.output import cell_text, print_table
from qualframe.cli.state import CliState

app = Commands()


@app.command("limits", reads=True)
def show_limits(cli: CliState) -> None:
    """List the limits on files and requests: value now, default, the variable that raises it."""
    from qualframe.limits import LIMITS, limit

    rows = [
        (
            cell_text(item.name),
            f"{limit(item.name):,} {item.unit}",
            f"{item.default:,}",
            cell_text(item.env),
            cell_text(item.help),
        )
        for item in LIMITS
    ]
    columns = ("limit", "value", "default", "raise with", "protects against")
    print_table(cli, "Limits", columns, rows)
