"""The sample study double-coded by two coders, for the agreement tests of the
command line, the pages and the browser.

Ann and Ben code the focus group: both code Hope in Sam's turn (Ann "It gave
me hope.", Ben a longer span around it); only Ann codes Trust in Ali's turn.
The sample study's own coder, "tester", coded Hope there too ("It gave me
hope."), so without choices three coders are compared on one document.
"""

from __future__ import annotations

from dataclasses import dataclass

import qualframe
from web.sample_study import FOCUS_GROUP, SampleStudy

#: What Ann and Ben code in the focus group (Sam's turn, then Ali's).
SAM_HOPE = "It gave me hope."
SAM_BELIEVED = "she said it gets better. It gave me hope."
ALI_TRUST = "helped me trust the service again"


def span_of(phrase: str) -> tuple[int, int]:
    """Where ``phrase`` is in the focus group (code points, end exclusive)."""
    start = FOCUS_GROUP.index(phrase)
    return start, start + len(phrase)


@dataclass(frozen=True)
class Coded:
    """The sample study with the focus group coded by Ann and Ben (see the
    module docstring); ``ann_trust`` is the id of Ann's Trust coding."""

    study: SampleStudy
    ann_trust: int

    @property
    def project(self) -> qualframe.Project:
        """The sample study's project (acting as "tester")."""
        return self.study.project


def double_code(study: SampleStudy) -> Coded:
    """Ann and Ben code the focus group of ``study`` (see the module docstring)."""
    ann = study.project.acting_as("Ann").coding
    ben = study.project.acting_as("Ben").coding
    ann.apply("Focus group.txt", "Hope", *span_of(SAM_HOPE))
    trust = ann.apply("Focus group.txt", "Trust", *span_of(ALI_TRUST))
    ben.apply("Focus group.txt", "Hope", *span_of(SAM_BELIEVED))
    return Coded(study, trust.id)
