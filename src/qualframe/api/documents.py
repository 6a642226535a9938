"""The documents part of the Python API: importing, participants, speaker labels.

Documents are given by name or id, participants by identifier or id. Every
call is one transaction: on an error nothing is written. A document carries a
``version``: the writes changing it (links, position, deletion; its attribute
values through ``project.study.set_attributes``) take ``if_version``, the
version you read (a stale one raises :class:`~qualframe.errors.StaleVersionError`),
and return the new one.

::

    report = project.documents.import_files(["interviews/"], on_error="skip")
    print(report.summary())
    project.documents.documents()                  # a DataFrame, one row per document
    project.documents.link_participants("fg1.docx", ["P01", "P02", "P03"])
    project.documents.speakers()                   # labels, counts, mappings
    project.documents.map_speaker("Interviewer", role="interviewer")
    project.documents.map_speaker("Speaker 1", "P02", document="fg1.docx")
    project.documents.reject_label("You say")     # not a speaker: its lines rejoin the turn before
    project.documents.map_speaker("The Witness", "W03", document="day4.md", section="Ms Jane Smith")
    project.documents.map_turn("fg1.docx", 12, "P03")  # turn 12 (from 1) is P03's, label or not
    project.documents.rename("fg1.docx", "Focus group 1 (staff)")
    change = project.documents.replace_text("fg1.docx", "fg1-corrected.docx")
    change.to_review                               # codings whose text changed
    project.documents.mark_read("fg1.docx")          # familiarisation: you have read it
    project.documents.familiarisation_notes("fg1.docx")  # your memo of first impressions

Each method is declared as the service function that is its use case (see
:mod:`qualframe.api.facade`): its signature and docstring are the service's.
The methods returning DataFrames have a twin returning the records
(``document_list``, ``speaker_labels``, ``mapping_list``, ``turn_list``).
"""

from __future__ import annotations

from qualframe.api.facade import Facade, use_case
from qualframe.services.coding import table_import
from qualframe.services.documents import (
    coding_progress as progress,
    familiarisation,
    file_import,
    frames,
    label_decisions as decisions,
    library,
    revisions as text_revisions,
    speaker_bulk,
    speaker_map_files,
    speaker_sections,
    speakers as labels,
    structure as document_structure,
    turn_mappings,
)
from qualframe.services.memos import familiarisation_notes as notes

__all__ = ["DocumentsAPI"]


class DocumentsAPI(Facade):
    """The documents of one project (see :mod:`qualframe.services.documents.library`
    and :mod:`qualframe.services.documents.speakers`)."""

    # ------------------------------------------------------------ importing
    import_files = use_case(file_import.import_documents)
    import_bytes = use_case(file_import.import_bytes)
    #: What an import would do, with each document's speaker labels (writes nothing).
    preview_import = use_case(file_import.preview_import, dry_run=True)
    import_table = use_case(table_import.import_table)

    # ------------------------------------------------------------ reading
    #: The documents as a DataFrame (columns ``library.DOCUMENT_COLUMNS``).
    documents = use_case(library.document_list, frames.documents_frame)
    document_list = use_case(library.document_list)
    document = use_case(library.get_document)
    info = use_case(library.document_info)
    #: A document's speaker turns as a DataFrame.
    turns = use_case(labels.document_turns, frames.turns_frame)
    turn_list = use_case(labels.document_turns)
    #: A document's sections and pages.
    structure = use_case(document_structure.document_structure)
    #: A document's earlier texts (see ``replace_text``), and one of them.
    revisions = use_case(document_structure.document_revisions)
    revision_text = use_case(document_structure.revision_text)

    # ------------------------------------------------------------ changing
    link_participants = use_case(library.link_participants)
    link_many = use_case(library.link_many)
    unlink_participants = use_case(library.unlink_participants)
    set_position = use_case(library.set_position)
    rename = use_case(library.rename_document)
    #: Replace a document's text (a corrected file, or today's readers), keeping codings.
    replace_text = use_case(text_revisions.replace_text)
    preview_replace_text = use_case(text_revisions.replace_text, dry_run=True)
    delete = use_case(library.delete_document)
    #: Mark a document's coding done (who and when; ``done=False`` takes it back).
    mark_coding_done = use_case(progress.mark_coding_done)
    #: Every document's coding progress: not coded, in progress or done; and one's.
    coding_progress = use_case(progress.coding_progress)
    document_progress = use_case(progress.document_progress)
    #: Familiarisation: mark a document read by you (or take it back), your
    #: mark, everyone's marks, and your familiarisation memo on a document.
    mark_read = use_case(familiarisation.mark_read)
    unmark_read = use_case(familiarisation.unmark_read)
    reading_mark = use_case(familiarisation.reading_mark)
    reading_progress = use_case(familiarisation.reading_progress)
    familiarisation_notes = use_case(notes.familiarisation_notes)

    # ------------------------------------------------------------ speaker labels
    #: Every speaker label as a DataFrame (the fields of ``SpeakerLabel``).
    speakers = use_case(labels.speaker_labels, frames.speakers_frame)
    speaker_labels = use_case(labels.speaker_labels)
    unmapped_speakers = use_case(labels.unmapped_labels)
    #: Every speaker mapping as a DataFrame.
    speaker_mappings = use_case(labels.speaker_mappings, frames.mappings_frame)
    mapping_list = use_case(labels.speaker_mappings)
    map_speaker = use_case(labels.map_speaker)
    unmap_speaker = use_case(labels.unmap_speaker)
    import_speaker_map = use_case(speaker_map_files.import_speaker_map)
    #: Map every unmapped label to the interviewer or other; make participants of labels.
    map_unmapped_speakers = use_case(speaker_bulk.map_unmapped_labels)
    create_participants_from_labels = use_case(speaker_bulk.create_participants_from_labels)
    #: Who speaks in each section of a document, and suggested section mappings.
    section_speakers = use_case(speaker_sections.section_speakers)
    suggest_section_mappings = use_case(speaker_sections.suggest_section_mappings)
    accept_section_suggestions = use_case(speaker_bulk.accept_section_suggestions)
    #: Who speaks in one turn (numbered from 1 as ``turn_list`` numbers them), over its label.
    map_turn = use_case(turn_mappings.map_turn)
    unmap_turn = use_case(turn_mappings.unmap_turn)
    #: Whether a line-start label is a speaker ("You say:" is not): decide, undo, list.
    reject_label = use_case(decisions.reject_label)
    accept_label = use_case(decisions.accept_label)
    undo_label_decision = use_case(decisions.undo_label_decision)
    label_decisions = use_case(decisions.label_decisions)
