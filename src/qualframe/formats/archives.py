"""ZIP archives (.docx, .odt, .xlsx) unpacked under limits counted on the real bytes.

Office files are ZIP archives, and everything a ZIP directory says about
its members (their sizes, so their compression ratios) is written by
whoever made the file: a "zip bomb" may say so honestly or lie. So
:class:`GuardedArchive` trusts none of it. It inflates each member itself,
from the member's own header on, and counts while it inflates:

* the bytes actually produced by all members read, against
  ``unpacked_bytes`` (inflation is asked for no more than the bytes left, so
  it never goes past the limit, whatever the directory says);
* for a member that has produced at least :data:`RATIO_FROM_BYTES`, the
  bytes produced against ``compression_ratio`` times the compressed bytes
  actually consumed; the same for all compressed members together, so many
  parts each just under that size are stopped too;
* the members listed, against ``archive_members`` (counted on the raw bytes
  before the directory is parsed, then exactly).

What the directory claims is only used to refuse early: a declared total
over ``unpacked_bytes`` or a declared ratio over the limit is refused before
anything is inflated. A member whose inflated size or checksum differs
from its directory entry is refused as damaged, so a reader that opens the
archive again after :meth:`GuardedArchive.inflate_all` (openpyxl, through
:mod:`zipfile`, which stops at the declared size) sees only bytes that were
counted. Time is checked between megabytes (``read_seconds``).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from qualframe.errors import InputFileError
from qualframe.formats.read_limits import Deadline, limit_note
from qualframe.limits import MIB, describe_bytes, limit

#: A member (or all compressed members together) is held to the compression
#: ratio once it has produced this many bytes: small XML parts legitimately
#: compress very well, and a small part cannot cost much.
RATIO_FROM_BYTES = MIB
#: Most bytes inflated per step: limits and time are checked this often.
CHUNK_BYTES = MIB
#: Compressed bytes fed to the inflater per step.
_INPUT_BYTES = 64 * 1024
_CENTRAL_SIGNATURE = b"PK\x01\x02"
_LOCAL_SIGNATURE = b"PK\x03\x04"
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
#: zipfile raises these for a damaged or unreadable archive directory.
_DIRECTORY_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    ValueError,
    EOFError,
    OSError,
    struct.error,
)


@dataclass(frozen=True)
class ArchiveLimits:
    """The limits of one archive, read when it is opened (see :mod:`qualframe.limits`):
    ``unpacked_bytes`` in bytes, ``members`` files, ``ratio`` to 1."""

    unpacked_bytes: int
    members: int
    ratio: int

    @classmethod
    def now(cls) -> ArchiveLimits:
        """The limits as set now (environment variables, else the defaults)."""
        return cls(limit("unpacked_bytes"), limit("archive_members"), limit("compression_ratio"))


class GuardedArchive:
    """A ZIP archive held in memory whose members are inflated under :class:`ArchiveLimits`.

    ``source`` names the file in errors, ``what`` says what it is ("the Word
    document"), ``invalid`` is the message pattern for a damaged file (one
    ``{}`` for the detail). Use :meth:`open`. ``inflated`` is the number of
    bytes inflated so far (every read counts again).
    """

    def __init__(
        self,
        data: bytes,
        archive: zipfile.ZipFile,
        source: str,
        *,
        what: str,
        invalid: str,
        limits: ArchiveLimits,
    ) -> None:
        self._data = data
        self._members = archive.infolist()
        self._names = {info.filename: info for info in self._members}
        self.source = source
        self._what = what
        self._invalid = invalid
        self._limits = limits
        self._deadline = Deadline(source)
        self.inflated = 0
        self._compressed_in = 0  # compressed bytes consumed by finished deflated members
        self._compressed_out = 0  # bytes those produced

    @classmethod
    def open(
        cls, data: bytes, source: str, *, what: str, kind: str, invalid: str
    ) -> GuardedArchive:
        """Open ``data`` as a ZIP archive and check its directory; inflates nothing.

        ``kind`` is the suffix users know (".docx"). Raises
        :class:`InputFileError` naming ``source`` when the file is empty, not a
        ZIP archive or damaged, lists more members than allowed, or declares
        more unpacked bytes or a higher compression ratio than allowed.
        """
        if not data:
            raise InputFileError(source, "the file is empty (0 bytes)")
        limits = ArchiveLimits.now()
        # Each directory entry starts with this signature: counting it bounds the
        # entries zipfile would build objects for, before it builds any.
        _check_members(data.count(_CENTRAL_SIGNATURE), limits, source, what)
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except _DIRECTORY_ERRORS as exc:
            detail = f"the file is damaged, incomplete or not a {kind}: {exc}"
            raise InputFileError(source, invalid.format(detail)) from None
        _check_members(len(archive.infolist()), limits, source, what)
        _check_declared(archive.infolist(), limits, source, what)
        return cls(data, archive, source, what=what, invalid=invalid, limits=limits)

    def has(self, name: str) -> bool:
        """True when the archive holds a member called ``name``."""
        return name in self._names

    def damaged(self, detail: str) -> InputFileError:
        """The error for this archive being damaged, with ``detail`` (to raise)."""
        return InputFileError(self.source, self._invalid.format(detail))

    def read(self, name: str) -> bytes:
        """The inflated bytes of member ``name`` (which must exist); see :meth:`chunks`."""
        return b"".join(self.chunks(name))

    def chunks(self, name: str) -> Iterator[bytes]:
        """Member ``name`` (the last of that name) inflated, at most :data:`CHUNK_BYTES`
        at a time, every byte counted against the limits.

        Raises :class:`InputFileError` when a limit is passed (nothing more is
        inflated), or the member is damaged, encrypted, compressed by a method
        other than deflate, or differs from its directory entry.
        """
        return self._inflate(self._names[name])

    def inflate_all(self) -> None:
        """Inflate every member listed (duplicates included), keeping nothing: proof
        that the whole archive unpacks within the limits. Raises as :meth:`chunks`."""
        for info in self._members:
            for _ in self._inflate(info):
                pass

    def _inflate(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """Member ``info`` inflated, checked against its directory entry at the end."""
        name = info.filename
        if info.flag_bits & 0x1:
            raise self.damaged(f"its part {name} is encrypted")
        start = self._data_start(info)
        if info.compress_type == zipfile.ZIP_STORED:
            pieces = self._stored(info, start)
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            pieces = self._deflated(info, start)
        else:
            raise self.damaged(
                f"its part {name} is compressed with a method qualframe does not read "
                f"(method {info.compress_type})"
            )
        size, crc = 0, 0
        for piece in pieces:
            size += len(piece)
            crc = zlib.crc32(piece, crc)
            yield piece
        if size != info.file_size or crc != info.CRC:
            raise self.damaged(f"its part {name} does not match the archive's directory")

    def _data_start(self, info: zipfile.ZipInfo) -> int:
        """Where member ``info``'s compressed bytes start, from its own local header."""
        offset = info.header_offset
        header = self._data[offset : offset + _LOCAL_HEADER.size]
        if len(header) < _LOCAL_HEADER.size or not header.startswith(_LOCAL_SIGNATURE):
            raise self.damaged(f"its part {info.filename} has no valid header")
        fields = _LOCAL_HEADER.unpack(header)
        return offset + _LOCAL_HEADER.size + fields[-2] + fields[-1]

    def _stored(self, info: zipfile.ZipInfo, start: int) -> Iterator[bytes]:
        """A stored member: its bytes as they are (ratio 1), counted all the same."""
        end = start + info.compress_size
        if end > len(self._data):
            raise self.damaged(f"its part {info.filename} is cut short")
        for position in range(start, end, CHUNK_BYTES):
            piece = self._data[position : min(position + CHUNK_BYTES, end)]
            self._count(info.filename, len(piece))
            yield piece

    def _deflated(self, info: zipfile.ZipInfo, start: int) -> Iterator[bytes]:
        """A deflated member, inflated until its stream ends (not where the directory
        says): each step asks for no more bytes than the limit leaves."""
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        data = memoryview(self._data)
        pending: bytes | memoryview = b""
        position, consumed, produced = start, 0, 0
        try:
            while not inflater.eof:
                if not pending:
                    if position >= len(data):
                        raise self.damaged(f"its part {info.filename} is cut short")
                    pending = data[position : position + _INPUT_BYTES]
                    position += len(pending)
                room = self._limits.unpacked_bytes - self.inflated + 1
                piece = inflater.decompress(pending, min(CHUNK_BYTES, room))
                pending = inflater.unconsumed_tail
                consumed = position - start - len(pending) - len(inflater.unused_data)
                produced += len(piece)
                self._count(info.filename, len(piece))
                self._check_ratio(info.filename, produced, consumed)
                if piece:
                    yield piece
        except zlib.error as exc:
            raise self.damaged(f"its part {info.filename} is damaged: {exc}") from None
        self._compressed_in += consumed
        self._compressed_out += produced

    def _count(self, name: str, size: int) -> None:
        """Add ``size`` inflated bytes of member ``name``; refuse past the total."""
        self.inflated += size
        if self.inflated > self._limits.unpacked_bytes:
            raise InputFileError(
                self.source,
                f"{self._what} unpacked to more than "
                f"{describe_bytes(self._limits.unpacked_bytes)}; it may be a zip bomb; "
                f"{limit_note('unpacked_bytes')}",
            )
        self._deadline.check(f"part {name}")

    def _check_ratio(self, name: str, produced: int, consumed: int) -> None:
        """Refuse when member ``name`` (``produced`` bytes from ``consumed``), or all
        deflated members together, unpacked to more than the ratio allows."""
        ratio = self._limits.ratio
        total_out = self._compressed_out + produced
        total_in = self._compressed_in + consumed
        if produced >= RATIO_FROM_BYTES and produced > ratio * max(consumed, 1):
            what = f"{self._what} part {name!r}"
        elif total_out >= RATIO_FROM_BYTES and total_out > ratio * max(total_in, 1):
            what = self._what
        else:
            return
        raise InputFileError(
            self.source,
            f"{what} unpacked to more than {ratio:,} times its compressed size; it may be "
            f"a zip bomb; {limit_note('compression_ratio')}",
        )


