"""Words in messages: counts with their nouns, the same in every area and at every edge."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``"1 coding"``, ``"3 codings"``, ``"1,204 codings"``: a count (with thousands
    separators) and its noun, plural by ``s`` unless ``plural`` names the form
    (``counted(2, "memo link", "memo links")``, ``counted(2, "study", "studies")``)."""
    word = noun if number == 1 else (plural or noun + "s")
    return f"{number:,} {word}"
