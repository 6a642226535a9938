"""The evaluation plan's files and the change-model report: readable headers,
text kept as text, everything escaped, one self-contained HTML file."""

from __future__ import annotations

import html
import io
import re

import pandas as pd
from openpyxl import load_workbook

from qualframe.formats.change_model_layout import Diagram, DiagramNode
from qualframe.formats.change_model_plan import (
    PLAN_HEADERS,
    STRENGTH_NOTE,
    plan_csv,
    plan_xlsx,
)
from qualframe.formats.change_model_report import (
    ChainLine,
    ModelReport,
    ReportQuote,
    ReportSubject,
    report_html,
)
from qualframe.formats.change_model_svg import diagram_svg

HOSTILE = '<script>alert("x")</script> & ü'


def _plan() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "outcome": ["Hope", "Hope", "=Recovery"],
            "outcome_kind": ["process outcome", "process outcome", "downstream outcome"],
            "candidate": [False, False, True],
            "indicator": ["Hope score", HOSTILE, None],
            "measure": ["HHI", None, None],
            "timing": ["6 months", "", ""],
            "data_source": ["survey", "", ""],
            "strength": ["moderate", "moderate", "none"],
            "supports": [2, 2, 0],
            "contradicts": [1, 1, 0],
            "participants": [3, 3, 0],
            "cases": [2, 2, 0],
        }
    )


def test_the_plan_workbook_has_readable_headers_and_text_as_text() -> None:
    sheet = load_workbook(io.BytesIO(plan_xlsx(_plan(), title="Plan: Peer work"))).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]] == list(PLAN_HEADERS.values())
    assert [cell.value for cell in sheet[2]][:5] == [
        "Hope",
        "process outcome",
        "no",
        "Hope score",
        "HHI",
    ]
    assert sheet["A4"].value == "=Recovery" and sheet["A4"].data_type == "s"
    assert sheet["C4"].value == "yes" and sheet["D4"].value is None
    assert sheet["I2"].value == 2  # counts stay numbers
    notes = [sheet.cell(row=r, column=1).value for r in range(5, 8)]
    assert any(note and note.startswith("Strength of evidence") for note in notes)


def test_the_plan_csv_neutralises_formulas_and_keeps_accents() -> None:
    data = plan_csv(_plan())
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(PLAN_HEADERS.values())
    assert lines[3].startswith("'=Recovery,downstream outcome,yes,,,")
    assert "ü" in lines[2]


def test_the_plan_names_its_people_and_cases_as_supporting() -> None:
    table_headers = list(PLAN_HEADERS.values())
    assert table_headers[-2:] == ["Supporting participants", "Supporting cases"]
    # The note states the whole rule, in the order it is read.
    for words in (
        "only the participants and cases behind supporting evidence",
        "none = no evidence at all",
        "contradicted = more contradicting pieces than supporting pieces",
        "strong = at least 3 supporting cases and at least 6 supporting participants",
        "moderate = at least 2 supporting cases or at least 3 supporting participants",
        "weak = any other",
    ):
        assert words in " ".join(STRENGTH_NOTE.split()), words


def test_an_empty_plan_is_still_a_workbook() -> None:
    empty = _plan().iloc[0:0]
    sheet = load_workbook(io.BytesIO(plan_xlsx(empty, title="Plan"))).active
    assert sheet is not None and sheet["A1"].value == "Outcome"


def _report() -> ModelReport:
    diagram = diagram_svg(Diagram("M", (DiagramNode(1, HOSTILE, "k", "#1F5F8B", 0),), (), ()))
    node = ReportSubject(
        what="node",
        label=HOSTILE,
        kind="mechanism",
        detail="a <b>bold</b> claim",
        candidate=True,
        supports=1,
        contradicts=0,
        bound_codings=2,
        participants=2,
        cases=1,
        codes=("Mechanisms > Trust",),
        quotes=(ReportQuote("I trusted <her>", "P01, Trust A, P01.txt", "supports"),),
    )
    link = ReportSubject(
        what="link",
        label=f"{HOSTILE} → Hope",
        kind="",
        detail="",
        candidate=False,
        supports=0,
        contradicts=1,
        bound_codings=0,
        participants=1,
        cases=1,
        flag="only contradicting evidence",
    )
    return ModelReport(
        title="Peer <work>",
        description="For the steering group & friends",
        diagram=diagram,
        nodes=(node,),
        links=(link,),
        chains=(ChainLine("C → M → O", "C", "M", "O", ("O → M2 → O2",)),),
        case_states=(("Trust A", "C → M → O", "supported", 2, 0),),
        plan=_plan(),
    )


def test_the_report_has_every_section_and_is_self_contained() -> None:
    page = report_html(_report())
    headings = re.findall(r'<h2 id="section-\d+-h">(.*?)</h2>', page)
    assert headings == [
        "Diagram",
        "Nodes",
        "Links",
        "Context–mechanism–outcome configurations",
        "Cases and configurations",
        "Flags",
        "Evaluation plan",
    ]
    assert "<script" not in page  # the hostile label is escaped everywhere
    assert page.count("<svg") == 1 and "<?xml" not in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "<title>Change model: Peer &lt;work&gt;</title>" in page


def test_the_report_shows_counts_quotes_chains_cases_flags_and_plan() -> None:
    text = html.unescape(report_html(_report()))
    assert "“I trusted <her>” — P01, Trust A, P01.txt (supports)" in text
    assert "Mechanisms > Trust" in text and "a <b>bold</b> claim" in text
    assert "supported (2+ / 0−)" in text
    assert "O → M2 → O2" in text
    assert "only contradicting evidence" in text
    assert "Strength of evidence" in text and "Hope score" in text


def test_an_empty_model_reports_that_it_is_empty() -> None:
    empty = ModelReport(
        title="Empty",
        description="",
        diagram=diagram_svg(Diagram("Empty", (), (), ())),
        nodes=(),
        links=(),
        chains=(),
        case_states=(),
        plan=_plan().iloc[0:0],
    )
    text = report_html(empty)
    assert "The model has no nodes yet." in text and "No outcome nodes yet." in text
    assert "No node or link is flagged." in text
