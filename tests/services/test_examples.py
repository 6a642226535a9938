"""The shipped example projects build into working, attributed studies."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.examples import EXAMPLES, find_example


def test_the_peer_worker_example_is_coded_charted_and_answered(database) -> None:
    project = qualframe.create_project(
        "Example", database=database, user="tester", example="peer-worker"
    )
    participants = project.study.participants_frame()
    assert len(participants) == 10
    assert set(participants["stakeholder group"]) == {
        "peer worker", "service user", "non-peer staff", "line manager", "strategic manager",
        "commissioner",
    }  # fmt: skip
    codings = project.coding.codings()
    assert len(codings) == 47
    assert codings["participant"].notna().all()  # every coding is attributed to someone
    # Each coded text is exactly what the example's codings file says.
    hope = codings[codings["code"] == "Outcomes > Hope"]
    assert set(hope["text"]) == {"Seeing her doing well gave me hope.", "I can see a future now."}
    cell = project.matrix.cell("P01", "Findings > Lived experience is not enough")
    assert cell.status == "done"
    assert len(cell.quotes) == 2
    assert list(project.documents.documents()["position"]) == list(range(1, 11))
    answers = project.compare.answers("Q3", by="employer")
    assert answers.to_frame()["n"].sum() == 10
    assert {m.title for m in project.memos.list()} >= {"Trust comes from shared experience"}


def test_the_nhs_example_keeps_the_labellers_codes_and_its_attribution(database) -> None:
    project = qualframe.create_project("NHS", database=database, user="tester", example="nhs-fft")
    assert {c.name for c in project.study.cases()} == {"NEAS", "NHFT"}
    documents = project.documents.documents()
    assert len(documents) == 144
    codings = project.coding.codings()
    assert set(codings["coder"]) == {"NHS FFT labellers"}
    # A label codes its whole comment.
    assert (codings["start"] == 0).all()
    lengths = documents.set_index("id")["length"]
    assert (codings["end"] == codings["document_id"].map(lengths)).all()
    compared = project.compare.code("Staff", by="trust")
    assert list(compared.table["participants"]) == [72, 72]
    about = project.memos.list(kind="methodological")[0]
    assert "MIT licence" in about.body and "NHS England" in about.body


def test_an_example_is_one_transaction_attributed_in_the_audit_log(database) -> None:
    project = qualframe.create_project("PW", database=database, user="sam", example="peer-worker")
    log = project.audit_log()
    assert set(log["actor"]) == {"sam"}
    assert "coding.add" in set(log["action"])


def test_an_unknown_example_names_the_known_ones_and_creates_nothing(database) -> None:
    with pytest.raises(qualframe.NotFoundError, match=r"No example called 'x' \(examples: "):
        qualframe.create_project("X", database=database, example="x")
    assert qualframe.list_projects(database=database) == []


def test_a_template_and_an_example_together_are_refused(database) -> None:
    with pytest.raises(qualframe.ValidationError, match="not both"):
        qualframe.create_project(
            "X", database=database, template="peer-worker-study", example="peer-worker"
        )
    assert qualframe.list_projects(database=database) == []


def test_every_example_says_where_its_data_come_from() -> None:
    for example in EXAMPLES.values():
        assert example.source and example.summary
        assert find_example(example.name) is example
