"""Two people resolving disagreements of one round at the same moment
(PostgreSQL, two sessions): different disagreements both succeed; the same
one is resolved once and the other is told who resolved it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

import qualframe
import qualframe.storage.queries.team as team_queries

TEXT = "Para one about hope.\n\nPara two about more hope.\n"


@pytest.fixture
def queue(project: qualframe.Project, database_url: str) -> list[qualframe.Disagreement]:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite lets one writer in at a time: the race needs PostgreSQL")
    project.documents.import_bytes("D.txt", TEXT.encode())
    project.codebook.add("Hope")
    project.acting_as("ana").coding.apply("D.txt", "Hope", 0, 20)
    project.acting_as("ben").coding.apply("D.txt", "Hope", 5, 30)
    project.acting_as("ana").coding.apply("D.txt", "Hope", 22, 30)
    project.acting_as("ben").coding.apply("D.txt", "Hope", 35, 45)
    project.agreement.open_round("R", unit="span")
    found = project.agreement.disagreements("R")
    assert len(found) == 2
    return found


def _together(
    monkeypatch: pytest.MonkeyPatch, jobs: list[Callable[[], Any]]
) -> list[tuple[str, Any]]:
    """Run ``jobs`` in threads that all reach the round's lock before any takes it."""
    barrier = threading.Barrier(len(jobs))
    real = team_queries.lock_round

    def meet_then_lock(*args: Any) -> None:
        barrier.wait(timeout=20)
        real(*args)

    monkeypatch.setattr(team_queries, "lock_round", meet_then_lock)
    out: list[tuple[str, Any]] = [("", None)] * len(jobs)

    def run(number: int) -> None:
        try:
            out[number] = ("ok", jobs[number]())
        except Exception as error:  # collected for the assertions
            out[number] = (type(error).__name__, str(error))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return out


def test_two_people_resolving_different_disagreements_at_once_both_succeed(
    project: qualframe.Project,
    queue: list[qualframe.Disagreement],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one, two = queue
    agreement = project.agreement
    out = _together(
        monkeypatch,
        [
            lambda: project.acting_as("u1").agreement.resolve(
                "R", one.key, "keep_both", seen=one.seen
            ),
            lambda: project.acting_as("u2").agreement.resolve(
                "R", two.key, "keep_both", seen=two.seen
            ),
        ],
    )

    assert [kind for kind, _ in out] == ["ok", "ok"], out
    assert sorted(r.resolved_by for r in agreement.resolutions("R")) == ["u1", "u2"]
    assert agreement.count_disagreements("R") == 0


def test_the_same_disagreement_resolved_twice_at_once_is_resolved_once(
    project: qualframe.Project,
    queue: list[qualframe.Disagreement],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    item = queue[0]
    out = _together(
        monkeypatch,
        [
            lambda who=who: project.acting_as(who).agreement.resolve(
                "R", item.key, "keep_both", seen=item.seen
            )
            for who in ("u1", "u2")
        ],
    )

    kinds = sorted(kind for kind, _ in out)
    assert kinds == ["ConflictError", "ok"], out
    winner = next(value.resolved_by for kind, value in out if kind == "ok")
    refusal = next(value for kind, value in out if kind != "ok")
    assert f"was resolved already, by {winner}" in refusal
    assert len(project.agreement.resolutions("R")) == 1
