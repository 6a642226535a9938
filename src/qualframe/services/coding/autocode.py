"""Auto-coding: proposing spans to code in bulk, then applying the proposal.

Each auto-coder has a *preview* that reads the documents and returns an
:class:`AutocodePlan` (it writes nothing) and shares one *apply*,
:func:`apply_plan`, which codes the plan's spans through
:func:`qualframe.services.coding.codings.add_codings` (spans already coded by the
acting coder are skipped). The auto-coders:

- :func:`preview_by_speaker` — whole speaker turns (without the label) of
  chosen participants, speaker labels, or participants matching attributes;
- :func:`preview_by_section` — the body of each section (as the document's
  reader stored it; for older documents, as
  :func:`qualframe.formats.sections.detect_sections` finds it) whose title matches a
  text, a regular expression or an interview question's heading;
- :func:`preview_by_keywords` — sentences or paragraphs containing keywords
  or matching regular expressions.

All take a scope (``scope=`` a :class:`~qualframe.services.core.scope.Scope`,
or its keywords): ``documents`` (default: every document) and ``where``
(attribute name -> value(s)); the speaker auto-coder also ``participants``
and ``speakers``. Document attributes in ``where`` choose documents.
Participant and case attributes choose people: for speaker auto-coding the
speaker of the turn, for keywords the speaker at the start of the sentence
or paragraph, and for sections the participants the document records (any
of them). Offsets are code points; units never cross a speaker turn's
boundary and never include the speaker label.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Unpack

from qualframe.errors import NotFoundError, ValidationError
from qualframe.formats.sections import Section, detect_sections
from qualframe.formats.segmentation import TextSpan, paragraph_sentences, paragraph_spans
from qualframe.formats.speaker_turns import words_start
from qualframe.services.coding import codings as coding
from qualframe.services.coding.listing import participant_ids
from qualframe.services.coding.passage import Passage
from qualframe.services.core import access
from qualframe.services.core.lookup import document_ids
from qualframe.services.core.refs import Ref, Refs, Where, ref_list
from qualframe.services.core.scope import Labels, Scope, ScopeFilters
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import one_line
from qualframe.services.documents.attribution import DocumentSpeakers
from qualframe.storage import queries
from qualframe.storage.models import Document, Participant, Question
from qualframe.storage.queries.documents import DocumentText
from qualframe.vocabulary import AutocodeUnit, ProjectRole

if TYPE_CHECKING:
    import pandas as pd

#: What keyword auto-coding codes: whole sentences or whole paragraphs.
Unit = AutocodeUnit
#: Longest excerpt shown in a plan (characters; longer text is shortened with "…").
EXCERPT_LENGTH = 120

_ADORNMENT_LINE = re.compile(r"([=\-^~*+#\"'`_])\1{2,}")


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposedSpan(Passage):
    """A span an auto-coder proposes to code: a :class:`Passage` (its span,
    code points, end exclusive, and who speaks at its start) with an
    ``excerpt`` of its text, shortened; ``already_coded`` is true when the
    coder has coded this exact span with the code; ``matched`` lists the
    keywords found (keyword auto-coding only).
    """

    excerpt: str
    already_coded: bool
    matched: tuple[str, ...] = ()


@dataclass(frozen=True)
class AutocodePlan:
    """What an auto-coder proposes: ``spans`` to code with ``code`` (a path).

    ``method`` is ``speaker``, ``section`` or ``keyword``; ``description``
    says in words what was searched; ``coder`` is the user the plan was
    made for (``already_coded`` refers to their codings).
    """

    method: str
    code_id: int
    code: str
    description: str
    coder: str
    documents_searched: int
    spans: tuple[ProposedSpan, ...]

    @property
    def new(self) -> int:
        """How many proposed spans are not coded yet (what applying adds)."""
        return sum(not span.already_coded for span in self.spans)

    @property
    def already_coded(self) -> int:
        """How many proposed spans the coder has already coded with the code."""
        return sum(span.already_coded for span in self.spans)

    @property
    def documents(self) -> int:
        """How many documents have at least one proposed span."""
        return len({span.document_id for span in self.spans})

    def to_frame(self) -> pd.DataFrame:
        """The proposed spans as a DataFrame (one row each, in document order)."""
        import pandas as pd

        columns = ["document", "start", "end", "speaker", "participant", "status", "matched",
                   "excerpt"]  # fmt: skip
        rows = [
            [s.document, s.start, s.end, s.speaker, s.participant,
             "already coded" if s.already_coded else "new", ", ".join(s.matched), s.excerpt]
            for s in self.spans
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=columns)


def apply_plan(uow: UnitOfWork, plan: AutocodePlan) -> int:
    """Code the plan's spans with its code; returns how many codings were added.

    Spans the acting coder has coded since the preview are skipped; the
    code must still exist and not be retired. One audit entry is written.
    Analysts and owners only (it codes for the whole project, not one
    coder's reading): raises :class:`~qualframe.errors.PermissionDeniedError`
    for a viewer or a coder.
    """
    access.require(uow, ProjectRole.ANALYST, "auto-coding")
    spans = [(span.document_id, span.start, span.end) for span in plan.spans]
    return coding.add_codings(uow, plan.code_id, spans, reason=f"auto-coded {plan.description}")


# ---------------------------------------------------------------- the auto-coders


def preview_by_speaker(
    uow: UnitOfWork, code: Ref, *, scope: Scope | None = None, **filters: Unpack[ScopeFilters]
) -> AutocodePlan:
    """Propose every turn of the chosen speakers of ``code`` (id, name or path);
    writes nothing.

    Speakers are chosen by ``participants`` (identifiers or ids), by
    ``speakers`` labels (ignoring case), and/or by participant or case
    attributes in ``where``; several choices must all hold; ``documents``
    limits the documents searched. Each turn is proposed without its speaker
    label. Raises :class:`ValidationError` when no speakers are chosen
    (document attributes in ``where`` only choose documents) or for a
    ``cases`` or ``coder`` filter.
    """
    chosen = Scope.of(scope, **filters).only(
        "participants", "speakers", "documents", "where", what="Auto-coding by speaker"
    )
    participants, speakers, where = chosen.participants, chosen.speakers, chosen.where
    found, path = coding.codable_code(uow, code)
    search = _search(uow, chosen.documents, where)
    if participants is None and speakers is None and search.people is None:
        raise ValidationError(
            "Say whose turns to code: participants, speaker labels, or participant or "
            "case attribute values."
        )
    people = participant_ids(uow, participants)
    labels = None if speakers is None else {label.casefold() for label in _strings(speakers)}

    def find(doc: DocumentText, who: DocumentSpeakers) -> Iterator[_Candidate]:
        for turn in who.turns:
            person = who.participant_for_turn(turn)
            if labels is not None and turn.label.casefold() not in labels:
                continue
            if (people is not None and person not in people) or not search.admits(person):
                continue
            body = _after_label(doc.text, turn.start, turn.end, turn.label)
            if body is not None:
                yield _Candidate(*body)

    described = _describe_speakers(participants, speakers, where)
    return _plan(uow, "speaker", found.id, path, described, search, find)


def preview_by_section(
    uow: UnitOfWork,
    code: Ref,
    *,
    title: str | None = None,
    regex: bool = False,
    question: Ref | None = None,
    include_heading: bool = False,
    scope: Scope | None = None,
    **filters: Unpack[ScopeFilters],
) -> AutocodePlan:
    """Propose the sections whose title matches, to code with ``code`` (id,
    name or path); writes nothing.

    ``title`` is found in section titles as whole words, ignoring case, or
    searched as a regular expression with ``regex``; ``question`` (an
    interview question's identifier or id) matches its ``heading`` (its
    identifier when it has none). The section body is proposed, from the
    line after the heading to the section's end (sub-sections included);
    ``include_heading`` proposes the heading too. The scope takes
    ``documents`` and ``where`` (a document is searched when any participant
    it records matches). Raises :class:`ValidationError` without exactly one
    of ``title``/``question``, for an invalid regular expression or another
    filter.
    """
    chosen = Scope.of(scope, **filters).only("documents", "where", what="Auto-coding by section")
    found, path = coding.codable_code(uow, code)
    matches, described = _title_matcher(uow, title, regex, question)
    search = _search(uow, chosen.documents, chosen.where)
    linked = queries.documents.participant_ids_by_document(
        uow.session, [d.id for d in search.documents]
    )

    def find(doc: DocumentText, who: DocumentSpeakers) -> Iterator[_Candidate]:
        if search.people is not None:
            recorded = set(linked.get(doc.id, ())) | {
                who.participant_for_turn(turn) for turn in who.turns
            }
            if not recorded & search.people:
                return
        for section in _sections(uow, doc):
            if matches(section.title):
                span = _section_span(doc.text, section, include_heading)
                if span is not None:
                    yield _Candidate(*span)

    described += _where_text(chosen.where)
    return _plan(uow, "section", found.id, path, described, search, find)


def _sections(uow: UnitOfWork, doc: DocumentText) -> list[Section]:
    """The document's stored sections (what its reader found: rendered headings,
    Word heading styles); for a document imported before structure was stored,
    the headings found in its text."""
    stored = queries.structure.sections_of(uow.session, doc.id)
    if stored:
        return [Section(row.title, row.level, row.start, row.end) for row in stored]
    return detect_sections(doc.text)


def preview_by_keywords(
    uow: UnitOfWork,
    code: Ref,
    keywords: Sequence[str] | str,
    *,
    unit: Unit = "sentence",
    regex: bool = False,
    whole_word: bool = True,
    case_sensitive: bool = False,
    scope: Scope | None = None,
    **filters: Unpack[ScopeFilters],
) -> AutocodePlan:
    """Propose every sentence (or paragraph) containing any keyword, to code
    with ``code`` (id, name or path); writes nothing.

    Keywords match whole words, ignoring case, by default; a keyword ending
    in ``*`` matches words starting with it (``hope*``: hopes, hopeful) and
    spaces in a keyword match any white space. With ``regex`` each keyword
    is a regular expression matched as written (``whole_word`` does not
    apply). The scope takes ``documents`` and ``where`` (participant and
    case attributes choose the speaker at the unit's start). Raises
    :class:`ValidationError` for no keywords, an unknown ``unit``, an invalid
    regular expression (with the reason) or another filter.
    """
    chosen = Scope.of(scope, **filters).only("documents", "where", what="Auto-coding by keyword")
    if unit not in ("sentence", "paragraph"):
        raise ValidationError(f"Auto-code by 'sentence' or 'paragraph', not {unit!r}.")
    terms = [k.strip() for k in _strings(keywords) if k.strip()]
    if not terms:
        raise ValidationError("Give at least one keyword to search for.")
    pattern = _keyword_pattern(terms, regex=regex, whole_word=whole_word, case=case_sensitive)
    found, path = coding.codable_code(uow, code)
    search = _search(uow, chosen.documents, chosen.where)

    def units(text: str) -> Iterator[TextSpan]:
        # Sentences are split (about a millisecond a paragraph) only where a
        # paragraph holds a keyword: a whole corpus is not split for a few hits.
        for paragraph in paragraph_spans(text):
            if unit == "paragraph":
                yield paragraph
            elif pattern.search(text, paragraph.start, paragraph.end):
                yield from paragraph_sentences(text, paragraph)

    def find(doc: DocumentText, who: DocumentSpeakers) -> Iterator[_Candidate]:
        spans = ((span.start, span.end) for span in units(doc.text))
        for start, end in _within_turns(doc.text, spans, who):
            if not search.admits(who.at(start).participant_id):
                continue
            hits = [m.group(0) for m in pattern.finditer(doc.text, start, end) if m.group(0)]
            if hits:
                folded = hits if case_sensitive else [h.casefold() for h in hits]
                yield _Candidate(start, end, tuple(dict.fromkeys(folded)))

    how = "regular expressions" if regex else ("whole words" if whole_word else "text")
    described = (
        f"{unit}s containing {', '.join(repr(t) for t in terms)} "
        f"({how}, {'matching case' if case_sensitive else 'any case'})"
    )
    return _plan(uow, "keyword", found.id, path, described + _where_text(chosen.where),
                 search, find)  # fmt: skip


# ---------------------------------------------------------------- shared machinery


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    matched: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Search:
    """The documents to search and the people ``where`` admits (None: anyone)."""

    documents: list[DocumentText]
    people: set[int] | None
    identifiers: Mapping[int, str]

    def admits(self, participant_id: int | None) -> bool:
        return self.people is None or participant_id in self.people


def _strings(value: Sequence[str] | str) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _search(uow: UnitOfWork, documents: Refs, where: Where | None) -> _Search:
    """Resolve ``documents`` and split ``where`` into document and people conditions."""
    ids = document_ids(uow, documents)
    people_where, document_where = queries.attributes.split_where(
        uow.session, uow.project_id, where or {}
    )
    if document_where:
        condition = queries.attributes.attribute_filter(
            uow.session, uow.project_id, document_where, None, Document.id
        )
        passing = queries.documents.document_ids_meeting(uow.session, uow.project_id, condition)
        ids = passing if ids is None else ids & passing
    people = None
    if people_where:
        condition = queries.attributes.attribute_filter(
            uow.session, uow.project_id, people_where, Participant.id
        )
        people = queries.people.participant_ids_meeting(uow.session, uow.project_id, condition)
    return _Search(
        queries.documents.document_texts(uow.session, uow.project_id, ids),
        people,
        queries.people.participant_identifiers(uow.session, uow.project_id),
    )


def _plan(
    uow: UnitOfWork,
    method: str,
    code_id: int,
    path: str,
    description: str,
    search: _Search,
    find: Callable[[DocumentText, DocumentSpeakers], Iterable[_Candidate]],
) -> AutocodePlan:
    """Run ``find`` over the documents searched and mark spans already coded."""
    existing = queries.codings.coded_spans(
        uow.session, code_id, uow.actor.name, [doc.id for doc in search.documents]
    )
    spans: dict[tuple[int, int, int], ProposedSpan] = {}
    for doc in search.documents:
        who = DocumentSpeakers(uow.session, uow.project_id, doc.id)
        for candidate in find(doc, who):
            key = (doc.id, candidate.start, candidate.end)
            if key in spans:
                continue
            at = who.at(candidate.start)
            spans[key] = ProposedSpan(
                document_id=doc.id,
                document=doc.name,
                start=candidate.start,
                end=candidate.end,
                excerpt=excerpt(doc.text[candidate.start : candidate.end]),
                speaker=at.speaker,
                participant=(
                    search.identifiers.get(at.participant_id) if at.participant_id else None
                ),
                already_coded=key in existing,
                matched=candidate.matched,
            )
    return AutocodePlan(
        method, code_id, path, description, uow.actor.name, len(search.documents),
        tuple(spans.values()),
    )  # fmt: skip


def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """``text`` on one line (white space collapsed), shortened to ``limit`` characters."""
    return one_line(text, limit)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` without leading/trailing white space; None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _after_label(text: str, start: int, end: int, label: str) -> tuple[int, int] | None:
    """A turn's span without the speaker label (and its ``:``/``**``/``]``) it starts with."""
    return _trimmed(text, words_start(text, start, end, label), end)


def _within_turns(
    text: str, spans: Iterable[tuple[int, int]], who: DocumentSpeakers
) -> Iterator[tuple[int, int]]:
    """Cut ``spans`` where speaker turns start or end, and drop speaker labels."""
    cuts = sorted({turn.start for turn in who.turns} | {turn.end for turn in who.turns})
    labels = {turn.start: turn for turn in who.turns}
    index = 0
    for start, end in spans:
        while index < len(cuts) and cuts[index] <= start:
            index += 1
        inner = index
        points = [start]
        while inner < len(cuts) and cuts[inner] < end:
            points.append(cuts[inner])
            inner += 1
        points.append(end)
        for begin, finish in itertools.pairwise(points):
            turn = labels.get(begin)
            piece = (
                _after_label(text, begin, min(finish, turn.end), turn.label)
                if turn is not None
                else _trimmed(text, begin, finish)
            )
            if piece is not None:
                yield piece


def _section_span(text: str, section: Section, include_heading: bool) -> tuple[int, int] | None:
    """The section's body: after its heading line(s) and any RST adornment lines."""
    if include_heading:
        return _trimmed(text, section.start, section.end)
    position = section.start
    lines = 0
    while position < section.end:
        line_end = text.find("\n", position, section.end)
        line_end = section.end if line_end < 0 else line_end
        line = text[position:line_end].strip()
        is_adornment = bool(_ADORNMENT_LINE.fullmatch(line))
        # The heading line itself, then any adornment: RST over/underlines.
        if lines > 0 and not is_adornment:
            break
        if lines == 0 and is_adornment:
            # An overlined title: skip the overline and the title line.
            next_end = text.find("\n", line_end + 1, section.end)
            line_end = section.end if next_end < 0 else next_end
        position = line_end + 1
        lines += 1
    return _trimmed(text, min(position, section.end), section.end)


def _word_pattern(phrase: str) -> str:
    """A literal phrase as a regular expression: any white space between words."""
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _keyword_pattern(
    terms: Sequence[str], *, regex: bool, whole_word: bool, case: bool
) -> re.Pattern[str]:
    """One compiled pattern matching any of ``terms``."""
    flags = 0 if case else re.IGNORECASE
    parts = []
    for term in terms:
        if regex:
            try:
                re.compile(term, flags)
            except re.error as error:
                raise ValidationError(
                    f"The regular expression {term!r} is not valid: {error}."
                ) from None
            parts.append(f"(?:{term})")
        else:
            normal = unicodedata.normalize("NFC", term)
            prefix = normal.endswith("*")
            body = _word_pattern(normal.rstrip("*")) + (r"\w*" if prefix else "")
            parts.append(rf"(?<!\w)(?:{body})(?!\w)" if whole_word else f"(?:{body})")
    return re.compile("|".join(parts), flags)


def _title_matcher(
    uow: UnitOfWork, title: str | None, regex: bool, question: Ref | None
) -> tuple[Callable[[str], bool], str]:
    """A test on section titles, and words describing it."""
    if (title is None or not title.strip()) == (question is None):
        raise ValidationError("Give either a section title to match or a question, not both.")
    if question is not None:
        chosen = _find_question(uow, question)
        heading = " ".join((chosen.heading or chosen.identifier).split())
        pattern = re.compile(rf"(?<!\w){_word_pattern(heading)}(?!\w)", re.IGNORECASE)
        described = f"sections of question {chosen.identifier} (titled like {heading!r})"
    elif regex:
        assert title is not None
        try:
            pattern = re.compile(title, re.IGNORECASE)
        except re.error as error:
            raise ValidationError(
                f"The regular expression {title!r} is not valid: {error}."
            ) from None
        described = f"sections whose title matches {title!r}"
    else:
        assert title is not None
        text = unicodedata.normalize("NFC", title.strip())
        pattern = re.compile(rf"(?<!\w){_word_pattern(text)}(?!\w)", re.IGNORECASE)
        described = f"sections titled like {text!r}"
    return (lambda candidate: pattern.search(candidate) is not None), described


def _find_question(uow: UnitOfWork, ref: Ref) -> Question:
    """The interview question with identifier (or id) ``ref``."""
    questions = queries.schedule.questions(uow.session, uow.project_id)
    if isinstance(ref, int) and not isinstance(ref, bool):
        found = [q for q in questions if q.id == ref]
    else:
        wanted = str(ref).strip()
        found = [q for q in questions if q.identifier == wanted] or [
            q for q in questions if q.identifier.casefold() == wanted.casefold()
        ]
    if len(found) == 1:
        return found[0]
    known = ", ".join(q.identifier for q in questions) or "none yet"
    raise NotFoundError(f"There is no question {ref!r} in the interview schedule ({known}).")


def _where_text(where: Where | None) -> str:
    if not where:
        return ""
    parts = [
        f"{name} = {value if isinstance(value, str) else ' or '.join(value)}"
        for name, value in where.items()
    ]
    return " where " + " and ".join(parts)


def _describe_speakers(participants: Refs, speakers: Labels, where: Where | None) -> str:
    parts = []
    if participants is not None:
        people = ref_list(participants) or []
        parts.append("participants " + ", ".join(str(p) for p in people))
    if speakers is not None:
        parts.append("speaker labels " + ", ".join(repr(s) for s in _strings(speakers)))
    text = "turns of " + " and ".join(parts) if parts else "turns of participants"
    return text + _where_text(where)
