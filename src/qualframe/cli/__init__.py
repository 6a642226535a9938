"""The command line: ``qualframe`` (Typer + rich). Commands call the Python API's facades."""

from __future__ import annotations


def main() -> None:
    """Entry point of the ``qualframe`` console script."""
    from qualframe.cli.app import build_app

    build_app()()
