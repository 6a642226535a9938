"""The agreement part of the Python API: coders compared, rounds, disagreements.

::

    project.agreement.measure(unit="turn")          # an AgreementReport
    project.agreement.table(unit="span")            # one row per code, then "(overall)"
    project.agreement.open_round("Pilot", documents=["P01", "P02"], coders=["ana", "ben"])
    project.agreement.count_disagreements("Pilot")  # how many are open
    for item in project.agreement.disagreements("Pilot", limit=50):
        ...                                          # passages with each coder's reading
    project.agreement.resolve("Pilot", item.key, "keep_one", keep="ana", seen=item.seen)
    project.agreement.figures("Pilot")              # before and after
    project.agreement.cells("ana", "ben")           # two analysts' cell statuses

Each call is one transaction; opening, deleting a round and resolving a
disagreement are recorded in the audit log, and a resolution changes the
codings through the coding services (cited codings are refused). Each
method is the use case of :mod:`qualframe.services.team` it names (see its
docstring).
"""

from __future__ import annotations

from qualframe.api.facade import Facade, use_case
from qualframe.services.team import (
    agreement,
    cells as cell_statuses,
    disagreements as queue,
    frames,
    rounds as round_cases,
)

__all__ = ["AgreementAPI"]


class AgreementAPI(Facade):
    """Agreement between the coders of one project."""

    measure = use_case(agreement.measure_agreement)
    #: The agreement as a DataFrame: one row per code, then ``code="(overall)"``
    #: (columns: :data:`~qualframe.services.team.frames.AGREEMENT_COLUMNS`).
    table = use_case(agreement.measure_agreement, then=frames.agreement_frame)
    coders = use_case(agreement.list_coders)
    open_round = use_case(round_cases.open_round)
    rounds = use_case(round_cases.list_rounds)
    round = use_case(round_cases.get_round)
    delete_round = use_case(round_cases.delete_round)
    figures = use_case(round_cases.round_figures)
    disagreements = use_case(queue.list_disagreements)
    count_disagreements = use_case(queue.count_disagreements)
    #: The disagreements as a DataFrame, one row each (columns:
    #: :data:`~qualframe.services.team.frames.DISAGREEMENT_COLUMNS`).
    disagreements_table = use_case(queue.list_disagreements, then=frames.disagreements_frame)
    resolve = use_case(queue.resolve)
    resolutions = use_case(queue.list_resolutions)
    cells = use_case(cell_statuses.cell_agreement)
    #: Two analysts' cell statuses as a DataFrame, one row per cell either set
    #: (columns: :data:`~qualframe.services.team.frames.CELL_COLUMNS`).
    cells_table = use_case(cell_statuses.cell_agreement, then=frames.cell_agreement_frame)
