"""Word-family test files made in the test run, shaped like real ones.

* :func:`interview_docx`: what a transcription service sends back after an
  analyst's review: a title and headings, the transcript as a table (time |
  speaker | text, with a header row), a tracked insertion and deletion inside
  a turn and two comments.
* :func:`interview_odt`: the same kind of notes saved by LibreOffice: a
  heading, paragraphs, a tracked insertion and deletion and an annotation.
* :func:`interview_rtf`: WordPad-style RTF with accented characters written
  as code-page escapes and as Unicode escapes.

Each generator has its expected text next to it, so tests assert exactly.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

DOCX_TEXT = (
    "Interview 12: Peer support\n\n"
    "Background\n\n"
    "Recorded on 3 May 2024 at the drop-in centre.\n\n"
    "Transcript\n\n"
    "Interviewer: Can you tell me how you first heard about the peer support service?\n\n"
    "P12: A friend told me about it. I was nervous at first, but the staff were kind.\n\n"
    "Interviewer: What changed for you after the first few weeks?\n\n"
    "P12: I felt less alone and I started going out again.\n\n"
    "Not every week, but most weeks.\n\n"
    "Notes\n\n"
    "The participant was relaxed and spoke freely."
)
DOCX_COMMENT_DATE = "2024-05-03T10:15:00Z"


def docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def tracked(kind: str, text: str, change_id: int) -> str:
    """A tracked insertion (``ins``) or deletion (``del``) of ``text`` as Word writes it."""
    tag = "w:delText" if kind == "del" else "w:t"
    return (
        f'<w:{kind} {nsdecls("w")} w:id="{change_id}" w:author="Editor" '
        f'w:date="2024-05-04T09:00:00Z"><w:r><{tag} xml:space="preserve">{text}</{tag}>'
        f"</w:r></w:{kind}>"
    )


def append_xml(paragraph: Paragraph, xml: str) -> None:
    paragraph._p.append(parse_xml(xml))


def add_comment(
    document: docx.document.Document, runs: Sequence[object], text: str, author: str
) -> None:
    comment = document.add_comment(runs, text=text, author=author)  # type: ignore[arg-type]
    comment._comment_elm.set(qn("w:date"), DOCX_COMMENT_DATE)


def interview_docx() -> bytes:
    """The reviewed interview transcript (expected text: :data:`DOCX_TEXT`)."""
    document = docx.Document()
    document.add_paragraph("Interview 12: Peer support", style="Title")
    document.add_heading("Background", level=1)
    document.add_paragraph("Recorded on 3 May 2024 at the drop-in centre.")
    document.add_heading("Transcript", level=1)
    rows = [
        ("Time", "Speaker", "Text"),
        (
            "00:00:05",
            "Interviewer",
            "Can you tell me how you first heard about the peer support service?",
        ),
        ("[00:00:12]", "P12", None),
        ("0:41", "Interviewer", "What changed for you after the first few weeks?"),
        ("00:01:02", "P12", "I felt less alone and I started going out again."),
        ("", "", "Not every week, but most weeks."),
    ]
    table = document.add_table(rows=len(rows), cols=3)
    for cells, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(cells.cells, values, strict=True):
            if value is not None:
                cell.text = value
    answer = table.cell(2, 2).paragraphs[0]
    answer.add_run("A friend told me about it. I was ")
    append_xml(answer, tracked("del", "quite ", 101))
    nervous = answer.add_run("nervous")
    answer.add_run(" at first, ")
    append_xml(answer, tracked("ins", "but ", 102))
    answer.add_run("the staff were kind.")
    add_comment(document, [nervous], "Anxiety about joining", "R. Researcher")
    document.add_heading("Notes", level=1)
    notes = document.add_paragraph("The participant was ")
    relaxed = notes.add_run("relaxed and spoke freely")
    notes.add_run(".")
    add_comment(document, [relaxed], "Check against the recording", "A. Analyst")
    return docx_bytes(document)


ODT_TEXT = (
    "Field notes\n\n"
    "The session started late because the room was booked.\n\n"
    "We talked about volunteering and about the garden group.\n\n"
    "Follow-up\n\n"
    "Send the summary to the service manager."
)


def interview_odt() -> bytes:
    """Field notes saved by LibreOffice (expected text: :data:`ODT_TEXT`): a
    heading, paragraphs, an insertion ("and about the garden group") and a
    deletion ("twice") tracked, and an annotation on "booked"."""
    from odf import dc, meta, office, text
    from odf.namespaces import OFFICENS, TEXTNS, XMLNS
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text="Field notes 3"))
    document.meta.addElement(meta.InitialCreator(text="R. Researcher"))
    document.meta.addElement(meta.CreationDate(text="2024-05-03T10:00:00"))
    changes = text.TrackedChanges()
    for change_id, kind, body in (("ct1", text.Insertion, None), ("ct2", text.Deletion, "twice")):
        region = text.ChangedRegion(
            qattributes={(XMLNS, "id"): change_id, (TEXTNS, "id"): change_id}
        )
        change = kind()
        info = office.ChangeInfo()
        info.addElement(dc.Creator(text="Editor"))
        info.addElement(dc.Date(text="2024-05-04T09:00:00"))
        change.addElement(info)
        if body is not None:
            change.addElement(text.P(text=body))
        region.addElement(change)
        changes.addElement(region)
    document.text.addElement(changes)
    document.text.addElement(text.H(outlinelevel=1, text="Field notes"))
    first = text.P(text="The session started late because the room was ")
    # LibreOffice names the annotation with office:name (odfpy would write draw:name).
    annotation = office.Annotation()
    annotation.setAttrNS(OFFICENS, "name", "note1")
    annotation.addElement(dc.Creator(text="R. Researcher"))
    annotation.addElement(dc.Date(text="2024-05-03T11:00:00"))
    annotation.addElement(text.P(text="Which room?"))
    first.addElement(annotation)
    first.addText("booked")
    first.addElement(office.AnnotationEnd(name="note1"))
    first.addText(".")
    document.text.addElement(first)
    second = text.P(text="We talked about volunteering ")
    second.addElement(text.Change(changeid="ct2"))
    second.addElement(text.ChangeStart(changeid="ct1"))
    second.addText("and about the garden group")
    second.addElement(text.ChangeEnd(changeid="ct1"))
    second.addText(".")
    document.text.addElement(second)
    document.text.addElement(text.H(outlinelevel=2, text="Follow-up"))
    document.text.addElement(text.P(text="Send the summary to the service manager."))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


RTF_TEXT = (
    "Entretien 3 \u2013 caf\u00e9 associatif\n\n"
    "Interviewer: Comment \u00e7a s\u2019est pass\u00e9 ?\n\n"
    "P3: Tr\u00e8s bien, la premi\u00e8re fois.\nJ\u2019y suis retourn\u00e9e.\n\n"
    "Z\u00fcrich, S\u00e3o Paulo, \u0141\u00f3d\u017a \U0001f600"
)


def interview_rtf() -> bytes:
    """WordPad-style RTF (expected text: :data:`RTF_TEXT`): accents as ``\\'xx``
    in Windows-1252, as ``\\uN`` with a fallback character, a surrogate pair, a
    line break inside a paragraph, and a font table that must not show."""
    return (
        b"{\\rtf1\\ansi\\ansicpg1252\\deff0\\nouicompat"
        b"{\\fonttbl{\\f0\\fnil\\fcharset0 Calibri;}}\r\n"
        b"{\\*\\generator Riched20 10.0.19041}\\viewkind4\\uc1 \r\n"
        b"\\pard\\sa200\\sl276\\slmult1\\f0\\fs22\\lang2057 "
        b"Entretien 3 \\endash  caf\\'e9 associatif\\par\r\n"
        b"Interviewer: Comment \\'e7a s\\rquote est pass\\'e9 ?\\par\r\n"
        b"P3: Tr\\u232?s bien, la premi\\u232?re fois."
        b"\\line J\\u8217'y suis retourn\\'e9e.\\par\r\n"
        b"\\par\r\n"
        b"Z\\'fcrich, S\\u227?o Paulo, \\u321?\\'f3d\\u378? \\u-10179?\\u-8704?\\par\r\n"
        b"}\r\n"
    )
