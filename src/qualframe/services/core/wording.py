"""Words in messages: counts with their nouns and text cut to fit, the same in
every area and at every edge."""

from __future__ import annotations

import re


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``"1 coding"``, ``"3 codings"``, ``"1,204 codings"``: a count (with thousands
    separators) and its noun, plural by ``s`` unless ``plural`` names the form
    (``counted(2, "memo link", "memo links")``, ``counted(2, "study", "studies")``)."""
    word = noun if number == 1 else (plural or noun + "s")
    return f"{number:,} {word}"


def one_line(text: str, limit: int) -> str:
    """``text`` on one line (white space collapsed), cut at a word to at most
    ``limit`` characters ending in "…" when it is longer: how a quote, a
    description or a turn's first words are shown in a message or a list.
    A single word longer than ``limit`` is cut inside."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "\u2026"


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key putting ``P2`` before ``P10`` (numbers compared as numbers, case
    ignored): how participants, cases and files are listed everywhere. Pure
    and light to import (a command line sorts files before it loads the ORM)."""
    parts = re.split(r"(\d+)", text.casefold())
    return tuple((0, int(p), "") if p.isdecimal() else (1, 0, p) for p in parts)
