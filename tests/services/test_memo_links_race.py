"""Simultaneous first openings of one person's familiarisation notes on a
document write one memo: the others wait for it and open it."""

from __future__ import annotations

import threading
from typing import Any

import pytest

import qualframe
from qualframe.errors import StaleVersionError
from qualframe.storage import queries
from qualframe.vocabulary import MemoKind

OPENERS = 6


def test_first_openings_at_once_write_one_familiarisation_memo(
    project: qualframe.Project,
) -> None:
    project.documents.import_bytes("p01.txt", b"P01: It helped me a lot.\n")
    start = threading.Barrier(OPENERS)
    opened: list[Any] = []
    errors: list[BaseException] = []

    def open_notes() -> None:
        start.wait()
        try:
            opened.append(project.documents.familiarisation_notes("p01.txt"))
        except BaseException as error:  # collected for the assertions
            errors.append(error)

    threads = [threading.Thread(target=open_notes) for _ in range(OPENERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    notes = project.memos.list(kind=MemoKind.FAMILIARISATION)
    assert len(notes) == 1
    assert {memo.id for memo in opened} == {notes[0].id}
    assert notes[0].target_label == "document: p01.txt"


def test_two_link_changes_at_once_keep_one_and_report_the_other_as_a_conflict(
    project: qualframe.Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("A", "B", "C"):
        project.codebook.add(name)
    memo = project.memos.add("Trust", kind="analytic", code="A")
    both_read = threading.Barrier(2)
    real = queries.memos.set_links

    def after_both_read(session: Any, memo_id: int, links: Any) -> None:
        both_read.wait(timeout=20)  # each has read the memo and its links
        real(session, memo_id, links)

    monkeypatch.setattr(queries.memos, "set_links", after_both_read)
    errors: list[BaseException] = []

    def link(code: str) -> None:
        try:
            project.memos.link(memo.id, ("code", code))
        except BaseException as error:  # collected for the assertions
            errors.append(error)

    threads = [threading.Thread(target=link, args=(code,)) for code in ("B", "C")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    monkeypatch.setattr(queries.memos, "set_links", real)
    assert len(errors) == 1 and isinstance(errors[0], StaleVersionError), errors
    final = project.memos.get(memo.id)
    labels = [link.label for link in final.links]
    assert final.version == 2 and len(labels) == 2 and labels[0] == "code: A"
    assert labels[1] in ("code: B", "code: C")
