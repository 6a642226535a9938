"""A study whose groups have the sizes a test asks for: the group size rule's fixture.

Participants ``P01``… in one case ("Site"), grouped by the participant
attribute ``team`` (groups in the order given). Two structured questions:
``Q1`` (ordinal: low, medium, high) and ``Q2`` (categorical: yes, no).
The ``j``-th member of the ``i``-th group answers Q1 with level
``(i + j) % 3`` and Q2 "yes" when ``i + j`` is even, so every group has
more than one answer and the tests always run.
"""

from __future__ import annotations

import qualframe

LEVELS = ["low", "medium", "high"]


def build_group_study(project: qualframe.Project, sizes: dict[str, int]) -> None:
    """Fill an empty project with ``sizes`` (group -> participants) as described above."""
    study = project.study
    study.define_attribute("team", "participant", "categorical", list(sizes))
    study.add_case("Site")
    study.add_question("Q1", "How supported did you feel?", scale="ordinal", levels=LEVELS)
    study.add_question("Q2", "Would you recommend peer support?", levels=["yes", "no"])
    number = 0
    for i, (group, size) in enumerate(sizes.items()):
        for j in range(size):
            number += 1
            person = f"P{number:02d}"
            study.add_participant(person, "Site", values={"team": group})
            study.set_answer(person, "Q1", LEVELS[(i + j) % 3])
            study.set_answer(person, "Q2", "yes" if (i + j) % 2 == 0 else "no")
