"""Office packages (.docx, .odt) opened as ZIP archives and read under a budget.

An Office document is a ZIP archive from outside, so it is hostile until
checked. :meth:`OfficePackage.open` reads the central directory only and
refuses too many members, or members declared to unpack to too much or to
be compressed too much (:func:`qualframe.formats.archives.check_unpacked_size`).
Then every member read is inflated in chunks and the bytes actually produced
are counted against the same total, so a package whose directory lies still
stops at the limit; each member is read once.

XML parts are parsed with lxml as the bytes are inflated, without resolving
entities, loading DTDs or touching the network.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualframe.errors import InputFileError
from qualframe.formats.archives import check_unpacked_size

if TYPE_CHECKING:
    from lxml import etree

#: Bytes inflated per read: the budget is checked this often.
_CHUNK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """How much an Office package may hold.

    ``max_members``: most members; ``max_bytes``: largest total uncompressed
    size (declared, and then actually inflated), in bytes; ``max_ratio``:
    largest uncompressed/compressed ratio of a member at least
    ``ratio_from_bytes`` large (small XML parts legitimately compress well).
    """

    max_members: int
    max_bytes: int
    max_ratio: float
    ratio_from_bytes: int


class OfficePackage:
    """A checked ZIP package whose members are read under the size budget.

    ``source`` names the file in errors, ``what`` says what it is ("the Word
    document"), ``invalid`` is the message pattern for a damaged file (one
    ``{}`` for the detail). Use :meth:`open`.
    """

    def __init__(
        self,
        archive: zipfile.ZipFile,
        source: str,
        what: str,
        invalid: str,
        max_bytes: int,
    ) -> None:
        self._archive = archive
        self._names = {info.filename: info for info in archive.infolist()}
        self.source = source
        self._what = what
        self._invalid = invalid
        self._budget = max_bytes
        self._max_bytes = max_bytes

    @classmethod
    def open(
        cls, data: bytes, source: str, *, what: str, kind: str, invalid: str, limits: ZipLimits
    ) -> OfficePackage:
        """Open ``data`` as a package, checking its directory against ``limits``.

        ``kind`` is the suffix users know (".docx"). Raises
        :class:`InputFileError` naming ``source`` when the file is empty, not a
        ZIP archive, damaged, or over the limits. Decompresses nothing.
        """
        if not data:
            raise InputFileError(source, "the file is empty (0 bytes)")
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            members = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
            detail = f"the file is damaged, incomplete or not a {kind}: {exc}"
            raise InputFileError(source, invalid.format(detail)) from None
        if len(members) > limits.max_members:
            detail = f"it holds {len(members)} parts; at most {limits.max_members}"
            raise InputFileError(source, invalid.format(detail))
        check_unpacked_size(
            members,
            source,
            what,
            max_bytes=limits.max_bytes,
            max_ratio=limits.max_ratio,
            ratio_from_bytes=limits.ratio_from_bytes,
        )
        return cls(archive, source, what, invalid, limits.max_bytes)

    def has(self, name: str) -> bool:
        """True when the package holds a member called ``name``."""
        return name in self._names

    def damaged(self, detail: str) -> InputFileError:
        """The error for this package being damaged, with ``detail`` (to raise)."""
        return InputFileError(self.source, self._invalid.format(detail))

    def read(self, name: str) -> bytes:
        """The inflated bytes of member ``name`` (which must exist).

        Raises :class:`InputFileError` when the member is damaged or the bytes
        inflated so far exceed the package's budget.
        """
        return b"".join(self._chunks(name))

    def parse(self, name: str) -> etree._Element:
        """Member ``name`` parsed as XML, fed to lxml as it is inflated.

        Entities are not resolved, no DTD is loaded, nothing is fetched.
        Raises :class:`InputFileError` when the member is damaged, is not
        well-formed XML or goes over the budget.
        """
        from lxml import etree

        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        try:
            for chunk in self._chunks(name):
                parser.feed(chunk)
            root: etree._Element = parser.close()
        except etree.XMLSyntaxError as exc:
            raise self.damaged(f"its part {name} is damaged: {exc}") from None
        return root

    def _chunks(self, name: str) -> Iterator[bytes]:
        """Member ``name`` inflated chunk by chunk, each counted against the budget."""
        try:
            with self._archive.open(self._names[name]) as member:
                while chunk := member.read(_CHUNK_BYTES):
                    self._budget -= len(chunk)
                    if self._budget < 0:
                        raise self._over_budget()
                    yield chunk
        # zipfile reports damage as several error types (bad CRC, truncated
        # deflate stream, encryption, an unsupported compression method).
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
            raise self.damaged(f"its part {name} is damaged: {exc}") from None

    def _over_budget(self) -> InputFileError:
        return InputFileError(
            self.source,
            f"{self._what} unpacks to more than the {self._max_bytes / 1024**2:.0f} MB "
            "allowed (it may be a zip bomb)",
        )
