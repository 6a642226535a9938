"""Hostile files made in memory for the tests: zip bombs (honest, and with a lying
directory), many parts just under the ratio threshold, a PDF whose page tree lists
one page 99,000 times, over-long text.

Everything is small (a few hundred KB at most) and made when asked for: the ZIP
archives are written entry by entry by :func:`raw_zip`, so a test can make the
directory claim any sizes; deflate streams of a lot of the same bytes are built
by repeating one fully flushed block (:func:`deflate_repeated`), which costs
nothing to make however much it inflates to.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import docx

MIB = 1024 * 1024

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: The start of a Word main part; a bomb pads it with comments lxml drops.
DOCUMENT_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'
    "<w:p><w:r><w:t>Interviewer: Hello.</w:t></w:r></w:p>"
).encode()
DOCUMENT_TAIL = b"</w:body></w:document>"
#: Padding that is well-formed XML and compresses about 1,000 to 1.
COMMENT = b"<!---->"


@dataclass(frozen=True)
class Stream:
    """A member's compressed bytes and what they really inflate to."""

    compressed: bytes
    size: int
    crc: int
    method: int = zipfile.ZIP_DEFLATED


@dataclass(frozen=True)
class RawEntry:
    """One member as :func:`raw_zip` writes it: the directory's ``claimed_size`` and
    ``claimed_compressed`` default to the truth."""

    name: str
    stream: Stream
    claimed_size: int | None = None
    claimed_compressed: int | None = None


def deflated(data: bytes) -> Stream:
    """``data`` as a raw deflate stream."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return Stream(compressor.compress(data) + compressor.flush(), len(data), zlib.crc32(data))


def stored(data: bytes) -> Stream:
    """``data`` stored uncompressed."""
    return Stream(data, len(data), zlib.crc32(data), zipfile.ZIP_STORED)


def deflate_repeated(
    head: bytes, block: bytes, times: int, tail: bytes, *, checksum: bool = True
) -> Stream:
    """``head + block * times + tail`` deflated, made without compressing ``times`` blocks:
    after a full flush the compressor starts afresh, so one flushed block repeated is a
    valid stream. ``block`` should be about a megabyte. Without ``checksum`` the CRC
    is left 0 (for streams never meant to be read to their end)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    middle = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(times if checksum else 0):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc) if checksum else 0
    size = len(head) + len(block) * times + len(tail)
    return Stream(start + middle * times + end, size, crc)


def raw_zip(entries: Sequence[RawEntry]) -> bytes:
    """A ZIP archive of ``entries``, its directory saying what each entry claims."""
    out = bytearray()
    central = bytearray()
    for entry in entries:
        offset = len(out)
        name = entry.name.encode()
        stream = entry.stream
        size = stream.size if entry.claimed_size is None else entry.claimed_size
        packed = (
            len(stream.compressed) if entry.claimed_compressed is None else entry.claimed_compressed
        )
        common = (20, 0, stream.method, 0, 0x21, stream.crc, packed, size, len(name))
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", *common, 0) + name + stream.compressed
        central += (
            struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *common, 0, 0, 0, 0, 0, offset) + name
        )
    start = len(out)
    out += central
    out += struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0
    )
    return bytes(out)


