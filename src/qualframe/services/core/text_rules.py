"""What text qualframe stores: one rule for names and text, the same on every database.

SQLite stores any Python string; PostgreSQL refuses a NUL character
(``\\x00``) in text and a string longer than its ``VARCHAR`` column, and
neither can store half of a surrogate pair (``"\\ud800"``: no character at
all; it comes from JSON escapes and from file names or command-line
arguments in another encoding than UTF-8). So every name, label or text a
person or a file gives is checked here, before anything is written, with
the same limits and messages whichever database holds the project:

* **Names typed by people** (projects, the acting user, codes, cases,
  participants, attributes, memo and document titles) are refused with a
  :class:`~qualframe.errors.ValidationError` when they hold a NUL or a lone
  surrogate, or are longer than their column (:func:`check_name`). Nothing
  is changed silently in what someone typed.
* **Free text typed by people** (memos, definitions, summaries...) is
  refused for the same two characters (:func:`check_text`); its length is
  the ``field_characters`` limit of :mod:`~qualframe.services.core.field_limits`.
* **Names taken from files** (a document's name is its file name) are made
  storable instead (:func:`storable_name`): a file name is not the user's
  choice, and refusing a file for its name would stop an import for
  nothing. Document *text* is cleaned by the decoder
  (:func:`qualframe.formats.text_decoding.normalise_text`: a NUL in a
  transcript is never meaningful).

The limits are the widths of the columns (``storage/models``; a test checks
they agree), in characters (code points).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from qualframe.errors import ValidationError

#: Longest name, identifier, label or person's name: the ``col.Name`` columns
#: (codes, cases, participants, attributes, speaker labels, authors, the
#: audit log's actor) and ``projects.name``.
NAME_CHARS = 200
#: Longest document name (its file name) or title, memo title: ``VARCHAR(500)``.
FILE_NAME_CHARS = 500

#: A lone surrogate: a Python ``str`` built by decoding never holds a pair,
#: so any code point in this range is half a character.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Characters a name taken from a file loses: C0 and C1 controls (NUL, escapes,
#: line breaks) and DEL.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]+")
#: What stands for the left-out middle of a name shortened to fit.
_ELLIPSIS = "\u2026"


def _shown(value: str) -> str:
    """The start of ``value`` for a message, escaped (``repr``): never raw control
    characters or half characters in a terminal or a page."""
    return repr(value[:40]) + (_ELLIPSIS if len(value) > 40 else "")


def text_problem(value: str, what: str) -> str | None:
    """Why ``value`` (text called ``what``: "memo's text") cannot be stored on
    every database, or None when it can: it holds a NUL character or a lone
    surrogate. Length is not checked here."""
    if "\x00" in value:
        return (
            f"The {what} contains a NUL character (\\x00), which qualframe does not store "
            "(it is not text); remove it and try again."
        )
    if not value.isascii() and (half := _SURROGATE.search(value)) is not None:
        return (
            f"The {what} contains U+{ord(half.group()):04X}, half of a character (a lone "
            "surrogate), which is not text; it usually comes from text in another encoding "
            "than UTF-8. Retype it or give it as UTF-8."
        )
    return None


def name_problem(value: str, what: str, max_chars: int = NAME_CHARS) -> str | None:
    """Why the name ``value`` (called ``what``: "project name") cannot be stored,
    or None when it can: :func:`text_problem`, or longer than ``max_chars``."""
    problem = text_problem(value, what)
    if problem is not None:
        return problem
    if len(value) > max_chars:
        return (
            f"The {what} {_shown(value)} is {len(value):,} characters long; "
            f"at most {max_chars:,} fit."
        )
    return None


def normalised_name(value: object) -> str:
    """``value`` as a name is compared and stored: NFC, runs of white space as
    one space, stripped (may be empty). Pure."""
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def normalised_text(value: str | None) -> str:
    """A free-text field as it is stored: NFC, LF line ends, stripped (None
    gives ""). Pure."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def check_name(value: str, what: str, max_chars: int = NAME_CHARS) -> str:
    """``value`` unchanged when it can be stored as the name ``what`` (e.g.
    "project name", "code name"); callers clean white space first.

    Raises :class:`ValidationError` (the same message on every database) when
    it holds a NUL or a lone surrogate or is longer than ``max_chars``
    characters.
    """
    problem = name_problem(value, what, max_chars)
    if problem is not None:
        raise ValidationError(problem)
    return value


def check_text(value: str, what: str) -> str:
    """``value`` unchanged when the free text ``what`` can be stored; raises
    :class:`ValidationError` when it holds a NUL or a lone surrogate."""
    problem = text_problem(value, what)
    if problem is not None:
        raise ValidationError(problem)
    return value


def storable_name(value: str, max_chars: int = FILE_NAME_CHARS) -> str:
    """A name taken from a file (its file name or path) made storable; never raises.

    Lone surrogates (bytes of a file name that are not UTF-8) become U+FFFD
    (``�``); control characters (NUL, escapes, line breaks) are left out; a
    name longer than ``max_chars`` keeps its start and its suffix (``.txt``)
    with ``…`` for the middle. A name left empty becomes ``"document"``.
    """
    name = _CONTROLS.sub("", value)
    if not name.isascii():
        name = _SURROGATE.sub("\ufffd", name)
    if not name.strip():
        name = "document"
    return shortened(name, max_chars)


def shortened(name: str, max_chars: int) -> str:
    """``name`` when at most ``max_chars`` long, else its start, ``…`` and its
    suffix (the extension, when shorter than half the room), ``max_chars`` in all."""
    if len(name) <= max_chars:
        return name
    suffix = PurePosixPath(name).suffix
    if len(suffix) >= max_chars // 2:
        suffix = ""
    return name[: max_chars - len(suffix) - 1] + _ELLIPSIS + suffix


__all__ = [
    "FILE_NAME_CHARS",
    "NAME_CHARS",
    "check_name",
    "check_text",
    "name_problem",
    "shortened",
    "storable_name",
    "text_problem",
]
