"""What the contract tests know of each write use case.

A :class:`Write` says how to make one write on the contract study
(:mod:`tests.contracts.study`), how to read the version of the record it
changes, and how to make the same write stating a version. Each area's
module ``writes_<area>.py`` lists its use cases in ``WRITES``; use cases that
write nothing are named in ``READS``. The contract test fails for a facade
method that is in neither, so a new write use case cannot skip its contract.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import qualframe

Call = Callable[[qualframe.Project], Any]


@dataclass(frozen=True)
class Write:
    """One write use case, exercised on the contract study.

    ``use_case`` is ``"<facade>.<method>"`` (``"codebook.edit"``;
    ``"project.apply_template"`` for the project's own). ``call`` makes the
    write. ``version_of`` reads the version of the record it changes (None:
    it changes no versioned record, e.g. a coding); ``bumps`` is False for a
    write that deletes that record. ``stating`` makes the same write with
    ``if_version=<the given version>`` (None: the write takes no version).
    """

    use_case: str
    call: Call
    version_of: Callable[[qualframe.Project], int] | None = None
    stating: Callable[[qualframe.Project, int], Any] | None = None
    bumps: bool = True

    def __str__(self) -> str:
        return self.use_case
