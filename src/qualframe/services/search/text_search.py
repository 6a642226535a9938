"""Full-text search: keyword in context over a project's documents.

Coding every hit of a search is :mod:`qualframe.services.search.hit_coding`.

What a user may type (everything else is taken as words, never as query
syntax, so no query can fail with a syntax error):

* ``peer support`` — segments holding both words (in any order);
  words match their inflections (``support`` finds "supported", "supports");
* ``"peer support"`` — the phrase, words in this order;
* ``recover*`` — words starting with "recover";
* ``peer OR lived`` — either word (``OR`` in capitals binds its neighbours);
* ``-stigma`` (or ``NOT stigma``) — leave out segments holding the word.

A search finds *segments* (paragraphs of one speaker turn; see
:mod:`qualframe.services.documents.library`) and shows each occurrence of the
query's words in them as a keyword-in-context hit, with about
:data:`CONTEXT_CHARS` characters either side cut at word boundaries (within
the segment, so the context is always the same speaker's words). Pages
(``limit``/``offset``) count segments, in document import order then text
order; ``total_segments`` counts them all. The occurrences are found
again in Python (the index says which segments match, not where), with a
light stemmer close to the index's Porter stemming.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Unpack

from qualframe.errors import ValidationError
from qualframe.formats.speaker_turns import words_start
from qualframe.services.coding.passage import Passage
from qualframe.services.core.lookup import document_ids
from qualframe.services.core.scope import Scope, ScopeFilters
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.documents import speakers
from qualframe.services.study.attributes import natural_key
from qualframe.storage import queries, search_index
from qualframe.storage.search_index import MatchQuery, MatchTerm, SegmentFilter, SegmentHit

if TYPE_CHECKING:
    import pandas as pd

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Characters of context either side of a match (cut at a word boundary).
CONTEXT_CHARS = 60
#: Longest query accepted, in characters, and most terms in it.
MAX_QUERY_CHARS = 1000
MAX_TERMS = 50
#: Largest page of hits.
MAX_LIMIT = 1000
#: Columns of :func:`hits_frame`.
HIT_COLUMNS = (
    "document",
    "start",
    "end",
    "left",
    "match",
    "right",
    "speaker",
    "participant",
    "document_id",
    "segment_id",
)

_WORD = re.compile(r"[^\W_]+")
_QUERY_ITEM = re.compile(r'(?P<negated>-)?"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+)')
_SPACES = re.compile(r"\s+")
#: Light stemming: (suffix, replacement), longest first.
_SUFFIXES = (
    ("ies", "y"),
    ("ied", "y"),
    ("ing", ""),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
)


#: The filters a search applies (see :class:`~qualframe.services.core.scope.Scope`).
SEARCH_SCOPE = ("documents", "speakers", "where", "sections")


@dataclass(frozen=True, slots=True, kw_only=True)
class KwicHit(Passage):
    """One occurrence of the query in a segment, keyword in context: a
    :class:`~qualframe.services.coding.passage.Passage` (``start``/``end``:
    the match's code-point offsets in the document; ``speaker``: the label
    of the speaker turn, None outside turns; ``participant``: who speaks,
    None for the interviewer) with its context.

    ``left``/``match``/``right`` are the text (white space collapsed);
    ``segment_id`` the matching segment; ``participant_id`` the id of
    ``participant``; ``document_title`` the title of the document, which
    pages show (``document`` is its file name, the identifier).
    """

    document_title: str
    segment_id: int
    left: str
    match: str
    right: str
    participant_id: int | None


@dataclass(frozen=True)
class SearchResult:
    """A page of hits: the hits of the ``limit`` segments after ``offset``;
    ``total_segments`` counts every matching segment."""

    query: str
    total_segments: int
    hits: list[KwicHit]
    limit: int
    offset: int

    @property
    def has_more(self) -> bool:
        """Whether segments remain after this page."""
        return self.offset + self.limit < self.total_segments


# ---------------------------------------------------------------- the query


def _fold(text: str) -> str:
    """Lower case without diacritics, one character per character (offsets kept)."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


class _FoldTable(dict[int, str]):
    """``str.translate`` table folding each character to one lower-case base letter,
    filled as characters are met."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def _fold_char(char: str) -> str:
    lowered = char.lower()
    if len(lowered) != 1:
        lowered = char
    base = unicodedata.normalize("NFD", lowered)[0]
    return base if base.isalnum() or not lowered.isalnum() else lowered


def stem(word: str) -> str:
    """A light English stem of a folded word: inflections off, a final "e" off.

    Close to, not the same as, the index's Porter stemmer: it is used to
    find again, in a matching segment, the words the index matched.
    """
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            root = word[: -len(suffix)]
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            if suffix in ("ing", "ed") and not re.search("[aeiouy]", root):
                continue
            word = root + replacement
            doubled = len(word) > 2 and word[-1] == word[-2] and word[-1] not in "lsz"
            if suffix in ("ing", "ed") and doubled:
                word = word[:-1]
            break
    if len(word) > 2 and word.endswith("e"):
        word = word[:-1]
    return word


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query: what the index matches, and the terms to show in context."""

    text: str
    match: MatchQuery

    @property
    def terms(self) -> tuple[MatchTerm, ...]:
        """The terms to find again in matching segments (not the excluded ones)."""
        return tuple(term for group in self.match.groups for term in group)


