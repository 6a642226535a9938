"""Names of imported documents: unique in the project, storable on every database.

A document is named after its file. Names are unique in a project with
letter case ignored; when a file's name is taken (or shared by several
files of one batch), its path within the folder imported is tried, then the
name numbered. Names are text every database stores and at most
:data:`~qualframe.services.core.text_rules.FILE_NAME_CHARS` characters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath

from qualframe.services.core.text_rules import FILE_NAME_CHARS, shortened, storable_name
from qualframe.services.documents.file_reading import SourceFile


class DocumentNames:
    """Chooses unique document names (letter case ignored) for a batch.

    A name is the file name made storable on every database
    (:func:`~qualframe.services.core.text_rules.storable_name`: no control
    characters, bytes that are not UTF-8 shown as ``\ufffd``, at most
    :data:`~qualframe.services.core.text_rules.FILE_NAME_CHARS` characters,
    shortened in the middle); a name that differs from the file name is
    reported as renamed.
    """

    def __init__(self, taken: Sequence[str], files: Sequence[SourceFile]) -> None:
        self.taken = {name.casefold() for name in taken}
        counts = Counter(file.name.casefold() for file in files)
        self.shared = {name for name, count in counts.items() if count > 1}

    def choose(self, file: SourceFile) -> str:
        """The name for ``file``, reserved: its file name, else (a name shared in the
        batch or taken) its path relative to the folder imported, else the file
        name numbered ``name (2).txt``, ``name (3).txt``…"""
        own = storable_name(file.name, FILE_NAME_CHARS)
        candidates = [] if file.name.casefold() in self.shared else [own]
        candidates.append(storable_name(file.relative, FILE_NAME_CHARS))
        stem, suffix = PurePath(own).stem, PurePath(own).suffix
        for candidate in candidates:
            if candidate.casefold() not in self.taken:
                return self._reserve(candidate)
        number = 2
        while self._numbered(stem, number, suffix).casefold() in self.taken:
            number += 1
        return self._reserve(self._numbered(stem, number, suffix))

    @staticmethod
    def _numbered(stem: str, number: int, suffix: str) -> str:
        """``stem (number)suffix``, the stem shortened so that it fits a name."""
        tail = f" ({number}){suffix}"
        return shortened(stem, FILE_NAME_CHARS - len(tail)) + tail

    def _reserve(self, name: str) -> str:
        self.taken.add(name.casefold())
        return name


__all__ = ["DocumentNames"]
