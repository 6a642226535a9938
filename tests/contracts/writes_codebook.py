"""The codebook area's write use cases, exercised on the contract study.

The study's codes: "Mechanisms" with "Trust" (charted for P01 with a quote,
covered by Q1, a memo on it) and "Hope" (2 codings, a draft cell for P01),
then "Engagement" (1 coding, of P02) and "Spare" (unused). Each scenario is
one the rules accept: "Spare" can be deleted without force, "Engagement" can
be merged into "Spare" (neither is retired, nor below the other).
"""

from __future__ import annotations

import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path

import qualframe
from contracts.registry import Write

#: A codebook file changing Spare's definition and adding a sub-code of Spare.
CODEBOOK_CSV = "code,definition\nSpare,Kept for later.\nSpare > Unused,Nothing yet.\n"


def _version(path: str, *, renamed: str = "") -> Callable[[qualframe.Project], int]:
    """Reads the version of the code at ``path`` (or, once renamed or moved, at
    ``renamed``)."""

    def version(project: qualframe.Project) -> int:
        paths = {info.path_text: info.version for info in project.codebook.tree()}
        return paths[path] if path in paths else paths[renamed]

    return version


#: The contract studies whose "Spare" was retired for the restore scenario.
_RETIRED: weakref.WeakSet[qualframe.Project] = weakref.WeakSet()


def _retired_spare_version(project: qualframe.Project) -> int:
    """The version of "Spare", retired once first, so that restoring it is a change."""
    if project not in _RETIRED:
        project.codebook.retire("Spare")
        _RETIRED.add(project)
    return project.codebook.get("Spare").version


def _import(project: qualframe.Project) -> qualframe.CodebookImport:
    """Import :data:`CODEBOOK_CSV` (it updates Spare once and adds one code)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "codebook.csv"
        path.write_text(CODEBOOK_CSV, encoding="utf-8")
        return project.codebook.import_file(path)


WRITES: list[Write] = [
    Write("codebook.add", lambda p: p.codebook.add("Belonging", parent="Mechanisms")),
    Write("codebook.add_path", lambda p: p.codebook.add_path("Belonging > Being heard")),
    Write(
        "codebook.rename",
        lambda p: p.codebook.rename("Mechanisms > Trust", "Trusting"),
        version_of=_version("Mechanisms > Trust", renamed="Mechanisms > Trusting"),
        stating=lambda p, v: p.codebook.rename("Mechanisms > Trust", "Late", if_version=v),
    ),
    Write(
        "codebook.edit",
        lambda p: p.codebook.edit("Mechanisms > Hope", name="Hopes", definition="Hope again."),
        version_of=_version("Mechanisms > Hope", renamed="Mechanisms > Hopes"),
        stating=lambda p, v: p.codebook.edit("Mechanisms > Hope", definition="Late", if_version=v),
    ),
    Write(
        "codebook.move",
        lambda p: p.codebook.move("Spare", "Mechanisms"),
        version_of=_version("Spare", renamed="Mechanisms > Spare"),
        stating=lambda p, v: p.codebook.move("Spare", "Mechanisms", if_version=v),
    ),
    Write(
        "codebook.shift",
        lambda p: p.codebook.shift("Spare", -1),
        version_of=_version("Spare"),
        stating=lambda p, v: p.codebook.shift("Spare", -1, if_version=v),
    ),
    Write(
        "codebook.merge",
        lambda p: p.codebook.merge("Engagement", "Spare"),
        version_of=_version("Spare"),
        stating=lambda p, v: p.codebook.merge("Engagement", "Spare", if_version=v),
    ),
    Write(
        "codebook.retire",
        lambda p: p.codebook.retire("Mechanisms"),
        version_of=_version("Mechanisms"),
        stating=lambda p, v: p.codebook.retire("Mechanisms", if_version=v),
    ),
    Write(
        "codebook.restore",
        lambda p: p.codebook.restore("Spare"),
        version_of=_retired_spare_version,
        stating=lambda p, v: p.codebook.restore("Spare", if_version=v),
    ),
    Write(
        "codebook.delete",
        lambda p: p.codebook.delete("Spare"),
        version_of=_version("Spare"),
        stating=lambda p, v: p.codebook.delete("Spare", if_version=v),
        bumps=False,
    ),
    # A file changes many codes at once and states no version; Spare is updated once.
    Write("codebook.import_file", _import, version_of=_version("Spare")),
]

READS: set[str] = {
    "codebook.get",
    "codebook.tree",
    "codebook.codes_frame",
    "codebook.history",
    "codebook.history_records",
    "codebook.export_file",
    "codebook.records",
}
