"""The command line: ``qualframe`` (Typer + rich). Commands call the Python API's facades."""

from __future__ import annotations


def main() -> None:
    """Entry point of the ``qualframe`` console script.

    When the command is done the objects still alive are set aside from the
    cyclic garbage collector: the process ends now, and on its way out the
    interpreter would walk them all once more (a few tenths of a second after
    a big import). Only here, in the script's own process: a command run from
    Python (or a test) leaves the collector as it was."""
    import gc

    from qualframe.cli.app import build_app

    try:
        build_app()()
    finally:
        if not gc.get_freeze_count():
            gc.freeze()
