"""Office packages (.docx, .odt) opened as ZIP archives and read under the limits.

An Office document is a ZIP archive from outside, so it is hostile until
checked: :class:`OfficePackage` reads its members through
:class:`qualframe.formats.archives.GuardedArchive`, which counts the bytes
actually inflated (and the compression ratio on the real bytes) against
the limits of :mod:`qualframe.limits`, whatever the archive's directory
says; each member is read once.

XML parts are parsed with lxml as the bytes are inflated, without resolving
entities, loading DTDs or touching the network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualframe.formats.archives import GuardedArchive

if TYPE_CHECKING:
    from lxml import etree

    from qualframe.errors import InputFileError


class OfficePackage:
    """A checked ZIP package whose members are read under the archive limits.

    Use :meth:`open`; ``source`` names the file in errors.
    """

    def __init__(self, archive: GuardedArchive) -> None:
        self._archive = archive
        self.source = archive.source

    @classmethod
    def open(cls, data: bytes, source: str, *, what: str, kind: str, invalid: str) -> OfficePackage:
        """Open ``data`` as a package called ``source``; decompresses nothing.

        ``what`` says what it is in messages ("the Word document"), ``kind`` is
        the suffix users know (".docx"), ``invalid`` the message pattern for a
        damaged file (one ``{}`` for the detail). Raises
        :class:`InputFileError` naming ``source`` when the file is empty, not
        a ZIP archive, damaged, or its directory is over the limits.
        """
        return cls(GuardedArchive.open(data, source, what=what, kind=kind, invalid=invalid))

    def has(self, name: str) -> bool:
        """True when the package holds a member called ``name``."""
        return self._archive.has(name)

    def damaged(self, detail: str) -> InputFileError:
        """The error for this package being damaged, with ``detail`` (to raise)."""
        return self._archive.damaged(detail)

    def read(self, name: str) -> bytes:
        """The inflated bytes of member ``name`` (which must exist).

        Raises :class:`InputFileError` when the member is damaged or the bytes
        inflated so far pass a limit.
        """
        return self._archive.read(name)

    def parse(self, name: str) -> etree._Element:
        """Member ``name`` parsed as XML, fed to lxml as it is inflated.

        Entities are not resolved, no DTD is loaded, nothing is fetched.
        Raises :class:`InputFileError` when the member is damaged, is not
        well-formed XML or passes a limit.
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
            for chunk in self._archive.chunks(name):
                parser.feed(chunk)
            root: etree._Element = parser.close()
        except etree.XMLSyntaxError as exc:
            raise self.damaged(f"its part {name} is damaged: {exc}") from None
        return root