def members(data: bytes) -> dict[str, bytes]:
    """The members of an honest archive, by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def small_docx() -> bytes:
    """A real, small Word document."""
    document = docx.Document()
    document.add_paragraph("Interviewer: How did you start?")
    document.add_paragraph("P1: I was asked.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_with_main(main: RawEntry) -> bytes:
    """:func:`small_docx` with its main part ``word/document.xml`` replaced by ``main``."""
    entries = [
        RawEntry(name, deflated(payload))
        for name, payload in members(small_docx()).items()
        if name != "word/document.xml"
    ]
    return raw_zip([*entries, main])


def comment_bomb(megabytes: int) -> Stream:
    """A well-formed Word main part padded to about ``megabytes`` MiB with comments."""
    block = COMMENT * (MIB // len(COMMENT))
    return deflate_repeated(DOCUMENT_HEAD, block, megabytes, DOCUMENT_TAIL)


def honest_bomb_docx(megabytes: int = 20) -> bytes:
    """A .docx whose main part unpacks to ``megabytes`` MiB, and whose directory says so."""
    return docx_with_main(RawEntry("word/document.xml", comment_bomb(megabytes)))


def lying_ratio_docx(megabytes: int = 20) -> bytes:
    """A .docx whose directory over-states the compressed size of its bomb (a 1 to 1
    ratio, as if it were an image): only the real ratio shows what it is."""
    bomb = comment_bomb(megabytes)
    entry = RawEntry("word/document.xml", bomb, claimed_compressed=bomb.size)
    return docx_with_main(entry)


def understated_docx(megabytes: int = 20) -> bytes:
    """A .docx whose directory under-states both sizes of its bomb (100 bytes from 50):
    nothing it declares is over any threshold."""
    entry = RawEntry(
        "word/document.xml", comment_bomb(megabytes), claimed_size=100, claimed_compressed=50
    )
    return docx_with_main(entry)


def many_parts_xlsx(parts: int = 190, size: int = MIB - 1, *, noise: int = 0) -> bytes:
    """A workbook-looking archive of ``parts`` parts of ``size`` bytes each (just under
    the ratio threshold), each compressing about 1,000 to 1; first, when asked, a part
    of ``noise`` random (incompressible) bytes."""
    part = deflated(b"<x>" + b" " * (size - 7) + b"</x>")
    entries = [RawEntry("[Content_Types].xml", deflated(b"<Types/>"))]
    if noise:
        entries.append(
            RawEntry("xl/media/image1.bin", deflated(random.Random(11).randbytes(noise)))
        )
    entries += [RawEntry(f"xl/parts/part{index}.xml", part) for index in range(parts)]
    return raw_zip(entries)


def diluted_parts_xlsx(parts: int = 40, size: int = MIB - 1) -> bytes:
    """:func:`many_parts_xlsx` after 256 KB of random bytes, which lower the compression
    ratio of the whole below 200 to 1: only the total unpacked stops it."""
    return many_parts_xlsx(parts, size, noise=256 * 1024)


# --- PDF ------------------------------------------------------------------------------


def _pdf(objects: Sequence[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1; the first is the catalog) with its xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def page_tree_bomb(fanouts: Sequence[int] = (99, 1000), text: bytes = b"Hello page") -> bytes:
    """A PDF of one page listed ``prod(fanouts)`` times: each level of its page tree
    lists the node below it ``fanout`` times (99 x 1,000 = 99,000 pages, about 7 KB)."""
    levels = len(fanouts)
    page = 2 + levels  # objects: 1 catalog, 2.. the tree's levels, then page, font, content
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level, fanout in enumerate(fanouts):
        number = 2 + level
        count = 1
        for below in fanouts[level:]:
            count *= below
        parent = b"" if level == 0 else b" /Parent %d 0 R" % (number - 1)
        kids = b" ".join([b"%d 0 R" % (number + 1)] * fanout)
        objects.append(b"<< /Type /Pages%s /Kids [%s] /Count %d >>" % (parent, kids, count))
    content = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
        % (page - 1, page + 1, page + 2)
    )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    return _pdf(objects)


# --- ODT ------------------------------------------------------------------------------


def spaces_odt(paragraphs: int = 200, spaces_each: int = 50) -> bytes:
    """An .odt whose paragraphs each ask for ``spaces_each`` runs of 1,000 spaces
    (``text:s``): a few bytes of XML for every thousand characters."""
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    office_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    paragraph = "<text:p>a" + '<text:s text:c="1000"/>' * spaces_each + "b</text:p>"
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        f'xmlns:office="{office_ns}" xmlns:text="{text_ns}"><office:body><office:text>'
        + paragraph * paragraphs
        + "</office:text></office:body></office:document-content>"
    ).encode()
    return raw_zip(
        [
            RawEntry("mimetype", stored(b"application/vnd.oasis.opendocument.text")),
            RawEntry("content.xml", deflated(content)),
        ]
    )


# --- The suite run through the CLI and the web ----------------------------------------


@dataclass(frozen=True)
class HostileFile:
    """A hostile document: its ``name``, how it is ``made``, the limits lowered for it
    (environment variables), the ``problem`` its refusal states and the variable of
    the ``limit`` that stops it."""

    name: str
    make: Callable[[], bytes]
    problem: str
    limit: str
    lowered: dict[str, str] = field(default_factory=dict)


HOSTILE_DOCUMENTS = (
    HostileFile(
        "honest.docx",
        honest_bomb_docx,
        "the Word document part 'word/document.xml' says it unpacks to",
        "QUALFRAME_LIMIT_COMPRESSION_RATIO",
    ),
    HostileFile(
        "lying.docx",
        lying_ratio_docx,
        "the Word document part 'word/document.xml' unpacked to more than 200 times",
        "QUALFRAME_LIMIT_COMPRESSION_RATIO",
    ),
    HostileFile(
        "understated.docx",
        understated_docx,
        "the Word document part 'word/document.xml' unpacked to more than 200 times",
        "QUALFRAME_LIMIT_COMPRESSION_RATIO",
    ),
    HostileFile(
        "pages.pdf",
        page_tree_bomb,
        "the PDF has 99,000 pages, more than the 5,000 allowed",
        "QUALFRAME_LIMIT_PDF_PAGES",
    ),
    HostileFile(
        "spaces.odt",
        spaces_odt,
        "its text is longer than the 100,000 characters allowed",
        "QUALFRAME_LIMIT_DOCUMENT_CHARACTERS",
        {"QUALFRAME_LIMIT_DOCUMENT_CHARACTERS": "100000"},
    ),
    HostileFile(
        "long.txt",
        lambda: b"Interviewer: words words words.\n" * 100,
        "its text is longer than the 1,000 characters allowed",
        "QUALFRAME_LIMIT_DOCUMENT_CHARACTERS",
        {"QUALFRAME_LIMIT_DOCUMENT_CHARACTERS": "1000"},
    ),
    HostileFile(
        "big.md",
        lambda: b"# Notes\n\n" + b"word " * 1000,
        "the file is 4.9 KB, more than the 1 KB allowed",
        "QUALFRAME_LIMIT_FILE_BYTES",
        {"QUALFRAME_LIMIT_FILE_BYTES": "1024"},
    ),
)
