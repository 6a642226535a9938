"""The fictional peer worker example: the template, ten interviews, codings and charting.

Files in ``qualframe/examples/peer_worker`` (fictional, MIT licence): cases,
participants, an interview schedule with structured answers, transcripts,
a speaker map and ``codings.csv`` (document, code path, the coded text).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from qualframe.errors import InputFileError
from qualframe.examples import example_folder
from qualframe.formats.tables import read_table

if TYPE_CHECKING:
    from qualframe.project import Project

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


def build(project: Project) -> None:
    """Build the example into the empty ``project`` (call inside ``project.atomic()``)."""
    project.apply_template("peer-worker-study")
    with example_folder("peer_worker") as folder:
        for kind, name in (("cases", "cases.csv"), ("participants", "participants.csv")):
            project.study.apply_import(project.study.preview_import(folder / name, kind))
        project.study.import_schedule(folder / "schedule.csv")
        project.study.import_answers(folder / "answers.csv")
        report = project.documents.import_files([folder / "interviews"])
        names = sorted(doc.name for doc in report.imported)
        project.documents.link_many({name: name.split("-", 1)[0] for name in names})
        for position, name in enumerate(names, start=1):
            project.documents.set_position(name, position)
        project.documents.import_speaker_map(folder / "speakers.csv")
        _code(project, folder / "codings.csv")
    # The template names ten placeholder cases; the example describes four.
    for case in project.study.cases():
        if not case.participants:
            project.study.delete_case(case.id)
    _chart(project)
    _map(project)
    for title, kind, code, body in MEMOS:
        project.memos.add(title, kind=kind, body=body, code=code)


def _code(project: Project, path: Path) -> None:
    """Apply ``codings.csv``: each row's text is found in its document and coded."""
    table = read_table(path)
    texts: dict[str, tuple[int, str]] = {}
    spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for row in table.rows:
        name, code, quote = (str(row.values[column]) for column in ("document", "code", "text"))
        if name not in texts:
            record = project.documents.document(name)
            texts[name] = (record.id, record.text)
        document_id, text = texts[name]
        start = text.find(quote)
        if start < 0:
            raise InputFileError(path.name, f"the text is not in {name}", line=row.line)
        spans[code].append((document_id, start, start + len(quote)))
    for code, found in spans.items():
        project.coding.add(code, found, reason="example codings")


def _chart(project: Project) -> None:
    """Write a few cell summaries and quote the codings behind them."""
    frame = project.coding.codings()
    for participant, code, summary in SUMMARIES:
        project.matrix.write_summary(participant, code, summary, "done")
        theme = frame["code"].str.startswith(code)
        for coding_id in frame.loc[theme & (frame["participant"] == participant), "coding_id"]:
            project.matrix.link_quote(participant, code, int(coding_id))


def _map(project: Project) -> None:
    """Back the template model's mechanism → outcome links with the codings of
    participants who speak of both: each link gets, from the first such
    participant, the coding of the outcome (as a coding of evidence people
    can open), so the diagram shows evidence on links as well as nodes."""
    cm = project.change_models
    model = cm.get()
    frame = project.coding.codings()
    bound = {node.label: node.codes for node in model.nodes}
    for link in model.links:
        causes, effects = bound.get(link.source, ()), bound.get(link.target, ())
        if not causes or not effects:
            continue
        said = frame[frame["code"].isin(causes)]
        heard = frame[frame["code"].isin(effects) & frame["participant"].isin(said["participant"])]
        if heard.empty:
            continue
        first = heard.sort_values(["participant", "start"]).iloc[0]
        cm.add_evidence(
            link=link.id,
            coding=int(first["coding_id"]),
            note=f"{first['participant']} speaks of both.",
        )
