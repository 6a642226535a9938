"""An edit form refused because the record changed since it was read: the
message a form page shows again with what the user typed.

The form comes back with the typed values and the version now stored, so
saving again is the user's informed choice to keep theirs ("keep mine");
leaving the form (Cancel) keeps the stored one ("take theirs"). The message
names the record and each field that differs, with its stored value, so the
user sees what they would replace.
"""

from __future__ import annotations

from collections.abc import Sequence

from qualframe.errors import StaleVersionError

#: The longest stored value quoted in the message (characters).
QUOTED_CHARACTERS = 200


def _quoted(text: str) -> str:
    if not text.strip():
        return "empty"
    cut = text if len(text) <= QUOTED_CHARACTERS else text[: QUOTED_CHARACTERS - 1] + "…"
    return f"“{cut}”"


class StaleEditChoice(StaleVersionError):
    """A refused stale edit told with the user's choice (its message from
    :func:`keep_or_take`); answered 409 like any :class:`StaleVersionError`."""

    def __init__(
        self, error: StaleVersionError, differing: Sequence[tuple[str, str]], save_button: str
    ) -> None:
        super().__init__(error.what, read=error.read, current=error.current)
        # The choice replaces the base message's "reload it and make your change again".
        self.args = (keep_or_take(error, differing, save_button),)


def keep_or_take(
    error: StaleVersionError, differing: Sequence[tuple[str, str]], save_button: str
) -> str:
    """The message of a refused stale edit: ``error`` names the record and its
    versions; ``differing`` lists (field, stored text) for each field whose
    stored value is not what the user typed; ``save_button`` is the form's save
    button as labelled ("Save the memo"). Reads nothing."""
    what = error.what[:1].upper() + error.what[1:]
    now = f" (it is now at version {error.current})" if error.current is not None else ""
    stored = "; ".join(f"{name} is {_quoted(text)}" for name, text in differing)
    return (
        f"{what} was changed by someone else since you read it{now}; nothing was saved."
        + (f" Stored now: {stored}." if stored else "")
        + f" Your edit is kept below: press “{save_button}” to save yours in its place,"
        " or Cancel to keep theirs."
    )
