"""Reading Word (.docx) documents into text and structure.

Layout of the text: every non-empty paragraph of the body becomes one block,
and blocks are separated by one blank line. A line break inside a Word
paragraph stays a ``\\n`` inside its block. Tables are read in place, in
document order: each row becomes one block whose cells are separated by a
tab (a cell holding several paragraphs keeps them on separate lines; merged
cells count once; nested tables follow their row). Headers, footers,
footnotes and text boxes are not read.

Structure (see :mod:`qualframe.formats.docx_body` and
:mod:`qualframe.formats.docx_tables`):

* headings (styles Title, Heading 1-9, or an outline level) are blocks of
  their own and give the sections (``()`` when there are none);
* tracked changes are read as accepted (insertions in, deletions out);
* comments (``word/comments.xml``) come back anchored to the text they
  mark, with their author and date;
* a table laid out as a transcript (``time | speaker | text``) gives one
  ``Speaker: text`` block per row and the speaker turns, with their times;
  otherwise turns are left to the speaker-label detector (``None``).

A .docx is a ZIP archive from outside (see
:mod:`qualframe.formats.archives`): the number of members, the bytes
actually inflated and the compression ratio measured on them are limited
(``archive_members``, ``unpacked_bytes``, ``compression_ratio`` in
:mod:`qualframe.limits`), which stops "zip bombs" even when the archive's
directory lies; XML is parsed without resolving entities.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from typing import TYPE_CHECKING

from qualframe.errors import InputFileError
from qualframe.formats.docx_body import (
    W_BODY,
    W_DOCUMENT,
    StyleLevels,
    body_blocks,
    comment_notes,
)
from qualframe.formats.docx_layout import lay_out
from qualframe.formats.docx_package import OfficePackage
from qualframe.formats.structure import TextContent

if TYPE_CHECKING:
    from lxml import etree

_INVALID = "not a valid Word document ({})"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DEFAULT_MAIN_PART = "word/document.xml"
_CORE_NAMES = {
    "{http://purl.org/dc/elements/1.1/}title": "title",
    "{http://purl.org/dc/elements/1.1/}creator": "author",
    "{http://purl.org/dc/elements/1.1/}subject": "subject",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords": (
        "keywords"
    ),
    "{http://purl.org/dc/terms/}created": "created",
    "{http://purl.org/dc/terms/}modified": "modified",
}


def read_docx(data: bytes, source: str) -> TextContent:
    """Read the bytes of a .docx file named ``source``.

    Returns the body text laid out as described in the module docstring, its
    sections, comments, speaker turns from a transcript table (else None)
    and the non-empty core properties (title, author, subject, keywords,
    created, modified as ISO 8601). Offsets are code points of the returned
    text, end exclusive. Raises :class:`InputFileError` naming ``source``
    when the file is not a ZIP package, is damaged, is too large or too
    compressed when unpacked, is not a Word document, or has no text.
    """
    package = OfficePackage.open(
        data, source, what="the Word document", kind=".docx", invalid=_INVALID
    )
    package_parts = _relationships(package, "_rels/.rels", "")
    main = package_parts.get("/officeDocument", _DEFAULT_MAIN_PART)
    if not package.has(main):
        raise package.damaged(f"the ZIP package has no {main} part")
    document = package.parse(main)
    body = document.find(W_BODY)
    if document.tag != W_DOCUMENT or body is None:
        raise package.damaged(f"its main part {main} is not a Word document body")
    main_parts = _relationships(package, _relationships_name(main), main)
    styles = _optional_part(package, main_parts.get("/styles"))
    comments = _optional_part(package, main_parts.get("/comments"))
    blocks, has_turns = body_blocks(body, StyleLevels(styles))
    core = _optional_part(package, package_parts.get("/core-properties", "docProps/core.xml"))
    content = lay_out(
        blocks, comment_notes(comments), has_turns=has_turns, metadata=_core_properties(core)
    )
    if not content.text.strip():
        raise InputFileError(source, "the Word document contains no text")
    return content


def _relationships_name(part: str) -> str:
    """The name of the relationships part of ``part`` (``word/_rels/document.xml.rels``)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _relationships(package: OfficePackage, relationships: str, owner: str) -> dict[str, str]:
    """The member each relationship type of ``owner`` ("" for the package) points at,
    keyed by the type's last part with its slash ("/styles"); the first of a type
    wins; read from the ``relationships`` part, if any."""
    if not package.has(relationships):
        return {}
    folder = posixpath.dirname(owner)
    targets: dict[str, str] = {}
    for relation in package.parse(relationships).iterchildren(_RELATIONSHIP):
        kind = "/" + (relation.get("Type") or "").rsplit("/", 1)[-1]
        target = relation.get("Target") or ""
        if relation.get("TargetMode") == "External" or not target or kind in targets:
            continue
        if target.startswith("/"):
            targets[kind] = target.lstrip("/")
        else:
            targets[kind] = posixpath.normpath(posixpath.join(folder, target))
    return targets


def _optional_part(package: OfficePackage, name: str | None) -> etree._Element | None:
    return package.parse(name) if name is not None and package.has(name) else None


def _core_properties(root: etree._Element | None) -> dict[str, str]:
    """Title, author, subject, keywords, created and modified, where given."""
    values: dict[str, str] = {}
    for element in () if root is None else root:
        key = _CORE_NAMES.get(element.tag) if isinstance(element.tag, str) else None
        value = (element.text or "").strip()
        if key is not None and value:
            values[key] = _iso_time(value) if key in ("created", "modified") else value
    return values


def _iso_time(value: str) -> str:
    """A W3CDTF time as ISO 8601 (UTC when no zone is given); as given if unreadable."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).isoformat()
