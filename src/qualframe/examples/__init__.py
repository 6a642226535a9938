"""Example projects built from data shipped with qualframe, through the public API.

An example is a study template plus data: a newcomer opens a working
project (documents coded, a framework charted) in one step, from the web
application's first-run page, ``qualframe init --example NAME`` or
``make run``. Each example is built with the same :class:`~qualframe.Project`
calls a user's script would make, inside the one transaction that creates
the project, so everything it creates is in the audit log and a failure
leaves nothing behind. The data lie in ``qualframe/examples/<folder>`` with
their licences and attribution.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module, resources
from pathlib import Path
from typing import TYPE_CHECKING

from qualframe.errors import NotFoundError

if TYPE_CHECKING:
    from qualframe.project import Project


@dataclass(frozen=True)
class Example:
    """A shipped example: its name (as typed after ``--example``), the project
    title it proposes, a summary for people, where its data come from, and the
    module whose ``build(project)`` builds it."""

    name: str
    title: str
    summary: str
    source: str
    builder: str

    @property
    def build(self) -> Callable[[Project], None]:
        """``build(project)``: fills an empty project with the example."""
        build: Callable[[Project], None] = import_module(self.builder).build
        return build


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
            "qualframe.examples.peer_worker_study",
        ),
        Example(
            "nhs-fft",
            "NHS patient experience comments (real data)",
            "144 real Friends and Family Test comments from two NHS trusts (an ambulance "
            "service and a mental health and community trust), coded by NHS labellers "
            "against the patient experience framework: compare trusts and service types.",
            "NHS England / The Strategy Unit, pxtextmining (MIT licence); framework "
            "definitions from PatientExperience-QDC by Craig Robert Shenton (MIT licence).",
            "qualframe.examples.nhs_fft_comments",
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


def build_example(project: Project, name: str) -> None:
    """Build example ``name`` into the empty ``project``, in one transaction."""
    example = find_example(name)
    with project.atomic():
        example.build(project)


@contextmanager
def example_folder(folder: str) -> Iterator[Path]:
    """The shipped data folder ``qualframe/examples/<folder>`` as a real path."""
    with resources.as_file(resources.files("qualframe").joinpath("examples", folder)) as path:
        yield Path(path)
