"""Example projects built from data shipped with qualframe.

An example is a study template plus data: a newcomer opens a working
project (documents coded, a framework charted) in one step, from the web
application's first-run page, ``qualframe init --example NAME`` or
``make run``. Each example is built in the caller's transaction through the
same services a user's actions go through, so everything it creates is in
the audit log. The data lie in ``qualframe/examples/<folder>`` with their
licences and attribution.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from qualframe.errors import NotFoundError
from qualframe.services.core.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Example:
    """A shipped example: its name (as typed after ``--example``), the project
    title it proposes, a summary for people, where its data come from, and the
    function that builds it into a project."""

    name: str
    title: str
    summary: str
    source: str
    build: Callable[[UnitOfWork], None]


def _peer_worker(uow: UnitOfWork) -> None:
    from qualframe.services.example_peer_worker import build

    build(uow)


def _nhs_fft(uow: UnitOfWork) -> None:
    from qualframe.services.example_nhs_fft import build

    build(uow)


EXAMPLES: dict[str, Example] = {
    example.name: example
    for example in (
        Example(
            "peer-worker",
            "Peer worker study (fictional example)",
            "The peer worker study template with ten short fictional interviews across four "
            "cases and six stakeholder groups, coded against the framework, with structured "
            "answers, memos and a few charted matrix cells.",
            "Fictional texts written for qualframe (MIT licence).",
            _peer_worker,
        ),
        Example(
            "nhs-fft",
            "NHS patient experience comments (real data)",
            "144 real Friends and Family Test comments from two NHS trusts (an ambulance "
            "service and a mental health and community trust), coded by NHS labellers "
            "against the patient experience framework: compare trusts and service types.",
            "NHS England / The Strategy Unit, pxtextmining (MIT licence); framework "
            "definitions from PatientExperience-QDC by Craig Robert Shenton (MIT licence).",
            _nhs_fft,
        ),
    )
}


def find_example(name: str) -> Example:
    """The example called ``name``; :class:`NotFoundError` lists the known ones."""
    try:
        return EXAMPLES[name]
    except KeyError:
        known = ", ".join(sorted(EXAMPLES))
        raise NotFoundError(f"No example called {name!r} (examples: {known}).") from None


def apply_example(uow: UnitOfWork, name: str) -> None:
    """Build example ``name`` into the (empty) project of ``ctx``."""
    find_example(name).build(uow)


@contextmanager
def example_folder(folder: str) -> Iterator[Path]:
    """The shipped data folder ``qualframe/examples/<folder>`` as a real path."""
    with resources.as_file(resources.files("qualframe").joinpath("examples", folder)) as path:
        yield Path(path)