def _check_members(count: int, limits: ArchiveLimits, source: str, what: str) -> None:
    if count > limits.members:
        raise InputFileError(
            source,
            f"{what} holds more than the {limits.members:,} files allowed; "
            f"{limit_note('archive_members')}",
        )


def _check_declared(
    members: list[zipfile.ZipInfo], limits: ArchiveLimits, source: str, what: str
) -> None:
    """Refuse an archive whose directory itself declares too much (true or not)."""
    total = sum(member.file_size for member in members)
    if total > limits.unpacked_bytes:
        raise InputFileError(
            source,
            f"{what} says it unpacks to {describe_bytes(total)}, more than the "
            f"{describe_bytes(limits.unpacked_bytes)} allowed; it may be a zip bomb; "
            f"{limit_note('unpacked_bytes')}",
        )
    for member in members:
        declared_ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= RATIO_FROM_BYTES and declared_ratio > limits.ratio:
            raise InputFileError(
                source,
                f"{what} part {member.filename!r} says it unpacks to {declared_ratio:,.0f} "
                f"times its compressed size, more than the {limits.ratio:,} allowed; it may "
                f"be a zip bomb; {limit_note('compression_ratio')}",
            )


__all__ = ["CHUNK_BYTES", "RATIO_FROM_BYTES", "ArchiveLimits", "GuardedArchive"]
