"""The command line: ``qualframe`` (Typer + rich). Commands call services only."""

from __future__ import annotations

from qualframe.cli.app import build_app


def main() -> None:
    """Entry point of the ``qualframe`` console script."""
    build_app()()
