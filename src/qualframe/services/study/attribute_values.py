"""Attribute values: checking, canonical spelling, type inference, pandas typing.

Every attribute value is stored as canonical text plus, where it sorts, a
number (see :class:`~qualframe.storage.models.AttributeValue`):

========== ============================== ==================================
type       canonical ``value``            ``number``
========== ============================== ==================================
categorical the defined spelling of the    none
           allowed value
ordinal    the defined spelling of the    0-based rank (lowest level = 0)
           level
number     ``3``, ``2.5``, ``-0.25``      the number
date       ISO ``2013-04-05``             the proleptic ordinal day
boolean    ``true`` / ``false``           none
text       the text, stripped             none
========== ============================== ==================================

What people type is accepted in its common spellings: booleans
yes/no/y/n/true/false/1/0 (any case); dates as ISO (``2013-04-05``), UK
day-first (``05/04/2013``, ``5.4.2013``), ``5 April 2013`` or Excel date
cells; numbers as ``1,234.5`` or ``2.5``; categorical and ordinal values in
any letter case. Nothing here touches a session.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qualframe.errors import ValidationError
from qualframe.formats.tables import CellValue
from qualframe.services.core.field_limits import check_field
from qualframe.vocabulary import AttributeType

if TYPE_CHECKING:
    import pandas as pd

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "t"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "f"})
#: Most distinct values an inferred categorical attribute may have.
MAX_INFERRED_CATEGORIES = 12
#: Longest value an inferred categorical attribute may have (longer: text).
MAX_CATEGORY_LENGTH = 60
#: Share of a column's values that must be numbers (dates, yes/no) to infer that type.
TYPED_SHARE = 0.75

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})([ T]00:00(:00(\.0+)?)?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_WORDY_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y")


@dataclass(frozen=True)
class CanonicalValue:
    """A checked attribute value: canonical ``value`` and sortable ``number``."""

    value: str
    number: float | None


def is_empty(raw: CellValue) -> bool:
    """True for a missing value: ``None`` or blank text."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def as_text(raw: CellValue) -> str:
    """A cell as text: integral floats without ``.0``, dates in ISO, booleans lower case."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float):
        return format_number(raw)
    if isinstance(raw, datetime.datetime):
        if raw.time() == datetime.time():
            return raw.date().isoformat()
        return raw.isoformat(sep=" ")
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    return " ".join(str(raw).split())


def format_number(number: float) -> str:
    """Canonical text of a number: ``3`` for whole numbers, else Python's shortest form."""
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def parse_number(raw: CellValue) -> float | None:
    """The number in ``raw``, or None when it is not a finite number."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        number = float(raw)
    elif isinstance(raw, str):
        text = raw.strip().replace("\u2212", "-")
        if _THOUSANDS.fullmatch(text):
            text = text.replace(",", "")
        if not _NUMBER.fullmatch(text):
            return None
        number = float(text)
    else:
        return None
    return number if math.isfinite(number) else None


def parse_date(raw: CellValue) -> datetime.date | None:
    """The calendar date in ``raw`` (ISO, UK day-first, "5 April 2013", Excel cell), or None."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if not isinstance(raw, str):
        return None
    text = " ".join(raw.replace(",", " ").split())
    try:
        if match := _ISO_DATE.fullmatch(text):
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DAY_FIRST.fullmatch(text):
            # Day first: qualframe's users write UK dates (05/04/2013 is 5 April).
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    for pattern in _WORDY_DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_boolean(raw: CellValue) -> bool | None:
    """True/False for yes/no/y/n/true/false/1/0 (any case) and boolean cells, else None."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        return True if raw == 1 else False if raw == 0 else None
    if isinstance(raw, str):
        word = raw.strip().casefold()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    return None


def match_level(raw: CellValue, levels: Sequence[str]) -> str | None:
    """The defined spelling of ``raw`` among ``levels`` (letter case ignored), or None."""
    text = as_text(raw)
    if text in levels:
        return text
    folded = text.casefold()
    return next((level for level in levels if level.casefold() == folded), None)


def canonical_value(
    name: str, type_: AttributeType, levels: Sequence[str], raw: CellValue
) -> CanonicalValue | None:
    """Check ``raw`` against attribute ``name`` and return its canonical form.

    Returns None for an empty value (meaning: no value). Raises
    :class:`ValidationError` naming the attribute, the value and what is
    allowed when the value does not fit the type or the allowed values.
    """
    if is_empty(raw):
        return None
    if type_ in (AttributeType.CATEGORICAL, AttributeType.ORDINAL):
        level = match_level(raw, levels)
        if level is None:
            allowed = ", ".join(levels) or "none defined yet"
            raise ValidationError(
                f"{as_text(raw)!r} is not an allowed value of the {type_.value} attribute "
                f"{name!r} (allowed: {allowed})."
            )
        rank = float(levels.index(level)) if type_ is AttributeType.ORDINAL else None
        return CanonicalValue(level, rank)
    if type_ is AttributeType.NUMBER:
        number = parse_number(raw)
        if number is None:
            raise _type_error(name, raw, "a number", "such as 3 or 2.5")
        return CanonicalValue(format_number(number), number)
    if type_ is AttributeType.DATE:
        day = parse_date(raw)
        if day is None:
            raise _type_error(name, raw, "a date", "such as 2013-04-05 or 05/04/2013 (day first)")
        return CanonicalValue(day.isoformat(), float(day.toordinal()))
    if type_ is AttributeType.BOOLEAN:
        flag = parse_boolean(raw)
        if flag is None:
            raise _type_error(name, raw, "yes or no", "(yes/no, true/false, y/n or 1/0)")
        return CanonicalValue("true" if flag else "false", None)
    text = as_text(raw)
    check_field(text, f"value of the attribute {name!r}")
    return CanonicalValue(text, None)


def _type_error(name: str, raw: CellValue, wanted: str, example: str) -> ValidationError:
    return ValidationError(
        f"{as_text(raw)!r} is not {wanted}, as the attribute {name!r} needs; "
        f"write {wanted} {example}."
    )


# ---------------------------------------------------------------- inference


@dataclass(frozen=True)
class InferredType:
    """The type guessed for a new attribute from its values, with levels if categorical."""

    type: AttributeType
    levels: tuple[str, ...] = ()


def infer_type(values: Sequence[CellValue]) -> InferredType:
    """Guess the type of a new attribute from a column's values.

    Empty cells are ignored. In order: yes/no-like → boolean; numbers →
    number; dates → date, each when at least :data:`TYPED_SHARE` of the
    values fit (so a typo such as ``abc`` in a column of ages is reported
    as a bad number rather than turning the column into text); few
    distinct short values (at most :data:`MAX_INFERRED_CATEGORIES`, and at
    most half the values when there are more than four) → categorical with
    those values; otherwise text.
    """
    present = [v for v in values if not is_empty(v)]
    if not present:
        return InferredType(AttributeType.TEXT)
    for type_, fits in (
        (AttributeType.BOOLEAN, _looks_boolean),
        (AttributeType.NUMBER, lambda v: parse_number(v) is not None),
        (AttributeType.DATE, lambda v: parse_date(v) is not None),
    ):
        fitting = sum(1 for v in present if fits(v))
        if fitting == len(present) or (len(present) >= 3 and fitting >= TYPED_SHARE * len(present)):
            return InferredType(type_)
    categories = distinct_levels(present)
    few = len(categories) <= MAX_INFERRED_CATEGORIES and (
        len(present) <= 4 or len(categories) * 2 <= len(present)
    )
    if few and all(len(c) <= MAX_CATEGORY_LENGTH for c in categories):
        return InferredType(AttributeType.CATEGORICAL, categories)
    return InferredType(AttributeType.TEXT)


def _looks_boolean(raw: CellValue) -> bool:
    # 1/0 alone read as numbers; words and boolean cells make a yes/no column.
    if isinstance(raw, bool):
        return True
    return isinstance(raw, str) and raw.strip().casefold() in (TRUE_WORDS | FALSE_WORDS) - {
        "1",
        "0",
    }


def distinct_levels(values: Sequence[CellValue]) -> tuple[str, ...]:
    """The distinct values (letter case folded, first spelling kept), numbers in
    numeric order and text alphabetically."""
    spelling: dict[str, str] = {}
    for raw in values:
        if not is_empty(raw):
            text = as_text(raw)
            spelling.setdefault(text.casefold(), text)
    levels = list(spelling.values())
    if all(parse_number(level) is not None for level in levels):
        return tuple(sorted(levels, key=lambda level: parse_number(level) or 0.0))
    return tuple(sorted(levels, key=str.casefold))


# ---------------------------------------------------------------- pandas


@dataclass(frozen=True)
class AttributeColumn:
    """One attribute down a table or a listing: its canonical values, one per row
    (None: no value).

    ``name`` is the column's name (the attribute's, or ``"name (attribute)"``
    where that is taken by a fixed column); ``type`` and ``levels`` say how
    :func:`typed_series` types the column and :meth:`json_values` writes it.
    """

    name: str
    type: AttributeType
    levels: tuple[str, ...]
    values: Sequence[str | None]

    def json_values(self) -> list[Any]:
        """The values as JSON gets them: numbers as floats, dates as ISO
        date-times (midnight), booleans as booleans, categories outside the
        defined ones and missing values as None."""
        kind, values = self.type, self.values
        if kind is AttributeType.NUMBER:
            return [None if v is None else float(v) for v in values]
        if kind is AttributeType.DATE:
            return [
                None if v is None else datetime.datetime.fromisoformat(v).isoformat()
                for v in values
            ]
        if kind is AttributeType.BOOLEAN:
            return [None if v is None else v == "true" for v in values]
        if kind in (AttributeType.CATEGORICAL, AttributeType.ORDINAL):
            allowed = set(self.levels)
            return [v if v in allowed else None for v in values]
        return list(values)


def typed_series(
    type_: AttributeType, levels: Sequence[str], values: Sequence[str | None], name: str
) -> pd.Series[Any]:
    """Canonical values as a pandas column of the attribute's type.

    number → float64; date → datetime64; boolean → nullable ``boolean``;
    ordinal → ordered Categorical of the levels (lowest first); categorical
    → Categorical of the allowed values; text → strings. Missing values are
    NaN/NaT/<NA>.
    """
    import pandas as pd

    if type_ is AttributeType.NUMBER:
        return pd.Series(
            [float(v) if v is not None else math.nan for v in values], name=name, dtype="float64"
        )
    if type_ is AttributeType.DATE:
        days = [v if v is not None else "NaT" for v in values]
        return pd.Series(pd.to_datetime(days, format="ISO8601"), name=name)
    if type_ is AttributeType.BOOLEAN:
        flags = [None if v is None else v == "true" for v in values]
        return pd.Series(pd.array(flags, dtype="boolean"), name=name)
    if type_ in (AttributeType.CATEGORICAL, AttributeType.ORDINAL):
        categorical = pd.Categorical(
            list(values), categories=list(levels), ordered=type_ is AttributeType.ORDINAL
        )
        return pd.Series(categorical, name=name)
    return pd.Series(list(values), name=name, dtype=object)


def column_series(column: AttributeColumn) -> pd.Series[Any]:
    """``column`` as a typed pandas column (see :func:`typed_series`)."""
    return typed_series(column.type, column.levels, column.values, column.name)
