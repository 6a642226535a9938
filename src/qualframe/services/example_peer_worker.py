"""The fictional peer worker example: the template, ten interviews, codings and charting.

Files in ``qualframe/examples/peer_worker`` (fictional, MIT licence): cases,
participants, an interview schedule with structured answers, transcripts,
a speaker map and ``codings.csv`` (document, code path, the coded text).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from qualframe.errors import InputFileError
from qualframe.formats.tables import read_table
from qualframe.services.codebook.tree import resolve_code
from qualframe.services.coding import codings as coding
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.documents import file_import, library, speakers
from qualframe.services.examples import example_folder
from qualframe.services.matrix import cells as matrix_cells
from qualframe.services.memos import memos
from qualframe.services.projects import templates
from qualframe.services.study import answers as study_answers
from qualframe.services.study import cases as study_cases
from qualframe.services.study import schedule, spreadsheet_import
from qualframe.services.study.import_plan import make_options

#: Matrix cells the example charts: (participant, code path, summary).
SUMMARIES = (
    (
        "P01",
        "Findings > Lived experience is not enough",
        "Lived experience opens the door; listening, patience and resilience keep the work going.",
    ),
    (
        "P07",
        "Findings > Lived experience is not enough",
        "Passion and looking after yourself matter as much as a shared background.",
    ),
    (
        "P06",
        "Findings > Breaking down barriers and stigma",
        "Challenged the team's diagnosis talk in the notes; uncomfortable, then language changed.",
    ),
)

MEMOS = (
    (
        "Trust comes from shared experience",
        "analytic",
        "Mechanisms > Building trusting relationships based on shared lived experience",
        "Service users (P02, P05, P10) and peer workers (P01, P07) tie **trust** to the peer "
        "worker having *been there*. In the BME service the shared background is cultural as "
        "well as clinical.",
    ),
    (
        "Established posts and short contracts",
        "theoretical",
        "Findings > Established posts",
        "The strategic manager (P08) links positive experience to established posts; the "
        "commissioner (P09) names one-year contracts as a threat to the relationships the "
        "model depends on. Compare by *employer* and *organisational context*.",
    ),
)


def build(uow: UnitOfWork) -> None:
    """Build the example into the project of ``ctx`` (one transaction, the caller's)."""
    templates.apply_template(uow, "peer-worker-study")
    with example_folder("peer_worker") as folder:
        for kind, name in (("cases", "cases.csv"), ("participants", "participants.csv")):
            plan = spreadsheet_import.preview_import(uow, folder / name, make_options(kind))
            spreadsheet_import.apply_import(uow, plan)
        schedule.import_schedule(uow, folder / "schedule.csv")
        study_answers.import_answers(uow, folder / "answers.csv")
        report = file_import.import_documents(uow, [folder / "interviews"])
        names = sorted(doc.name for doc in report.imported)
        library.link_many(uow, {name: name.split("-", 1)[0] for name in names})
        for position, name in enumerate(names, start=1):
            library.set_position(uow, name, position)
        speakers.import_speaker_map(uow, folder / "speakers.csv")
        _code(uow, folder / "codings.csv")
    # The template names ten placeholder cases; the example describes four.
    for case in study_cases.list_cases(uow):
        if not case.participants:
            study_cases.delete_case(uow, case.id)
    _chart(uow)
    for title, kind, code, body in MEMOS:
        memos.create_memo(uow, title, kind=kind, body=body, target=("code", code))


def _code(uow: UnitOfWork, path: Path) -> None:
    """Apply ``codings.csv``: each row's text is found in its document and coded."""
    table = read_table(path)
    texts: dict[str, tuple[int, str]] = {}
    spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for row in table.rows:
        name, code, quote = (str(row.values[column]) for column in ("document", "code", "text"))
        if name not in texts:
            record = library.get_document(uow, name)
            texts[name] = (record.id, record.text)
        document_id, text = texts[name]
        start = text.find(quote)
        if start < 0:
            raise InputFileError(path.name, f"the text is not in {name}", line=row.line)
        spans[code].append((document_id, start, start + len(quote)))
    for code, found in spans.items():
        code_id = resolve_code(uow, code).id
        coding.add_codings(uow, code_id, found, reason="example codings")


def _chart(uow: UnitOfWork) -> None:
    """Write a few cell summaries and quote the codings behind them."""
    frame = coding.codings_frame(uow)
    for participant, code, summary in SUMMARIES:
        matrix_cells.write_summary(uow, participant, code, summary, "done")
        theme = frame["code"].str.startswith(code)
        for coding_id in frame.loc[theme & (frame["participant"] == participant), "coding_id"]:
            matrix_cells.link_quote(uow, participant, code, int(coding_id))