def parse_query(text: str) -> ParsedQuery:
    """Translate what the user typed (see the module docstring) into a safe query.

    Raises :class:`ValidationError` when nothing is left to search for,
    the query only excludes, or it is too long.
    """
    text = str(text)
    if len(text) > MAX_QUERY_CHARS:
        raise ValidationError(f"The search is too long (at most {MAX_QUERY_CHARS} characters).")
    groups: list[list[MatchTerm]] = []
    excluded: list[MatchTerm] = []
    join_next = negate_next = False
    for item in _QUERY_ITEM.finditer(text):
        word, phrase = item.group("word"), item.group("phrase")
        if word in ("OR", "|"):
            join_next = bool(groups)
            continue
        if word in ("AND", "NOT"):
            negate_next = word == "NOT"
            continue
        negated = negate_next or bool(item.group("negated"))
        if word is not None and word.startswith("-") and len(word) > 1:
            negated, word = True, word[1:]
        raw = phrase if phrase is not None else word or ""
        tokens = tuple(_WORD.findall(raw))
        negate_next = False
        if not tokens:
            continue
        term = MatchTerm(tokens, prefix=raw.rstrip().endswith("*"))
        if negated:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if not groups:
        if excluded:
            raise ValidationError(
                "A search needs at least one word to find, not only words to leave out."
            )
        raise ValidationError("Type at least one word to search for.")
    if sum(map(len, groups)) + len(excluded) > MAX_TERMS:
        raise ValidationError(f"A search may hold at most {MAX_TERMS} words or phrases.")
    return ParsedQuery(text, MatchQuery(tuple(map(tuple, groups)), tuple(excluded)))


# ---------------------------------------------------------------- finding occurrences


