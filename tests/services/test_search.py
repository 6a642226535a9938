"""Full-text search: queries, keyword in context, filters, pages, coding every hit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

import qualframe
from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.search.text_search import Highlighter, parse_query, stem
from qualframe.storage.models import AuditEntry, Code, Coding, Document
from qualframe.vocabulary import AttributeLevel
from services.builders import define_attribute, make_case, make_code, make_participant, set_value

P01_INTERVIEW = (
    "Interviewer: What does peer support mean to you?\n\n"
    "P01: Peer support means someone has walked the same road. Supporting others "
    "helped my own recovery.\n\n"
    "Interviewer: And stigma?\n\n"
    "P01: Stigma was there. The peer worker role changed that.\n"
)
P02_INTERVIEW = (
    "Interviewer: How was the service?\n\n"
    "P02: My peer supporter listened. Nobody else did.\n\n"
    "P02: Later I supported a friend.\n"
)
FIELD_NOTES = "Observed a peer support meeting at Site B.\n\nThe room was small."


@pytest.fixture
def study(project: qualframe.Project, tmp_path: Path) -> qualframe.Project:
    """Two interviews (a peer worker at Site A, a service user at Site B) and field
    notes linked to one participant; attributes at case, participant and document level."""
    pid = project.info.id
    with project.database.transaction() as session:
        site_a, site_b = make_case(session, pid, "Site A"), make_case(session, pid, "Site B")
        p01 = make_participant(session, pid, "P01", site_a)
        p02 = make_participant(session, pid, "P02", site_b)
        group = define_attribute(
            session,
            pid,
            "stakeholder group",
            AttributeLevel.PARTICIPANT,
            ["peer worker", "service user"],
        )
        setting = define_attribute(
            session, pid, "setting", AttributeLevel.CASE, ["NHS", "voluntary"]
        )
        set_value(session, group, p01, "peer worker")
        set_value(session, group, p02, "service user")
        set_value(session, setting, site_a, "NHS")
        set_value(session, setting, site_b, "voluntary")
    for name, text in (
        ("p01.txt", P01_INTERVIEW),
        ("p02.txt", P02_INTERVIEW),
        ("notes.txt", FIELD_NOTES),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
    project.documents.import_files([tmp_path / "p01.txt", tmp_path / "p02.txt"])
    project.documents.import_files(tmp_path / "notes.txt", participants="P02")
    project.documents.map_speaker("Interviewer", role="interviewer")
    project.documents.map_speaker("P01", "P01")
    project.documents.map_speaker("P02", "P02")
    with project.database.transaction() as session:
        kind = define_attribute(
            session, pid, "document kind", AttributeLevel.DOCUMENT, ["interview", "notes"]
        )
        for document in session.scalars(select(Document)):
            set_value(
                session, kind, document, "notes" if document.name == "notes.txt" else "interview"
            )
    return project


# ---------------------------------------------------------------- the query language


def test_words_phrases_prefixes_alternatives_and_exclusions_are_translated() -> None:
    query = parse_query('"peer support" recover* OR stigma -"lived experience" NOT road')
    terms = [(t.tokens, t.prefix) for group in query.match.groups for t in group]
    assert terms == [(("peer", "support"), False), (("recover",), True), (("stigma",), False)]
    assert [len(group) for group in query.match.groups] == [1, 2]
    assert [t.tokens for t in query.match.excluded] == [("lived", "experience"), ("road",)]


@pytest.mark.parametrize(
    "text",
    ["NEAR(a b)", '"unclosed', "a AND OR b", "col:umn", "^start", "x*y*", "it's", "don't*"],
)
def test_query_syntax_never_reaches_the_index(study: qualframe.Project, text: str) -> None:
    result = study.search(text)
    assert result.total_segments >= 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type at least one word"),
        ("*** ---", "Type at least one word"),
        ("(((", "Type at least one word"),
        ("-stigma", "not only words to leave out"),
        ("x " * 600, "too long"),
    ],
)
def test_a_query_with_nothing_to_find_is_a_clear_error(
    study: qualframe.Project, text: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        study.search(text)


def test_the_light_stemmer_groups_inflections() -> None:
    assert {stem(w) for w in ("support", "supports", "supported", "supporting")} == {"support"}
    assert stem("studies") == stem("studied") == stem("study")
    assert stem("caring") == stem("care") == stem("cared")
    assert stem("running") == "run" and stem("falling") == "fall"


def test_the_highlighter_finds_words_phrases_and_prefixes_with_diacritics() -> None:
    highlighter = Highlighter(parse_query('"peer support" recover* cafe').terms)
    text = "Peer-support, recovered; Café and peer support."
    assert [text[s:e] for s, e in highlighter.spans(text)] == [
        "Peer-support",
        "recovered",
        "Café",
        "peer support",
    ]


# ---------------------------------------------------------------- keyword in context


def test_hits_give_offsets_context_speaker_and_participant(study: qualframe.Project) -> None:
    result = study.search("stigma")
    assert result.total_segments == 2
    texts = {name: study.documents.document(name).text for name in ("p01.txt",)}
    first, second = result.hits
    assert texts["p01.txt"][first.start : first.end] == "stigma" == first.match
    # The speaker label is a field of its own, never part of the context.
    assert (first.speaker, first.participant, first.left, first.right) == (
        "Interviewer",
        None,
        "And ",
        "?",
    )
    assert (second.match, second.speaker, second.participant) == ("Stigma", "P01", "P01")
    assert second.right == " was there. The peer worker role changed that."


def test_inflections_match_and_every_occurrence_is_a_hit(study: qualframe.Project) -> None:
    result = study.search("support", documents="p01.txt")
    matches = [(hit.speaker, hit.match) for hit in result.hits]
    assert matches == [
        ("Interviewer", "support"),
        ("P01", "support"),
        ("P01", "Supporting"),
    ]
    assert result.total_segments == 2


def test_context_is_cut_at_word_boundaries(study: qualframe.Project) -> None:
    hit = study.search("recovery").hits[0]
    assert hit.left.startswith("road.") or hit.left.split(" ")[0] in P01_INTERVIEW.split()
    assert len(hit.left) <= 60 and not hit.left.startswith(" ")


def test_phrase_prefix_or_and_exclusion_searches(study: qualframe.Project) -> None:
    assert study.search('"peer worker"').total_segments == 1
    assert study.search("recover*").hits[0].match == "recovery"
    assert study.search("stigma OR listened").total_segments == 3
    assert study.search("peer -stigma").total_segments == study.search("peer").total_segments - 1


def test_text_outside_turns_belongs_to_the_documents_only_participant(
    study: qualframe.Project,
) -> None:
    hit = study.search("meeting").hits[0]
    assert (hit.document, hit.speaker, hit.participant) == ("notes.txt", None, "P02")


def test_filters_by_participant_case_and_document_attributes(study: qualframe.Project) -> None:
    def who(**filters: object) -> set[tuple[str, str | None]]:
        result = study.search("peer", **filters)  # type: ignore[arg-type]
        return {(hit.document, hit.participant) for hit in result.hits}

    assert who(where={"stakeholder group": "peer worker"}) == {("p01.txt", "P01")}
    assert who(where={"Setting": "VOLUNTARY"}) == {("p02.txt", "P02"), ("notes.txt", "P02")}
    assert who(where={"document kind": "notes"}) == {("notes.txt", "P02")}
    assert who(where={"stakeholder group": ["peer worker", "service user"]}) == {
        ("p01.txt", "P01"),
        ("p02.txt", "P02"),
        ("notes.txt", "P02"),
    }
    assert study.search("peer", where={"stakeholder group": "peer worker"}).total_segments == 2
    with pytest.raises(NotFoundError, match="No attribute called 'age'"):
        study.search("peer", where={"age": "30"})


def test_filters_by_document_and_speaker(study: qualframe.Project) -> None:
    result = study.search("peer", documents=["p02.txt", "notes.txt"], speaker="P02")
    assert [(hit.document, hit.speaker) for hit in result.hits] == [("p02.txt", "P02")]
    assert study.search("peer", speaker="interviewer").total_segments == 1
    with pytest.raises(NotFoundError, match="No speaker label 'P03'"):
        study.search("peer", speaker="P03")
    with pytest.raises(NotFoundError, match=re.escape("no document called 'p03.txt'")):
        study.search("peer", documents="p03.txt")


def test_pages_count_segments_in_document_order(study: qualframe.Project) -> None:
    everything = study.search("peer")
    segments = [hit.segment_id for hit in everything.hits]
    ordered = list(dict.fromkeys(segments))
    assert ordered == sorted(ordered) and everything.total_segments == len(ordered) == 5
    page = study.search("peer", limit=2, offset=2)
    assert list(dict.fromkeys(h.segment_id for h in page.hits)) == ordered[2:4]
    assert page.total_segments == 5 and page.has_more
    with pytest.raises(ValidationError, match="limit"):
        study.search("peer", limit=0)
    with pytest.raises(ValidationError, match="offset"):
        study.search("peer", offset=-1)


def test_hits_frame_has_one_row_per_hit(study: qualframe.Project) -> None:
    frame = study.search.hits_frame("stigma")
    assert list(frame.columns[:6]) == ["document", "start", "end", "left", "match", "right"]
    assert list(frame["match"]) == ["stigma", "Stigma"]


def test_other_projects_documents_are_never_found(study: qualframe.Project, tmp_path: Path) -> None:
    other = qualframe.create_project("Other", database=study.database, user="tester")
    (tmp_path / "other.txt").write_text("Stigma everywhere. Peer support.", encoding="utf-8")
    other.documents.import_files(tmp_path / "other.txt")
    assert study.search("stigma").total_segments == 2
    assert {hit.document for hit in study.search("stigma").hits} == {"p01.txt"}
    assert other.search("stigma").total_segments == 1


# ---------------------------------------------------------------- coding every hit


def _coded(project: qualframe.Project) -> list[tuple[str, str, str | None]]:
    with project.database.transaction() as session:
        rows = session.execute(
            select(Document.name, Coding.quote, Coding.speaker)
            .join(Document, Document.id == Coding.document_id)
            .order_by(Document.name, Coding.start)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def _audit_count(project: qualframe.Project) -> int:
    with project.database.transaction() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


@pytest.fixture
def code(study: qualframe.Project) -> str:
    with study.database.transaction() as session:
        theme = make_code(session, study.info.id, "Barriers")
        make_code(session, study.info.id, "Stigma", theme)
    return "Barriers > Stigma"


def test_a_preview_counts_without_coding(study: qualframe.Project, code: str) -> None:
    before = _audit_count(study)
    plan = study.search.preview_code_all_hits("stigma", code, spread="sentence")
    assert (plan.segments, plan.hits, plan.spans, plan.documents, plan.added) == (2, 2, 2, 1, 2)
    assert plan.preview and plan.code == "Barriers > Stigma"
    assert _coded(study) == [] and _audit_count(study) == before


@pytest.mark.parametrize(
    ("spread", "quotes"),
    [
        ("match", ["stigma", "Stigma"]),
        # Speaker labels are never part of what is coded.
        ("sentence", ["And stigma?", "Stigma was there."]),
        ("paragraph", ["And stigma?", "Stigma was there. The peer worker role changed that."]),
    ],
)
def test_every_hit_is_coded_with_the_chosen_spread(
    study: qualframe.Project, code: str, spread: str, quotes: list[str]
) -> None:
    result = study.search.code_all_hits("stigma", code, spread=spread)  # type: ignore[arg-type]
    assert result.added == 2
    assert [quote for _, quote, _ in _coded(study)] == quotes
    assert [speaker for _, _, speaker in _coded(study)] == ["Interviewer", "P01"]
    assert {"coding.add", "search.code_hits"} <= set(study.audit_log()["action"])


def test_coding_all_hits_twice_adds_nothing_new(study: qualframe.Project, code: str) -> None:
    study.search.code_all_hits("peer", code, where={"stakeholder group": "peer worker"})
    again = study.search.code_all_hits("peer", code, where={"stakeholder group": "peer worker"})
    assert (again.spans, again.added) == (2, 0)
    assert {name for name, _, _ in _coded(study)} == {"p01.txt"}


def test_coding_hits_with_a_bad_code_or_spread_writes_nothing(
    study: qualframe.Project, code: str
) -> None:
    before = _audit_count(study)
    with pytest.raises(NotFoundError):
        study.search.code_all_hits("stigma", "No such code")
    with pytest.raises(ValidationError, match="Spread must be one of"):
        study.search.code_all_hits("stigma", code, spread="page")  # type: ignore[arg-type]
    with study.database.transaction() as session:
        stigma = session.scalar(select(Code).where(Code.name == "Stigma"))
        assert stigma is not None
        stigma.retired = True
    with pytest.raises(ValidationError, match="retired"):
        study.search.code_all_hits("stigma", code)
    assert _coded(study) == [] and _audit_count(study) == before


def test_coding_hits_by_paragraph_codes_only_the_paragraph_with_the_hit(
    project: qualframe.Project, tmp_path: Path
) -> None:
    path = tmp_path / "turn.txt"
    path.write_text(
        "P01: First paragraph about hope.\n\nSecond paragraph about trust.\n", encoding="utf-8"
    )
    project.documents.import_files([path])
    project.codebook.add("Trust")
    project.search.code_all_hits("trust", "Trust", spread="paragraph")
    assert list(project.coding.codings(code="Trust")["text"]) == ["Second paragraph about trust."]


def test_a_preview_counts_what_you_already_coded_and_says_so(
    study: qualframe.Project, code: str
) -> None:
    study.search.code_all_hits("stigma", code, spread="match", documents="p01.txt")
    plan = study.search.preview_code_all_hits("stigma", code, spread="sentence")
    assert (plan.spans, plan.already_coded, plan.added) == (2, 0, 2)
    again = study.search.preview_code_all_hits("stigma", code, spread="match")
    assert (again.spans, again.already_coded, again.added) == (2, 2, 0)
    assert again.summary() == (
        "Coding the words found with 'Barriers > Stigma' would code 2 passages in 1 document "
        "(2 hits in 2 matching passages of the search). 2 passages already coded with "
        "'Barriers > Stigma' by you would be left as they are."
    )
    done = study.search.code_all_hits("stigma", code, spread="sentence")
    assert done.summary() == "Coded 2 passages with 'Barriers > Stigma' (the sentence of each hit)."


def test_a_search_that_finds_nothing_has_nothing_to_code(
    study: qualframe.Project, code: str
) -> None:
    plan = study.search.preview_code_all_hits("zebra", code)
    assert (plan.segments, plan.spans) == (0, 0)
    assert plan.summary() == "The search 'zebra' finds nothing to code."


def test_the_documents_a_search_can_be_limited_to_are_listed_by_name(
    study: qualframe.Project,
) -> None:
    listed = study.search.documents()
    frame = study.documents.documents()
    assert sorted(listed) == sorted(zip(frame["id"], frame["name"], strict=True))
    assert [name for _, name in listed] == sorted(name for _, name in listed)