class Highlighter:
    """Finds the occurrences of a query's terms in segment text."""

    def __init__(self, terms: Sequence[MatchTerm]) -> None:
        # Each term as (folded token, its stem) pairs and whether its last token is a prefix.
        self.terms = [
            (tuple((token, stem(token)) for token in map(_fold, term.tokens)), term.prefix)
            for term in terms
        ]
        starts = set()
        for tokens, prefix in self.terms:
            token, key = tokens[0]
            first = token if prefix and len(tokens) == 1 else key
            # "studies" and "study" share the stem "study" but not its last letter.
            starts.add(first[:-1] if first.endswith("y") and len(first) > 1 else first)
        alternatives = "|".join(re.escape(s) for s in sorted(starts, key=len, reverse=True))
        self._candidates = re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*")

    @staticmethod
    def _token_matches(word: str, token: tuple[str, str], prefix: bool) -> bool:
        return word.startswith(token[0]) if prefix else stem(word) == token[1]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Occurrences ``(start, end)`` in ``text`` (code points), in order, not overlapping.

        Falls back to any word starting like a term when the stemmer finds
        none (the index matched, so something is there).
        """
        folded = _fold(text)
        found: list[tuple[int, int]] = []
        loose: list[tuple[int, int]] = []
        for candidate in self._candidates.finditer(folded):
            loose.append(candidate.span())
            for tokens, prefix in self.terms:
                end = self._match_at(folded, candidate, tokens, prefix)
                if end is not None:
                    found.append((candidate.start(), end))
        return _join_adjacent(folded, _merge(found or loose))

    def _match_at(
        self,
        folded: str,
        candidate: re.Match[str],
        tokens: tuple[tuple[str, str], ...],
        prefix: bool,
    ) -> int | None:
        """End of the term ``tokens`` starting at ``candidate``, or None."""
        last = len(tokens) - 1
        if not self._token_matches(candidate.group(), tokens[0], prefix and last == 0):
            return None
        end = candidate.end()
        for index in range(1, len(tokens)):
            # Whatever lies between two words is punctuation or space: the
            # index ignores it inside a phrase too.
            following = _WORD.search(folded, end)
            if following is None or not self._token_matches(
                following.group(), tokens[index], prefix and index == last
            ):
                return None
            end = following.end()
        return end


def _join_adjacent(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join occurrences separated only by white space: "lived experience" is one hit."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and not text[joined[-1][1] : start].strip():
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _left(body: str, start: int, floor: int = 0) -> str:
    """The context before ``start``, from ``floor`` at the earliest (past the
    speaker label: it is shown apart)."""
    floor = min(floor, start)
    begin = max(floor, start - CONTEXT_CHARS)
    if begin > floor:
        space = _SPACES.search(body, begin, start)
        begin = space.end() if space else begin
    return _SPACES.sub(" ", body[begin:start]).lstrip()


def _right(body: str, end: int) -> str:
    finish = min(len(body), end + CONTEXT_CHARS)
    if finish < len(body) and not body[finish].isspace():
        cut = max(body.rfind(" ", end, finish), body.rfind("\n", end, finish))
        finish = cut if cut > end else finish
    return _SPACES.sub(" ", body[end:finish]).rstrip()


# ---------------------------------------------------------------- searching


def segment_filter(uow: UnitOfWork, scope: Scope) -> SegmentFilter:
    """The filter of a search (the :data:`SEARCH_SCOPE` filters of ``scope``),
    with documents and speaker labels checked.

    Raises :class:`~qualframe.errors.NotFoundError` for an unknown
    document or speaker label (unknown attributes fail when searching).
    """
    labels = None
    if scope.speakers is not None:
        wanted = [scope.speakers] if isinstance(scope.speakers, str) else list(scope.speakers)
        labels = {
            label
            if queries.speakers.label_exists(uow.session, uow.project_id, label)
            else speakers.find_label(uow, label, None)  # letter case, suggestions
            for label in wanted
        }
    sections = None
    if scope.sections is not None:
        given = [scope.sections] if isinstance(scope.sections, str) else list(scope.sections)
        sections = [title.strip() for title in given if title.strip()] or None
    return SegmentFilter(document_ids(uow, scope.documents), labels, scope.where or None, sections)


def _check_page(limit: int, offset: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(
            f"The page size (limit) must be from 1 to {MAX_LIMIT}, not {limit!r}."
        )
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise ValidationError(f"The offset must be a whole number from 0, not {offset!r}.")


def _kwic(
    session: Session, segments: Sequence[SegmentHit], highlighter: Highlighter
) -> list[KwicHit]:
    """Keyword-in-context hits of a page of segments (their documents read once)."""
    texts = queries.documents.texts_by_id(session, {s.document_id for s in segments})
    people = queries.people.participant_identifiers_by_id(
        session, {s.participant_id for s in segments if s.participant_id is not None}
    )
    hits = []
    for segment in segments:
        body = texts[segment.document_id][segment.start : segment.end]
        words = 0 if segment.speaker is None else words_start(body, 0, len(body), segment.speaker)
        for start, end in highlighter.spans(body) or [(0, 0)]:
            hits.append(
                KwicHit(
                    document_id=segment.document_id,
                    document=segment.document,
                    document_title=segment.title,
                    segment_id=segment.segment_id,
                    start=segment.start + start,
                    end=segment.start + end,
                    left=_left(body, start, words),
                    match=_SPACES.sub(" ", body[start:end]),
                    right=_right(body, end),
                    speaker=segment.speaker,
                    participant_id=segment.participant_id,
                    participant=people.get(segment.participant_id or -1),
                )
            )
    return hits


def find(
    uow: UnitOfWork,
    query: str,
    *,
    scope: Scope | None = None,
    limit: int = 50,
    offset: int = 0,
    **filters: Unpack[ScopeFilters],
) -> SearchResult:
    """One page of keyword-in-context hits: the hits in the ``limit`` matching
    segments after ``offset``; ``total_segments`` counts them all.

    ``query``: words (all must occur; inflections match), "a phrase",
    prefix*, ``a OR b``, ``-excluded`` (see
    :mod:`qualframe.services.search.text_search`). The scope (``scope=`` or
    the keywords) narrows where to look: ``where`` by attribute values of the
    participant speaking (case attributes inherited) or of the document,
    e.g. ``{"stakeholder group": "peer worker"}``; ``documents`` (ids or
    names); ``speaker``/``speakers`` (speaker labels); ``section``/``sections``
    (words of section titles: text under a heading containing one of them,
    ignoring case). Offsets in the hits
    are code points of the stored text. Reads only;
    ``project.search.hits_frame`` gives the same page as a DataFrame.

    Raises :class:`ValidationError` for an empty query, a bad page or a
    filter a search cannot apply, and
    :class:`~qualframe.errors.NotFoundError` for unknown names.
    """
    parsed = parse_query(query)
    _check_page(limit, offset)
    chosen = segment_filter(uow, Scope.of(scope, **filters).only(*SEARCH_SCOPE, what="A search"))
    total = search_index.count_matching(uow.session, uow.project_id, parsed.match, chosen)
    page = search_index.matching_segments(
        uow.session, uow.project_id, parsed.match, chosen, limit=limit, offset=offset
    )
    hits = _kwic(uow.session, page, Highlighter(parsed.terms))
    return SearchResult(
        query=parsed.text, total_segments=total, hits=hits, limit=limit, offset=offset
    )


def searchable_documents(uow: UnitOfWork) -> list[tuple[int, str]]:
    """``(id, name)`` of every document a search can be limited to, by name
    (numbers in names in numeric order). Reads ids and names only."""
    rows = queries.documents.document_order_rows(uow.session, uow.project_id)
    return sorted(((row.id, row.name) for row in rows), key=lambda item: natural_key(item[1]))


def hits_frame(result: SearchResult) -> pd.DataFrame:
    """The hits of a search as a DataFrame (columns: :data:`HIT_COLUMNS`)."""
    import pandas as pd

    rows = [{name: getattr(hit, name) for name in HIT_COLUMNS} for hit in result.hits]
    return pd.DataFrame(rows, columns=list(HIT_COLUMNS))
